"""The columns each Flare job writes, per output dataset, and the dataset columns its SQL reads.

A sequence's columns are its SELECT list (:mod:`compiler.sql.shape`); an output writes the columns
of the sequence it names. A ``*`` over an input is known when another job of the repository
writes that input's dataset with known columns, so the jobs are evaluated again until nothing
changes (a few rounds: a chain of products is rarely deep). Where the columns cannot be known,
they are None and nothing is checked against them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from compiler.core.diagnostics import Position
from compiler.model import Repository, Resource
from compiler.resolve import forms
from compiler.resolve.datasets import Table, specs, stack_name, stack_spec
from compiler.resolve.edgekit import as_dict, as_list
from compiler.sql.parse import SPARK
from compiler.sql.shape import Columns, evaluate
from compiler.sql.sources import Sources, SqlText

ROUNDS = 4
DatasetColumn = tuple[Table, str]


@dataclass(frozen=True)
class Output:
    """A dataset a Flare job writes, with the columns it writes."""

    table: Table
    columns: Columns
    product: str | None
    writer: str  # "workflow:<name>"
    position: Position  # of the output's dataset address
    derived: dict[str, frozenset[DatasetColumn]] = field(default_factory=dict)  # column -> dataset columns
    sql: SqlText | None = None  # the SQL of the sequence it writes


@dataclass(frozen=True)
class SqlUse:
    """A column of a dataset that a Flare step's SQL reads (through the input that loads it)."""

    table: Table
    column: str
    product: str | None
    reader: str
    sql: SqlText  # the step's SQL, and the offset of the column in it: the position is worked out when asked
    offset: int
    manifest: str  # the display path of the job's manifest

    @property
    def position(self) -> Position:
        return self.sql.position(self.offset)


@dataclass(frozen=True)
class Job:
    resource: Resource
    inputs: dict[str, Table | None]  # lower-cased input name -> its dataset
    sequences: tuple[tuple[str, SqlText | None], ...]
    outputs: tuple[tuple[str, Table, tuple], ...]  # sequence name, dataset, path of the address


def jobs(repo: Repository, sources: Sources) -> Iterator[Job]:
    for resource in repo.resources():
        if resource.type != "workflow":
            continue
        doc = resource.document
        for at, spec in specs(resource):
            if stack_name(spec) != "flare":
                continue
            key, section = stack_spec(spec)
            base = at + key + ("job",)
            job = as_dict(section.get("job"))
            inputs = {str(e["name"]).lower(): forms.table_of(forms.parse_udl(e.get("dataset")))
                      for e in map(as_dict, as_list(job.get("inputs"))) if isinstance(e.get("name"), str)}
            seqs = tuple((str(q["name"]).lower(), sources.at(doc, base + ("steps", s, "sequence", k), SPARK))
                         for s, step in enumerate(as_list(job.get("steps")))
                         for k, q in enumerate(map(as_dict, as_list(as_dict(step).get("sequence"))))
                         if isinstance(q.get("name"), str))
            outs = []
            for o, e in enumerate(map(as_dict, as_list(job.get("outputs")))):
                table = forms.table_of(forms.parse_udl(e.get("dataset")))
                if isinstance(e.get("name"), str) and table:
                    outs.append((e["name"].lower(), table, base + ("outputs", o, "dataset")))
            yield Job(resource, inputs, seqs, tuple(outs))


def _run(job: Job, written: dict[Table, Output]) -> tuple[list[Output], list[SqlUse]]:
    views: dict[str, Columns] = {}
    origins: dict[str, dict[str, frozenset[DatasetColumn]]] = {}
    for name, table in job.inputs.items():
        known = written.get(table) if table else None
        views[name] = known.columns if known is not None else None
        origins[name] = {}
    writer = f"workflow:{job.resource.name}"
    uses: list[SqlUse] = []
    texts: dict[str, SqlText] = {}
    done: set[str] = set()  # sequences so far (a sequence may take an input's name and replace it)
    for name, sql in job.sequences:
        if sql is not None:
            texts[name] = sql
        summary = sql.summary() if sql is not None else None
        queries = summary["queries"] if summary is not None else []
        if not queries:
            views[name], origins[name] = None, {}
            continue
        shape = evaluate(queries[-1], views)
        for r in shape.reads:
            table = job.inputs.get(r.view) if r.view not in done else None
            if table and sql is not None:
                uses.append(SqlUse(table, r.column, job.resource.product, writer, sql, r.start, job.resource.path))
        derived: dict[str, frozenset[DatasetColumn]] = {}
        for column, came in shape.derived.items():
            found: set[DatasetColumn] = set()
            for view, col in came:
                source = job.inputs.get(view) if view not in done else None
                found |= {(source, col)} if source else origins.get(view, {}).get(col, frozenset())
            derived[column] = frozenset(found)
        views[name], origins[name] = shape.columns, derived
        done.add(name)
    outputs = [Output(table, views.get(seq), job.resource.product, writer, job.resource.document.position(path),
                      origins.get(seq, {}), texts.get(seq)) for seq, table, path in job.outputs]
    return outputs, uses


@dataclass(frozen=True)
class Lineage:
    outputs: dict[Table, Output]
    uses: tuple[SqlUse, ...]


def lineage(repo: Repository, sources: Sources) -> Lineage:
    """The columns the repository's Flare jobs write, and the dataset columns their SQL reads."""
    found = list(jobs(repo, sources))
    written: dict[Table, Output] = {}
    uses: list[SqlUse] = []
    for _ in range(ROUNDS):
        now: dict[Table, Output] = {}
        uses = []
        for job in found:
            outputs, read = _run(job, written)
            uses += read
            for out in outputs:
                now[out.table] = _merge(now.get(out.table), out)
        if now == written:
            break
        written = now
    return Lineage(written, tuple(uses))


def _merge(first: Output | None, second: Output) -> Output:
    """Two jobs writing one dataset: its columns are known only when both are, and are then both's."""
    if first is None:
        return second
    if first.columns is None or second.columns is None:
        return Output(first.table, None, first.product, first.writer, first.position, first.derived, first.sql)
    extra = tuple(c for c in second.columns if c not in first.columns)
    return Output(first.table, first.columns + extra, first.product, first.writer, first.position,
                  {**second.derived, **first.derived}, first.sql)


def columns_of(repo: Repository) -> Lineage:
    return lineage(repo, Sources(repo))

