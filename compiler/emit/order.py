"""Which resource must be applied before which: the one dependency graph, then a stable order.

Edges (``a`` depends on ``b``) are those of :func:`compiler.resolve.depgraph.dependencies`: the
resolver's references between the given nodes, the datasets a node reads that another writes, and a
data product scanner after the data products. The order is the one topological sort of
:mod:`compiler.resolve.depgraph`, always taking the ready node of the lowest ``(rank of its type, type,
name)``, so it is stable whatever order files were found in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.core.kinds import Scope
from compiler.load.yamlload import Document
from compiler.model import Resource
from compiler.project.platform import Platform
from compiler.resolve.depgraph import dependencies, rank, toposort
from compiler.resolve.index import Item, of_items
from compiler.schema.catalog import Catalog


@dataclass(frozen=True)
class Node:
    key: str  # unique among the nodes
    type: str
    name: str
    data: Any

    @property
    def priority(self) -> tuple:
        return (rank(self.type), self.type, self.name, self.key)


def _item(node: Node, scopes: dict[str, Scope]) -> Item:
    """``node`` as the resolver's index holds a resource; its key is its identity (type:version:name[:ws])."""
    parts = node.key.split(":")
    version, workspace = (parts[1] if len(parts) > 1 else ""), (parts[3] if len(parts) > 3 else None)
    document = Document(node.key, 0, node.data, {}, {})  # positions are not needed to order
    return Item(Resource(node.type, version, node.name, scopes.get(node.type, "workspace"), document, None),
                workspace, Path(node.key))


def edges(nodes: list[Node], catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Node key -> the keys it depends on, sorted: :func:`compiler.resolve.depgraph.dependencies`."""
    scopes = {name: info.scope for name, info in catalog.types.items()}
    items = [_item(n, scopes) for n in nodes]
    deps = dependencies(of_items(items, Platform((), "")), scopes)
    return {n.key: tuple(sorted(deps.get(i.identity, set()) & {m.key for m in nodes} - {n.key}))
            for n, i in zip(nodes, items, strict=True)}


def order(nodes: list[Node], deps: dict[str, tuple[str, ...]]) -> tuple[list[Node], list[Node]]:
    """The nodes in apply order, and the nodes caught in a cycle (placed last, by priority)."""
    by_key = {n.key: n for n in nodes}
    ordered, stuck = toposort(by_key, deps, lambda k: by_key[k].priority)
    return [by_key[k] for k in ordered], [by_key[k] for k in stuck]
