"""Every diagnostic code dpc can emit, in one table gathered from one module per family.

A code is a letter for the stage that finds it and three digits (see ``rule.STAGES``).
Codes are never reused; a renamed rule keeps its code. A new code goes in its family's module.
"""

from __future__ import annotations

from compiler.core.codes import breaking, build, git, product, references, schedules, schema, sql, yaml
from compiler.core.codes.rule import STAGES, Rule

__all__ = ["DOCS_URL", "RULES", "SECURITY_SEVERITY", "STAGES", "Rule", "help_uri", "markdown", "rule"]

RULES: dict[str, Rule] = {
    r.code: r
    for r in (*yaml.RULES, *schema.RULES, *references.RULES, *product.RULES, *schedules.RULES, *build.RULES,
              *git.RULES, *sql.RULES, *breaking.RULES)
}


def rule(code: str) -> Rule:
    return RULES[code]


# Rules about leaked credentials, with GitHub code scanning's security-severity (0-10): a committed password or
# key is exploitable as soon as the repository is readable (critical); dataos-ctl's folder holds API keys (high).
SECURITY_SEVERITY: dict[str, str] = {"P005": "9.0", "P006": "9.0", "P007": "8.0", "P009": "9.0"}

# Where each code's explanation is published: docs/CODES.md, written from this table (tests keep it in step).
DOCS_URL = "https://github.com/your-org/dpc/blob/main/docs/CODES.md"


def help_uri(code: str) -> str:
    return f"{DOCS_URL}#{code.lower()}"


def markdown() -> str:
    """docs/CODES.md: every code with its explanation, as ``dpc explain`` prints it."""
    out = ["# Diagnostic codes", "", "Written from `compiler/core/codes/`; `dpc explain CODE` prints the same text.",
           ""]
    for r in RULES.values():
        out += [f"## {r.code}", "", f"**{r.slug}** ({r.severity.label}, stage: {STAGES[r.code[0]]}): {r.summary}.",
                "", r.explanation, ""]
        for title, text in (("Bad", r.bad), ("Good", r.good)):
            if text:
                out += [f"{title}:", "", "```yaml", text.rstrip("\n"), "```", ""]
    return "\n".join(out)
