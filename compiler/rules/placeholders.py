"""P001: the DataOS docs' fill-in markers left in a manifest.

``${{...}}`` is flagged everywhere. Lowercase ``${name}`` and ``<name>`` are flagged except in
fields whose values are code for another engine (SQL, PromQL, Go or Liquid templates), where
``<`` and ``${`` have meanings of their own. ``${UPPER_SNAKE}`` is a real dataos-ctl
environment reference and ``${! ...}`` is Bento's interpolation: both are left alone.
"""

from __future__ import annotations

import re

from compiler.core.diagnostics import Diagnostic
from compiler.core.walk import strings
from compiler.load.origin import AnyDocument

DOUBLE = re.compile(r"\$\{\{[^}]*\}\}")
LOWER = re.compile(r"\$\{[a-z][a-zA-Z0-9_.\- ]*\}")
ANGLE = re.compile(r"<[a-z][a-z0-9]*(?:[_\- ][a-z0-9]+)+>|<(?:name|value|workspace|username|password|"
                   r"depot|collection|dataset|secret|owner|tenant|user|host|port|database|table)>")
CODE_FIELDS = frozenset({"sql", "query", "ql", "bodyTemplate", "init", "includesInline", "commands",
                         "functions", "checks", "valueJqFilter", "expression", "pipeline"})


def check(doc: AnyDocument) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for path, text in strings(doc.data):
        if "$" not in text and "<" not in text:
            continue
        in_code = any(isinstance(k, str) and k in CODE_FIELDS for k in path)
        found = DOUBLE.findall(text)
        if not in_code:
            found += LOWER.findall(text) + ANGLE.findall(text)
        for marker in found:
            out.append(Diagnostic.of("P001", f"unfilled placeholder {marker}: replace it with a real value",
                                     doc.position(path),
                                     "the DataOS docs mark values to fill in this way; environment references that "
                                     "dataos-ctl fills in are written ${UPPER_SNAKE_CASE}"))
    return out
