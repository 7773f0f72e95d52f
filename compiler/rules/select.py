"""``--select`` / ``--ignore``: which codes a run reports, as ruff and cfn-lint take them.

An entry is a code (``S006``), a family letter (``S``) or any prefix of a code (``S00``); entries are
comma-separated and the options repeat. ``--select`` keeps only the codes it names (all when empty);
``--ignore`` then drops codes, and the longer matching entry wins when both name a code
(``--select S --ignore S006`` keeps every S code but S006; ``--ignore S --select S006`` keeps S006).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compiler.core.codes import RULES
from compiler.core.diagnostics import Diagnostic
from compiler.core.suggest import did_you_mean


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def keeps(self, code: str) -> bool:
        chosen = max((len(e) for e in self.select if code.startswith(e)), default=None)
        if self.select and chosen is None:
            return False
        dropped = max((len(e) for e in self.ignore if code.startswith(e)), default=None)
        return dropped is None or (chosen is not None and chosen > dropped)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return tuple(d for d in diagnostics if self.keeps(d.code))


def entries(values: Iterable[str]) -> tuple[str, ...]:
    """``("S006,P", "R001")`` -> ``("S006", "P", "R001")``, upper-cased."""
    return tuple(e.strip().upper() for v in values for e in v.split(",") if e.strip())


def unknown(values: Iterable[str]) -> str | None:
    """A message for the first entry that is no code and no prefix of one, else None."""
    for entry in values:
        if not any(code.startswith(entry) for code in RULES):
            return f"no code starts with '{entry}'{did_you_mean(entry, RULES)} ('dpc rules' lists them all)"
    return None
