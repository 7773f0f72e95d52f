"""The one dependency graph and its order: a rank table of resource types and one stable topological sort.

:func:`dependencies` is the graph: the resolver's own edges (:mod:`compiler.resolve.edges`, each
reference resolved by :func:`compiler.resolve.lookup.find` to another resource) plus the datasets
(:mod:`compiler.resolve.datasets`): a resource reading a dataset depends on the resources writing it,
whatever keys write it (flare ``outputs``, nilus ``sink``...), and a data product scanner depends on the
data products it scans. No dependency is guessed from a key's name here.

Build order (:mod:`compiler.emit.order`: the manifests of a product and a bundle's
``dependencies``) and the diff's apply plan (:mod:`compiler.diff.plan`: resources across
products, products after the products whose datasets they read) both sort with :func:`toposort`
and break ties with :data:`RANK`, so the two never disagree about what comes first.

:func:`toposort` is Kahn's algorithm that always takes the ready node of the lowest priority, so
its result depends only on the nodes, their dependencies and their priorities, never on the order
they were found in. Nodes caught in a cycle come last, by priority, and are returned apart.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from compiler.core.kinds import Scope
from compiler.resolve import edges, lookup
from compiler.resolve.datasets import DECLARED_IN, READ, accesses, specs, stack_name, stack_spec
from compiler.resolve.findings import Reference
from compiler.resolve.index import Index, Item

K = TypeVar("K", bound=Hashable)

# what DataOS needs first: credentials, then what runs things, where data lives, what reads and
# writes it, what governs and serves it, what watches it; a bundle after its members; the data
# product spec after its bundle; a data product scanner after the data product it scans
RANK: dict[str, int] = {
    "instance-secret": 0, "secret": 1, "compute": 2, "stack": 2, "operator": 2, "depot": 3, "volume": 4,
    "cluster": 4, "database": 5, "lakehouse": 5, "resource": 5, "workflow": 6, "worker": 6, "service": 6,
    "grant": 7, "policy": 7, "lens": 8, "monitor": 9, "pager": 10, "bundle": 11, "data": 12,
}
OTHER_RANK = 6  # a type the table does not name: with the workloads
SCANNER_RANK = 13  # a data product scanner workflow: after the data product


def rank(kind: str, scanner: bool = False) -> int:
    return SCANNER_RANK if scanner else RANK.get(kind, OTHER_RANK)


def toposort(keys: Iterable[K], deps: Mapping[K, Iterable[K]],
             priority: Callable[[K], Any]) -> tuple[list[K], list[K]]:
    """``keys`` in dependency order (each after what it depends on), and those caught in a cycle (also
    at the end of the first list, by priority). Dependencies on keys not given are ignored."""
    nodes = sorted(set(keys), key=priority)
    known = set(nodes)
    waiting = {k: set(deps.get(k, ())) & known - {k} for k in nodes}
    users: dict[K, list[K]] = {}
    for k in nodes:
        for d in waiting[k]:
            users.setdefault(d, []).append(k)
    ready = [(priority(k), i, k) for i, k in enumerate(nodes) if not waiting[k]]
    heapq.heapify(ready)
    done: list[K] = []
    index = {k: i for i, k in enumerate(nodes)}
    while ready:
        key = heapq.heappop(ready)[-1]
        done.append(key)
        for user in users.get(key, ()):
            waiting[user].discard(key)
            if not waiting[user]:
                heapq.heappush(ready, (priority(user), index[user], user))
    placed = set(done)
    stuck = [k for k in nodes if k not in placed]
    return done + stuck, stuck


def ranks(keys: Iterable[K], deps: Mapping[K, Iterable[K]], priority: Callable[[K], Any]) -> dict[K, int]:
    """Position of each key in :func:`toposort`'s order: the rank table a sort key reads."""
    ordered, _ = toposort(keys, deps, priority)
    return {k: i for i, k in enumerate(ordered)}


def product_ranks(links: Iterable[tuple[str, str]], products: Iterable[str]) -> dict[str, int]:
    """Rank of each product: producers before their readers ((producer, reader) links), then by name."""
    deps: dict[str, set[str]] = {}
    for producer, reader in links:
        deps.setdefault(reader, set()).add(producer)
    return ranks(products, deps, lambda p: p)


def _scans_products(item: Item) -> bool:
    """A scanner job of ``type: data-product``: it scans the data products, so it comes after them."""
    return any(stack_name(spec) == "scanner" and stack_spec(spec)[1].get("type") == "data-product"
               for _, spec in specs(item.resource))


def dependencies(index: Index, scopes: dict[str, Scope]) -> dict[str, set[str]]:
    """Identity -> the identities (of ``index``'s resources) it depends on, never itself."""
    out: dict[str, set[str]] = {i.identity: set() for i in index.items}
    for found in edges.extract(index, scopes):
        if isinstance(found, Reference) and found.kind not in ("file", "dir"):
            target = lookup.find(index, found)
            if target is not None and target.resource in out:
                out[found.origin].add(target.resource)
    writers: dict[tuple[str, str, str], set[str]] = {}
    for w in index.writes:
        if not w.declared:
            writers.setdefault(w.table, set()).add(w.writer)
    for item in index.items:
        for a in accesses(item.resource):
            if a.mode in (READ, DECLARED_IN):
                out[item.identity] |= writers.get(a.table, set())
    products = {i.identity for i in index.items if i.resource.type == "data"}
    for item in index.items:
        if products and _scans_products(item):
            out[item.identity] |= products
    for identity, deps in out.items():
        deps.discard(identity)
    return out
