"""B001, B002: the head stops writing a dataset (B001) or a column of one (B002) that another product of
the repository reads. Each is reported at the line of the change in the head (the writer's output,
or the SQL of the sequence it writes; the base's line when the writer is gone), naming the readers.

Datasets come from the reference index of each side (:mod:`compiler.resolve.lineage`: Flare, Nilus
and Flash jobs); columns from the SQL of Flare jobs (:mod:`compiler.sql.columns`), and only where both
sides' columns are known. A column is read by Soda checks, policies and other jobs' SQL
(:func:`compiler.sql.columncheck.all_uses`).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from compiler.core.diagnostics import Position
from compiler.diff.baseindex import BaseIndex
from compiler.diff.model import Breaking
from compiler.load import fs
from compiler.model import Repository
from compiler.resolve import lineage
from compiler.resolve.datasets import Table
from compiler.resolve.index import Index, Write
from compiler.sql.columncheck import all_uses, name
from compiler.sql.columns import Lineage, Output
from compiler.sql.columns import lineage as column_lineage
from compiler.sql.shape import Columns
from compiler.sql.sources import Sources


@dataclass(frozen=True, order=True)
class _Found:
    position: Position
    code: str
    message: str
    consumers: tuple[str, ...]  # the reading products


def _who(products: set[str]) -> str:
    names = sorted(products)
    return ("product " if len(names) == 1 else "products ") + ", ".join(f"'{p}'" for p in names)


def _writer(identity: str) -> str:
    kind, _, rest = identity.partition(":")
    parts = rest.split(":")
    return f"{kind} '{parts[1] if len(parts) > 1 else rest}'"


@dataclass(frozen=True)
class Written:
    """What B002 needs of a dataset the base writes: its columns, and the SQL of the sequence writing it."""

    columns: Columns
    sql: str | None  # the masked SQL text (compiler.sql.sources.SqlText.masked)


def written(repo: Repository, side: fs.FileSystem) -> dict[Table, Written]:
    """The datasets the Flare jobs of ``repo`` (the base's) write, with ``side`` active."""
    with fs.use(side):
        found = column_lineage(repo, Sources(repo))
    return {table: Written(out.columns, out.sql.masked.text if out.sql is not None else None)
            for table, out in found.outputs.items()}


def _where(w: Write, base: BaseIndex, head: Index) -> Position:
    """The head's line of the write ``w`` of the base: the same place in the same resource, else the base's."""
    after = next((i for i in head.items if i.identity == w.writer), None)
    paths = base.writing.get(w.writer)
    if after is None or paths is None:
        return w.position
    return after.resource.document.position(paths.get(w.table, ()))


def datasets(base: BaseIndex, head: Index) -> list[_Found]:
    """B001: datasets a job of the base writes, no job of the head writes, and another product reads."""
    still = {w.table for w in head.writes if not w.declared}
    readers: dict[Table, set[str]] = defaultdict(set)
    for u in lineage.uses(head):
        if u.product:
            readers[u.table].add(u.product)
    out: dict[Table, _Found] = {}
    for w in sorted(base.writes, key=lambda w: (w.table, w.position)):
        others = readers.get(w.table, set()) - {w.product}
        if w.declared or w.table in still or not others or w.table in out:
            continue
        out[w.table] = _Found(_where(w, base, head), "B001", f"the change stops writing dataset {name(w.table)} "
                                f"(written by {_writer(w.writer)} at the base), which {_who(others)} "
                                f"{'reads' if len(others) == 1 else 'read'}", tuple(sorted(others)))
    return list(out.values())


def _changed_line(before: Written, after: Output) -> Position:
    """The first line of the head's SQL that differs from the base's (where a column was dropped), else
    the SQL's start, else the output."""
    if after.sql is None:
        return after.position
    if before.sql is not None:
        old, new = before.sql.splitlines(True), after.sql.masked.text.splitlines(True)
        for tag, _i1, _i2, j1, _j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag != "equal":
                return after.sql.position(sum(len(line) for line in new[:min(j1, max(len(new) - 1, 0))]))
    return after.sql.position(0)


def columns(base: dict[Table, Written], head: Lineage, head_repo: Repository, sources: Sources) -> list[_Found]:
    """B002: columns the base writes, the head (still writing the dataset) does not, and another product reads."""
    readers: dict[tuple[Table, str], set[str]] = defaultdict(set)
    for u in all_uses(head_repo, sources, head):
        if u.product:
            readers[(u.table, u.column)].add(u.product)
    out = []
    for table, before in sorted(base.items()):
        after = head.outputs.get(table)
        if after is None or before.columns is None or after.columns is None:
            continue
        for column in before.columns:
            others = readers.get((table, column), set()) - {after.product}
            if column in after.columns or not others:
                continue
            out.append(_Found(_changed_line(before, after), "B002", f"the change stops writing column "
                                f"'{column}' of {name(table)} ({_writer(after.writer)}), which {_who(others)} "
                                f"{'reads' if len(others) == 1 else 'read'}", tuple(sorted(others))))
    return out


def findings(before: dict[Table, Written] | None, head_repo: Repository | None, base: BaseIndex | None,
             head: Index | None, head_fs: fs.FileSystem) -> list[Breaking]:
    """Every B finding of the change, sorted by position: ``before`` is :func:`written` of the base."""
    if before is None or head_repo is None or base is None or head is None:
        return []
    with fs.use(head_fs):
        sources = Sources(head_repo)
        after = column_lineage(head_repo, sources)
        found = datasets(base, head) + columns(before, after, head_repo, sources)
    return [Breaking(str(f.position), f.code, f.message, f.consumers) for f in sorted(found)]
