"""A diagnostic code's record, the severities and the stage letters.

A code is a letter for the stage that finds it and three digits:
Y (YAML), S (schema), R (references), P (product rules), T (templates and build),
G (git and diff), Q (SQL). Codes are never reused; a renamed rule keeps its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core.severity import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

STAGES = {
    "Y": "YAML well-formedness",
    "S": "schema",
    "R": "references",
    "P": "product rules",
    "T": "templates and build",
    "G": "git and diff",
    "Q": "SQL",
    "B": "breaking changes",
}


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    summary: str
    explanation: str
    bad: str = ""
    good: str = ""
