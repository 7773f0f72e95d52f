"""Which other products feel the change: they read a dataset whose writer changed, or that nothing writes any more.

The datasets each product writes and reads come from the reference resolver's lineage
(:mod:`compiler.resolve.lineage`), computed on the head's repository; the base's tells which
datasets were written before. A reader inside the producing product itself is not an impact.
"""

from __future__ import annotations

from compiler.diff.baseindex import BaseIndex
from compiler.diff.model import CHANGED, Change, Impact, split_identity
from compiler.load import fs
from compiler.model import Repository
from compiler.project import platform as platform_mod
from compiler.resolve import index as index_mod
from compiler.resolve import lineage
from compiler.resolve.index import Index
from compiler.schema.catalog import Catalog


def index(repo: Repository, catalog: Catalog, side: fs.FileSystem) -> Index:
    with fs.use(side):
        return index_mod.build(repo, platform_mod.load(repo.root, "", None, catalog, False))


def links(head: Index | None) -> list[tuple[str, str]]:
    """(producer, reader) product pairs."""
    return [(link.producer, link.consumer) for link in lineage.links(head)] if head else []


def readers(head: Index, producers: set[str]) -> set[str]:
    """Products reading a dataset one of ``producers`` writes."""
    return {consumer for producer, consumer in links(head) if producer in producers}


def _type_name(identity: str) -> tuple[str, str]:
    kind, _, name, _ = split_identity(identity)
    return kind, name


def _writer(identity: str) -> str:
    return " ".join(_type_name(identity))


def impacts(changes: list[Change], head: Index | None, base: BaseIndex | None) -> list[Impact]:
    changed = {(c.manifest.type, c.manifest.name) for c in changes if c.status == CHANGED}
    touched = {c.product for c in changes if c.status != "unchanged"}
    found: set[Impact] = set()
    readers = lineage.uses(head) if head else []
    for w in head.writes if head else ():
        if w.product in touched and _type_name(w.writer) in changed:
            found.update(Impact(u.product, "dataset:" + ":".join(w.table), w.product, _writer(w.writer), "changed")
                         for u in readers if u.table == w.table and u.product and u.product != w.product)
    still = {w.table for w in head.writes} if head else set()
    for w in base.writes if base else ():
        if w.product in touched and w.table not in still:
            found.update(Impact(u.product, "dataset:" + ":".join(w.table), w.product, _writer(w.writer), "removed")
                         for u in readers if u.table == w.table and u.product and u.product != w.product)
    return sorted(found, key=lambda i: (i.product, i.dataset, i.producer, i.writer, i.how))
