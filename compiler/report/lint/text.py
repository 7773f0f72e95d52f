"""``path:line:col: severity CODE message`` lines, each followed by its hint.

Root causes come first: the findings about a file itself (YAML, schema, product rules, templates: Y, S,
P, T) in position order, then the references (R), which often follow from them (a manifest that does
not parse defines nothing another file can use).

Everything a finding holds may come from a hostile pull request (a folder name, a key, a
value quoted in a message), so it is printed through :func:`printable`: a control character
(``\x1b`` starts terminal escape sequences, a newline would start a line of its own) is shown
as its escape, never written raw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from compiler.core.diagnostics import Diagnostic, Result, Severity
from compiler.core.words import plural

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET, _DIM = "\x1b[0m", "\x1b[2m"


CONSEQUENCES = frozenset("R")


def root_causes_first(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Y, S, P, T and G findings, then R findings, each group in the order given (a stable sort)."""
    return sorted(diagnostics, key=lambda d: d.code[:1] in CONSEQUENCES)


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character (and line separator) but those in ``keep`` written as its escape."""
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def line(d: Diagnostic) -> str:
    """``path:line:col: severity CODE message``, printable."""
    return printable(f"{d.position}: {d.severity.label} {d.code} {d.message}")


def render(result: Result, colour: bool = False) -> str:
    lines = []
    for d in root_causes_first(result.diagnostics):
        sev = d.severity.label
        if colour:
            sev = f"{_COLOURS[d.severity]}{sev}{_RESET}"
        lines.append(printable(f"{d.position}: ") + f"{sev} " + printable(f"{d.code} {d.message}"))
        if d.hint:
            lines.append(f"  {_DIM if colour else ''}hint: {printable(d.hint)}{_RESET if colour else ''}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(result: Result) -> str:
    """One line for stderr, so stdout stays the findings alone."""
    files = plural(result.files_checked, "file")
    kept = (f"; {plural(len(result.baselined), 'baselined finding')} remain"
            f"{'s' if len(result.baselined) == 1 else ''} ({result.baseline or '.dpc-baseline.json'})"
            if result.baselined else "")
    if not result.diagnostics:
        return f"dpc: {files} checked, no findings{kept}"
    parts = [plural(result.count(s), s.label) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
             if result.count(s)]
    return f"dpc: {', '.join(parts)} in {files} checked{kept}"
