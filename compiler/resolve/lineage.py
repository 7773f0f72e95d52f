"""Lineage between products: which product's outputs feed which product's inputs.

A product *produces* the datasets its jobs write and its data product spec declares as
outputs; it *consumes* the datasets its jobs read and its spec declares as inputs. An input in
a collection that products of the repository write, but that none of them writes, is reported
(R014): usually a typo, or an output renamed upstream. Products feeding each other in a circle
are a cycle (R006).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from compiler.core.diagnostics import Position
from compiler.core.suggest import did_you_mean
from compiler.resolve import cycles
from compiler.resolve.datasets import DECLARED_IN, Access, Table
from compiler.resolve.findings import Finding, finding
from compiler.resolve.index import Index, Item


@dataclass(frozen=True, order=True)
class Link:
    producer: str
    consumer: str
    table: Table

    @property
    def dataset(self) -> str:
        return "dataset:" + ":".join(self.table)


@dataclass(frozen=True)
class Use:
    table: Table
    product: str | None
    position: Position
    declared: bool  # a data product input (else a job's read)


def uses(index: Index) -> list[Use]:
    """Every dataset read with its place, worked out once per index (``index.memo["uses"]``: an incremental
    run's index brings them kept, compiler/resolve/incremental.py)."""
    known = index.memo.get("uses")
    if known is None:
        known = index.memo["uses"] = [use_of(i, a) for i, a in index.reads]
    return list(known)


def use_of(item: Item, access: Access) -> Use:
    """A dataset read (a job's input, a data product's declared input) with its place."""
    return Use(access.table, item.resource.product, item.resource.document.position(access.path),
               access.mode == DECLARED_IN)


def producers(index: Index) -> dict[Table, set[str]]:
    out: dict[Table, set[str]] = defaultdict(set)
    for w in index.writes:
        if w.product is not None:
            out[w.table].add(w.product)
    return out


def links(index: Index) -> list[Link]:
    made = producers(index)
    found = {Link(p, u.product, u.table) for u in uses(index) if u.product is not None
             for p in made.get(u.table, ()) if p != u.product}
    return sorted(found)


def unprovided(index: Index, isolated: frozenset[str]) -> Iterator[Finding]:
    """Inputs in a collection that *other* products write (and the reader does not), missing there."""
    written = {w.table for w in index.writes}
    by_collection: dict[tuple[str, str], set[str]] = defaultdict(set)
    writers: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    for w in index.writes:
        by_collection[w.table[:2]].add(w.table[2])
        writers[w.table[:2]].add(w.product)
    seen: set[tuple] = set()
    for u in uses(index):
        owners = writers.get(u.table[:2], set())
        if u.table in written or not owners or u.product in owners or u.position.path in isolated:
            continue
        key = (u.position, u.table)
        if key in seen:
            continue
        seen.add(key)
        depot, collection, dataset = u.table
        known = sorted(by_collection[u.table[:2]])
        what = "data product input" if u.declared else "job input"
        yield finding("R014", u.position, f"{what} {depot}:{collection}/{dataset} is written by no product, "
                      f"although {_who(owners)} {depot}:{collection} ({', '.join(known)})"
                      + did_you_mean(dataset, known), "fix the dataset name, or add the job that writes it")


def _who(owners: set[str | None]) -> str:
    names = sorted(f"'{o}'" for o in owners if o)
    return f"product {names[0]} writes" if len(names) == 1 else f"products {', '.join(names)} write"


def lineage_cycles(index: Index) -> Iterator[Finding]:
    graph: dict[str, list[str]] = defaultdict(list)
    for link in links(index):
        graph[link.producer].append(link.consumer)
    first_use: dict[tuple[str, str], Position] = {}
    made = producers(index)
    for u in sorted(uses(index), key=lambda u: u.position):
        for p in made.get(u.table, ()):
            if u.product is not None and p != u.product:
                first_use.setdefault((p, u.product), u.position)
    yield from cycles.report(dict(graph), "products feeding each other's inputs",
                             lambda a, b: first_use.get((a, b)),
                             lambda cyc: tuple(first_use[(a, b)].path for a, b in pairwise(cyc)
                                               if (a, b) in first_use))
