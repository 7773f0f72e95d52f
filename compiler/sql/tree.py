"""One walk of a parsed statement for everything the summary needs of it: each SELECT's own columns (those
whose nearest SELECT it is, not a nested query's), with the projection holding each, and the table and CTE
nodes. Breadth first, as sqlglot's ``find_all`` visits them, so every list is in ``find_all``'s order (a
subtree's nodes keep their breadth-first order within the whole tree's)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Walked:
    columns: dict[int, list[tuple[Any, int | None]]] = field(default_factory=dict)  # id(SELECT) -> its own
    # columns, each with the index of the projection (SELECT list entry) holding it, None outside the list
    sources: list[Any] = field(default_factory=list)  # Table and CTE nodes

    def own(self, select: Any) -> list[tuple[Any, int | None]]:
        return self.columns.get(id(select), [])


def walk(statement: Any, exp: Any) -> Walked:
    """The columns and sources of ``statement`` (a sqlglot expression; ``exp`` is sqlglot's expressions)."""
    out = Walked()
    column, select, table, cte = exp.Column, exp.Select, exp.Table, exp.CTE
    queue: deque[tuple[Any, Any, int | None]] = deque([(statement, None, None)])
    while queue:
        node, owner, at = queue.popleft()
        if isinstance(node, column):
            if owner is not None:
                out.columns.setdefault(id(owner), []).append((node, at))
        elif isinstance(node, (table, cte)):
            out.sources.append(node)
        if isinstance(node, select):
            index = {id(e): i for i, e in enumerate(node.expressions)}
            queue.extend((child, node, index.get(id(child))) for child in node.iter_expressions())
        else:
            queue.extend((child, owner, at) for child in node.iter_expressions())
    return out
