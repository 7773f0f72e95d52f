"""The tables a parsed SQL statement reads, apart from its own CTEs, with their offsets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Read:
    name: str  # as written: 'orders', or 'lakehouse.sales.orders' for a qualified name
    qualified: bool
    start: int  # offsets in the parsed text
    end: int


def _span(parts: list[Any]) -> tuple[int, int] | None:
    metas = [p.meta for p in parts if p is not None and "start" in getattr(p, "meta", {})]
    if not metas:
        return None
    return min(m["start"] for m in metas), max(m["end"] for m in metas) + 1


def references(nodes: list[Any], exp: Any) -> list[Read]:
    """Each table reference among ``nodes`` (the Table and CTE nodes of one statement, as
    :func:`compiler.sql.tree.walk` lists them) that no CTE of the statement defines, in the order
    written. Table functions (range(10), explode(...)) are not reads."""
    ctes = {c.alias_or_name.lower() for c in nodes if isinstance(c, exp.CTE)}
    found = []
    for table in nodes:
        if not isinstance(table, exp.Table) or not isinstance(table.this, exp.Identifier):
            continue
        parts = [table.args.get("catalog"), table.args.get("db"), table.this]
        written = [p.name for p in parts if p is not None and p.name]
        qualified = len(written) > 1
        if not qualified and table.name.lower() in ctes:
            continue
        span = _span(parts)
        if span is not None:
            found.append(Read(".".join(written), qualified, *span))
    return sorted(found, key=lambda r: r.start)
