"""``--statistics``: how many findings of each code, most frequent first (as ``ruff --statistics``)."""

from __future__ import annotations

from collections import Counter

from compiler.core.codes import RULES
from compiler.core.diagnostics import Result


def render(result: Result) -> str:
    counts = Counter(d.code for d in result.diagnostics)
    if not counts:
        return ""
    width = len(str(max(counts.values())))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(f"{n:>{width}}  {code}  {RULES[code].severity.label:<7}  {RULES[code].slug}\n" for code, n in rows)
