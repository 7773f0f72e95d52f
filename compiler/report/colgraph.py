"""Column lineage renderers (``dpc graph --columns``), in graph's formats: mermaid, dot, json.

Each dataset is a box of the columns drawn (written ones that feed or are named by something);
a solid arrow goes from a column to each column derived from it, a dotted one from a column to
each resource naming it (a Soda check, a policy, another job's SQL). Every list is sorted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from compiler.sql.colgraph import ColumnGraph


def _kind(kind: str) -> str:
    return "sql" if kind.startswith("SQL") else kind


class _Ids:
    """Stable, unique, sanitised mermaid ids."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, prefix: str, key: str) -> str:
        full = prefix + key
        if full not in self.ids:
            base = prefix + re.sub(r"[^A-Za-z0-9]+", "_", key).strip("_")
            candidate, k = base, 2
            while candidate in self.used:
                candidate, k = f"{base}_{k}", k + 1
            self.used.add(candidate)
            self.ids[full] = candidate
        return self.ids[full]


def _label(text: str) -> str:
    return text.replace('"', "#quot;")


def _readers(graph: ColumnGraph) -> list[tuple[str, str]]:
    return sorted({(r.product, r.by) for r in graph.readings})


def mermaid(graph: ColumnGraph) -> str:
    ids = _Ids()
    lines = ["flowchart LR"]
    for d in graph.datasets:
        lines.append(f'  subgraph {ids("d_", d.dataset)}["{_label(d.product)}: {_label(d.dataset)}"]')
        lines += [f'    {ids("c_", d.dataset + "." + c)}["{_label(c)}"]' for c in d.columns]
        lines.append("  end")
    for product, by in _readers(graph):
        lines.append(f'  {ids("r_", product + "/" + by)}["{_label(product)}: {_label(by.replace(":", ": ", 1))}"]')
    for e in graph.derivations:
        lines.append(f'  {ids("c_", ".".join(e.source))} --> {ids("c_", ".".join(e.target))}')
    for r in graph.readings:
        lines.append(f'  {ids("c_", ".".join(r.column))} -.->|"{_label(_kind(r.kind))}"| '
                     f'{ids("r_", r.product + "/" + r.by)}')
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(graph: ColumnGraph) -> str:
    lines = ["digraph dpc_columns {", "  rankdir=LR;", "  node [shape=box];"]
    for d in graph.datasets:
        lines.append(f"  subgraph {_q('cluster_' + d.dataset)} {{")
        lines.append(f"    label={_q(d.product + ': ' + d.dataset)};")
        lines += [f"    {_q(d.dataset + '.' + c)} [label={_q(c)}];" for c in d.columns]
        lines.append("  }")
    for product, by in _readers(graph):
        lines.append(f"  {_q(product + '/' + by)} [label={_q(product + ': ' + by)}, shape=note];")
    for e in graph.derivations:
        lines.append(f"  {_q('.'.join(e.source))} -> {_q('.'.join(e.target))};")
    for r in graph.readings:
        lines.append(f"  {_q('.'.join(r.column))} -> {_q(r.product + '/' + r.by)} "
                     f"[label={_q(_kind(r.kind))}, style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def as_json(graph: ColumnGraph) -> str:
    data = {
        "datasets": [{"dataset": d.dataset, "product": d.product, "columns": list(d.columns)} for d in graph.datasets],
        "lineage": [{"from": {"dataset": e.source[0], "column": e.source[1]},
                     "to": {"dataset": e.target[0], "column": e.target[1]}, "by": e.by} for e in graph.derivations],
        "uses": [{"dataset": r.column[0], "column": r.column[1], "by": r.by, "product": r.product,
                  "kind": _kind(r.kind)} for r in graph.readings],
    }
    return json.dumps(data, indent=2) + "\n"


RENDERERS: dict[str, Callable[[ColumnGraph], str]] = {"mermaid": mermaid, "dot": dot, "json": as_json}
