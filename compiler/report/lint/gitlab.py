"""GitLab Code Quality: the JSON array a merge request's Code Quality widget reads (``artifacts:reports:codequality``).

Each finding becomes ``{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}``
with the path from the repository root. The fingerprint (sha256 of the code, the path, the message and how
many identical findings came before it in the file) stays the same when lines move, so GitLab shows a
finding as new only when it is.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from compiler.core.codes import SECURITY_SEVERITY
from compiler.core.diagnostics import Result, Severity

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
SECURITY = "critical"  # a committed credential


def render(result: Result, colour: bool = False) -> str:
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for d in result.diagnostics:
        path = result.repo_path(d.position.path)
        key = (d.code, path, d.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        description = f"{d.code} {d.message}" + (f" (hint: {d.hint})" if d.hint else "")
        issues.append({
            "description": description,
            "check_name": d.code,
            "fingerprint": digest,
            "severity": SECURITY if d.code in SECURITY_SEVERITY else SEVERITIES[d.severity],
            "location": {"path": path, "lines": {"begin": d.position.line}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
