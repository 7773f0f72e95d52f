"""The fixes, by the code they answer: what ``dpc lint --fix`` applies and ``dpc rules``/``dpc explain`` call
fixable. A code is fixable for some of its findings only: those whose hint leaves no choice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from compiler.core.diagnostics import Diagnostic
from compiler.fix import keys, stackspec, version
from compiler.fix.edit import Fix
from compiler.fix.source import Source


@dataclass(frozen=True)
class Fixer:
    make: Callable[[Diagnostic, Source], Fix | None]
    summary: str  # what the fix does, for ``dpc explain``


FIXERS: dict[str, Fixer] = {
    "S002": Fixer(version.correct, "sets `version` to the type's current version"),
    "S003": Fixer(version.add, "adds a missing `version` (the type's current version) after `name`; "
                               "other missing fields are not fixed"),
    "S006": Fixer(keys.suggested, "renames the key to the suggestion when there is exactly one and the "
                                  "mapping does not have it yet"),
    "S010": Fixer(stackspec.legacy, "renames the legacy stack-named key (`flare:`) to `stackSpec:`"),
}
