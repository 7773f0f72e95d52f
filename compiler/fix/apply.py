"""The fixes of one file's text: each finding's fix made, those that touch another dropped, the rest applied,
and the result checked to compose into as many documents as before (else nothing is applied)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compiler.core.diagnostics import Diagnostic
from compiler.fix.edit import Fix, splice
from compiler.fix.registry import FIXERS
from compiler.fix.source import BOM, compose, parse


@dataclass(frozen=True)
class Fixed:
    text: str  # the whole new text (the same text when nothing applied)
    applied: tuple[Diagnostic, ...]  # the findings fixed


def fixable(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code in FIXERS]


def _alone(fixes: list[Fix]) -> list[Fix]:
    """The fixes that share no character and no claim with another; one fix for each distinct edit."""
    unique: dict[tuple[int, int, str], Fix] = {}
    for f in fixes:
        unique.setdefault((f.edit.start, f.edit.end, f.edit.new), f)
    kept = list(unique.values())
    return [f for f in kept if not any(g is not f and (g.edit.touches(f.edit) or g.claims & f.claims)
                                       for g in kept)]


def fix_text(text: str, diagnostics: Iterable[Diagnostic]) -> Fixed:
    """``text`` (a file's whole text, a byte-order mark allowed) with the findings' fixes applied."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom):]
    wanted = fixable(diagnostics)
    source = parse(body) if wanted else None
    if source is None:
        return Fixed(text, ())
    made = [f for f in (FIXERS[d.code].make(d, source) for d in sorted(wanted, key=Diagnostic.sort_key)) if f]
    kept = _alone(made)
    if not kept:
        return Fixed(text, ())
    after = splice(body, [f.edit for f in kept])
    composed = compose(after)
    if composed is None or len(composed) != source.documents:
        return Fixed(text, ())
    edits = {(f.edit.start, f.edit.end, f.edit.new) for f in kept}
    applied = tuple(f.diagnostic for f in made if (f.edit.start, f.edit.end, f.edit.new) in edits)
    return Fixed(bom + after, applied)
