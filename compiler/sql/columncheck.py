"""Columns named but not written: a Soda check (Q010), a data policy (Q011) or a Flare step's SQL in
another job (Q012) naming a column of a dataset whose producing job, as far as its SQL shows,
does not write it. Nothing is reported where the producer's columns cannot be known."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from compiler.core.diagnostics import Diagnostic, Position
from compiler.core.suggest import did_you_mean
from compiler.model import Repository
from compiler.resolve.datasets import Table
from compiler.sql.columns import Lineage, Output
from compiler.sql.sources import Sources
from compiler.sql.uses import Use, uses

HINT = "fix the column name, or make the producing job's SQL write the column"


def name(table: Table) -> str:
    return f"{table[0]}:{table[1]}/{table[2]}"


def _writer(out: Output) -> str:
    who = f"workflow '{out.writer.split(':', 1)[1]}'"
    return f"{who} of product '{out.product}'" if out.product else who


def suggest(column: str, written: tuple[str, ...]) -> str:
    """Did-you-mean among the written columns; else those holding the word as a part (a renamed
    column often gains a prefix: email -> customer_email)."""
    close = did_you_mean(column, written)
    parts = [c for c in written if column in c.split("_") and c != column][:3]
    return close or ("; did you mean " + " or ".join(f"'{c}'" for c in parts) + "?" if parts else "")


def _finding(code: str, reader: str, table: Table, column: str, out: Output, at: Position) -> Diagnostic:
    written = out.columns or ()
    return Diagnostic.of(code, f"{reader} names column '{column}' of {name(table)}, which {_writer(out)} does not "
                         f"write{suggest(column, written)}", at, HINT, (out.position,))


def all_uses(repo: Repository, sources: Sources, found: Lineage) -> Iterator[Use]:
    """Every dataset column named in the repository: by Soda checks, policies and (Q012) the SQL of a job
    reading another job's output."""
    for resource in repo.resources():
        yield from uses(resource, sources.file_text(resource.document.path))
    for u in found.uses:
        out = found.outputs.get(u.table)
        if out is not None and out.writer != u.reader:
            yield Use(u.table, u.column, u.product, "SQL of workflow '" + u.reader.split(":", 1)[1] + "'", "Q012",
                      partial(u.sql.position, u.offset), u.reader, u.manifest)


def check(repo: Repository, sources: Sources, found: Lineage) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for u in all_uses(repo, sources, found):
        producer = found.outputs.get(u.table)
        if producer is None or producer.columns is None or not repo.in_scope(u.manifest or u.position.path):
            continue
        if u.column not in producer.columns:
            out.append(_finding(u.code, u.reader, u.table, u.column, producer, u.position))
    return out
