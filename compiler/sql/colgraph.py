"""Column-level lineage as a value (``dpc graph --columns``): which dataset columns each written column
derives from (through the SQL of the job writing it), and which resources name a dataset's columns
(Soda checks, policies, other jobs' SQL). Renderers live in compiler/report/colgraph.py."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.model import Repository
from compiler.resolve.datasets import Table
from compiler.sql.columncheck import all_uses, name
from compiler.sql.columns import lineage
from compiler.sql.sources import Sources

EXTERNAL = "(external)"  # a dataset no product of the repository writes


@dataclass(frozen=True, order=True)
class Dataset:
    dataset: str  # depot:collection/name
    product: str  # the writer's product, or EXTERNAL
    columns: tuple[str, ...]  # those the graph draws: written, or named by something


@dataclass(frozen=True, order=True)
class Derivation:
    source: tuple[str, str]  # (dataset, column)
    target: tuple[str, str]
    by: str  # the writing resource, "workflow:<name>"


@dataclass(frozen=True, order=True)
class Reading:
    column: tuple[str, str]  # (dataset, column)
    by: str  # "<type>:<name>" of the resource naming it
    product: str
    kind: str  # "soda check", "mask policy", "filter policy", "SQL of workflow 'x'"


@dataclass(frozen=True)
class ColumnGraph:
    datasets: tuple[Dataset, ...]
    derivations: tuple[Derivation, ...]
    readings: tuple[Reading, ...]


def build(repo: Repository, only: tuple[str, ...] = (), none: str = EXTERNAL) -> ColumnGraph:
    """The column lineage of the products ``only`` (all when empty): what they write, read and name."""
    sources = Sources(repo)
    found = lineage(repo, sources)
    chosen = set(only)
    owner: dict[Table, str] = {t: o.product or none for t, o in found.outputs.items()}

    def keep(*products: str) -> bool:
        return not chosen or any(p in chosen for p in products)

    derivations = set()
    for table, out in found.outputs.items():
        for column, came in out.derived.items():
            for src, col in came:
                if keep(owner[table], owner.get(src, EXTERNAL)):
                    derivations.add(Derivation((name(src), col), (name(table), column), out.writer))
    readings = set()
    for u in all_uses(repo, sources, found):
        product = u.product or none
        if u.table in found.outputs and keep(product, owner[u.table]):
            readings.add(Reading((name(u.table), u.column), u.resource, product, u.reader))
    drawn: dict[str, set[str]] = {}
    for d in derivations:
        for ds, col in (d.source, d.target):
            drawn.setdefault(ds, set()).add(col)
    for r in readings:
        drawn.setdefault(r.column[0], set()).add(r.column[1])
    by_name = {name(t): p for t, p in owner.items()}
    datasets = tuple(sorted(Dataset(ds, by_name.get(ds, EXTERNAL), tuple(sorted(cols))) for ds, cols in drawn.items()))
    return ColumnGraph(datasets, tuple(sorted(derivations)), tuple(sorted(readings)))
