"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, IDE viewers).

Every dpc rule is described once in ``tool.driver.rules`` (id, slug, summary, explanation and
examples as help); each finding is a result pointing at it by ``ruleId`` and ``ruleIndex``.
Paths are URIs relative to ``%SRCROOT%``, the repository root, from whatever folder dpc ran in (code
scanning matches them against the repository's files); each rule links its explanation (``helpUri``) and
credential rules carry GitHub's ``security-severity``; findings silenced inline or held by the baseline
are results with ``suppressions`` (``inSource``, ``external``); columns count Unicode code points, and nothing varies
between runs.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from compiler import __version__
from compiler.core.codes import RULES, SECURITY_SEVERITY, STAGES, Rule, help_uri
from compiler.core.diagnostics import Diagnostic, Position, Result, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
INDEX = {code: i for i, code in enumerate(RULES)}


def _example(title: str, text: str) -> tuple[str, str]:
    if not text:
        return "", ""
    body = text.rstrip("\n")
    indented = "\n".join("    " + line for line in body.splitlines())
    return f"\n\n{title}:\n{indented}", f"\n\n**{title}:**\n\n```yaml\n{body}\n```"


def _rule(r: Rule) -> dict:
    bad_text, bad_md = _example("Bad", r.bad)
    good_text, good_md = _example("Good", r.good)
    properties: dict = {"tags": [STAGES[r.code[0]]]}
    if r.code in SECURITY_SEVERITY:
        properties = {"tags": [STAGES[r.code[0]], "security"], "security-severity": SECURITY_SEVERITY[r.code]}
    return {
        "id": r.code,
        "name": r.slug,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.explanation},
        "helpUri": help_uri(r.code),
        "help": {"text": r.explanation + bad_text + good_text,
                 "markdown": r.explanation + bad_md + good_md},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": properties,
    }


def _location(p: Position, result: Result) -> dict:
    path = result.repo_path(p.path)
    if path.startswith("/"):
        artifact = {"uri": "file://" + quote(path)}
    else:
        artifact = {"uri": quote(path), "uriBaseId": "%SRCROOT%"}
    return {"physicalLocation": {"artifactLocation": artifact,
                                 "region": {"startLine": p.line, "startColumn": p.col}}}


def _result(d: Diagnostic, result: Result, state: str | None = None, suppression: dict | None = None) -> dict:
    text = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    out = {"ruleId": d.code, "ruleIndex": INDEX[d.code], "level": LEVELS[d.severity],
           "message": {"text": text}, "locations": [_location(d.position, result)]}
    if state is not None:  # a baseline is in use: "new" fails, "unchanged" is recorded in .dpc-baseline.json
        out["baselineState"] = state
    if suppression is not None:  # reported as suppressed, not dropped: code scanning closes it as such
        out["suppressions"] = [suppression]
    if d.related:
        out["relatedLocations"] = [{"id": i, **_location(p, result), "message": {"text": "also here"}}
                                   for i, p in enumerate(d.related, 1)]
    return out


def _results(result: Result) -> list[dict]:
    """Reported findings, baselined ones (``external`` suppressions, ``unchanged``) and those silenced inline
    (``inSource``, with the comment's reason and place), in one sorted list."""
    new = "new" if result.baseline is not None else None
    external = {"kind": "external", "justification": f"recorded in {result.baseline}"}
    rows: list[tuple[Diagnostic, str | None, dict | None]] = [(d, new, None) for d in result.diagnostics]
    rows += [(d, "unchanged", external) for d in result.baselined]
    for s in result.suppressed:
        inline = {"kind": "inSource", **({"justification": s.reason} if s.reason else {}),
                  "location": _location(s.at, result)}
        rows.append((s.diagnostic, None, inline))
    return [_result(d, result, state, why) for d, state, why in sorted(rows, key=lambda r: r[0].sort_key())]


def render(result: Result, colour: bool = False) -> str:
    invocation = {
        "executionSuccessful": not result.failures,
        "toolExecutionNotifications": [{"level": "error", "message": {"text": f}} for f in result.failures],
    }
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dpc",
                "fullName": "dpc, the DataOS data product compiler",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(r) for r in RULES.values()],
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": _results(result),
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
