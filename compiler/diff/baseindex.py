"""What the diff needs of the base's reference index, without the base's resources.

The base's :class:`~compiler.resolve.index.Index` holds every resource of the base's repository;
the diff reads only the datasets the base writes (impacts, B001), the names each resource defines
(G010), and where the first resource of each writer's identity writes each of its datasets (B001's
line in the head). :func:`reduce` keeps those, so the base's repository can go before the head's is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core.walk import JsonPath
from compiler.resolve.datasets import WRITE, Table, accesses
from compiler.resolve.index import Definition, Index, Item, Write


@dataclass(frozen=True)
class BaseIndex:
    writes: tuple[Write, ...]
    definitions: dict[str, dict[str, tuple[Definition, ...]]]
    # writer identity -> dataset -> the path of its first write in the first resource of that identity
    writing: dict[str, dict[Table, JsonPath]]


def reduce(index: Index) -> BaseIndex:
    writers = {w.writer for w in index.writes}
    first: dict[str, Item] = {}
    for item in index.items:
        if item.identity in writers:
            first.setdefault(item.identity, item)
    writing: dict[str, dict[Table, JsonPath]] = {}
    for ident, item in first.items():
        paths = writing[ident] = {}
        for a in accesses(item.resource):
            if a.mode == WRITE:
                paths.setdefault(a.table, a.path)
    return BaseIndex(index.writes, index.definitions, writing)
