"""``dpc explain`` and ``dpc rules``: the code registry as text (one code's page, the listing of a family)."""

from __future__ import annotations

from compiler.core.codes import RULES, STAGES
from compiler.core.suggest import did_you_mean
from compiler.fix.registry import FIXERS


def explain(code: str) -> tuple[str, str | None]:
    """The page of CODE (any case): what it means, why it matters, a bad and a good example; or an error
    message for the command line (unknown code)."""
    r = RULES.get(code.upper())
    if r is None:
        return "", f"unknown code '{code}'{did_you_mean(code.upper(), RULES)}; 'dpc rules' lists them all"
    out = [f"{r.code} {r.slug} ({r.severity.label}, stage: {STAGES[r.code[0]]})", "", r.summary + ".", "",
           r.explanation]
    if r.code in FIXERS:
        out += ["", f"Fixable: dpc lint --fix {FIXERS[r.code].summary}."]
    if r.bad:
        out += ["", "Bad:", *("    " + line for line in r.bad.rstrip("\n").splitlines())]
    if r.good:
        out += ["", "Good:", *("    " + line for line in r.good.rstrip("\n").splitlines())]
    return "\n".join(out), None


def rules(stage: str | None) -> tuple[list[str], str | None]:
    """One line per code (of STAGE's family when given) with its default severity, or an error message for
    the command line (unknown stage)."""
    if stage is not None and stage.upper() not in STAGES:
        stages = ", ".join(f"{k} ({v})" for k, v in STAGES.items())
        return [], f"unknown stage '{stage}'; stages: {stages}"
    out = []
    for r in RULES.values():
        if stage is None or r.code[0] == stage.upper():
            fixable = "  [fixable]" if r.code in FIXERS else ""  # by dpc lint --fix, where the hint leaves no choice
            out.append(f"{r.code}  {r.severity.label:<7}  {r.slug:<26}  {r.summary}{fixable}")
    return out, None
