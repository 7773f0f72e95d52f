"""A stable JSON document: ``{"version": 1, "summary": {...}, "diagnostics": [...]}``."""

from __future__ import annotations

import json

from compiler.core.codes import RULES
from compiler.core.diagnostics import Result, Severity


def render(result: Result, colour: bool = False) -> str:
    doc = {
        "version": 1,
        "summary": {
            "files": result.files_checked,
            "documents": result.documents_checked,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
        },
        "diagnostics": [
            {
                "path": d.position.path,
                "line": d.position.line,
                "col": d.position.col,
                "severity": d.severity.label,
                "code": d.code,
                "rule": RULES[d.code].slug,
                "message": d.message,
                "hint": d.hint,
                "related": [{"path": p.path, "line": p.line, "col": p.col} for p in d.related],
            }
            for d in result.diagnostics
        ],
        "failures": list(result.failures),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
