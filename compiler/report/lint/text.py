"""``path:line:col: severity CODE message`` lines, each followed by its hint."""

from __future__ import annotations

from compiler.core.diagnostics import Result, Severity

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET, _DIM = "\x1b[0m", "\x1b[2m"


def render(result: Result, colour: bool = False) -> str:
    lines = []
    for d in result.diagnostics:
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
    if not result.diagnostics:
        return f"dpc: {files} checked, no findings"
    parts = [_plural(result.count(s), s.label) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
             if result.count(s)]
    return f"dpc: {', '.join(parts)} in {files} checked"
