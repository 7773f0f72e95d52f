"""An edit (characters of a text replaced) and a fix (the finding it answers and its edits)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from compiler.core.diagnostics import Diagnostic


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``new`` (``start == end``: an insertion)."""

    start: int
    end: int
    new: str

    def touches(self, other: Edit) -> bool:
        """Whether the two edits overlap or meet: two insertions at one place, or an edge shared, count too."""
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class Fix:
    """The edit that answers one finding; ``claims`` are names the edit takes (a key in one mapping): two
    fixes claiming the same name (two keys renamed to one) are both dropped."""

    diagnostic: Diagnostic
    edit: Edit
    claims: frozenset[Hashable] = frozenset()


def splice(text: str, edits: list[Edit]) -> str:
    """``text`` with the edits (none touching another) applied."""
    out, at = [], 0
    for e in sorted(edits):
        out += [text[at:e.start], e.new]
        at = e.end
    return "".join(out) + text[at:]
