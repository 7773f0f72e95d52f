"""The tables a parsed SQL statement reads, apart from its own CTEs, with their offsets."""

from __future__ import annotations

from collections.abc import Iterator
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


def references(statements: tuple[Any, ...]) -> Iterator[Read]:
    """Each table reference of ``statements`` (sqlglot expressions) that no CTE of its statement
    defines, in the order written. Table functions (range(10), explode(...)) are not reads."""
    from sqlglot import exp  # parse.py imported sqlglot already; kept local so this module costs nothing

    for statement in statements:
        nodes = list(statement.find_all(exp.Table, exp.CTE))  # one walk of the tree for both
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
        yield from sorted(found, key=lambda r: r.start)
