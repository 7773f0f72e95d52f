"""``path:line:col: severity CODE message`` lines, each followed by its hint.

Root causes come first: the findings about a file itself (YAML, schema, product rules, templates: Y, S,
P, T) in position order, then the references (R), which often follow from them (a manifest that does
not parse defines nothing another file can use)."""

from __future__ import annotations

from collections.abc import Iterable

from compiler.core.diagnostics import Diagnostic, Result, Severity

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET, _DIM = "\x1b[0m", "\x1b[2m"


CONSEQUENCES = frozenset("R")


def root_causes_first(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Y, S, P, T and G findings, then R findings, each group in the order given (a stable sort)."""
    return sorted(diagnostics, key=lambda d: d.code[:1] in CONSEQUENCES)


def render(result: Result, colour: bool = False) -> str:
    lines = []
    for d in root_causes_first(result.diagnostics):
        sev = d.severity.label
        if colour:
            sev = f"{_COLOURS[d.severity]}{sev}{_RESET}"
        lines.append(f"{d.position}: {sev} {d.code} {d.message}")
        if d.hint:
            lines.append(f"  {_DIM if colour else ''}hint: {d.hint}{_RESET if colour else ''}")
    return "\n".join(lines) + ("\n" if lines else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: Result) -> str:
    """One line for stderr, so stdout stays the findings alone."""
    files = _plural(result.files_checked, "file")
    kept = (f"; {_plural(len(result.baselined), 'baselined finding')} remain"
            f"{'s' if len(result.baselined) == 1 else ''} ({result.baseline or '.dpc-baseline.json'})"
            if result.baselined else "")
    if not result.diagnostics:
        return f"dpc: {files} checked, no findings{kept}"
    parts = [_plural(result.count(s), s.label) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
             if result.count(s)]
    return f"dpc: {', '.join(parts)} in {files} checked{kept}"
