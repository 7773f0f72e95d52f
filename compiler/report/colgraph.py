"""Column lineage renderers (``dpc graph --columns``), in graph's formats: mermaid, dot, json.

Each dataset is a box of the columns drawn (written ones that feed or are named by something);
a solid arrow goes from a column to each column derived from it, a dotted one from a column to
each resource naming it (a Soda check, a policy, another job's SQL). Every list is sorted.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from compiler.report.graphtext import MermaidIds, label, quote
from compiler.sql.colgraph import ColumnGraph


def _kind(kind: str) -> str:
    return "sql" if kind.startswith("SQL") else kind


def _readers(graph: ColumnGraph) -> list[tuple[str, str]]:
    return sorted({(r.product, r.by) for r in graph.readings})


def mermaid(graph: ColumnGraph) -> str:
    ids = MermaidIds()
    lines = ["flowchart LR"]
    for d in graph.datasets:
        lines.append(f'  subgraph {ids("d_", d.dataset)}["{label(d.product)}: {label(d.dataset)}"]')
        lines += [f'    {ids("c_", d.dataset + "." + c)}["{label(c)}"]' for c in d.columns]
        lines.append("  end")
    for product, by in _readers(graph):
        lines.append(f'  {ids("r_", product + "/" + by)}["{label(product)}: {label(by.replace(":", ": ", 1))}"]')
    for e in graph.derivations:
        lines.append(f'  {ids("c_", ".".join(e.source))} --> {ids("c_", ".".join(e.target))}')
    for r in graph.readings:
        lines.append(f'  {ids("c_", ".".join(r.column))} -.->|"{label(_kind(r.kind))}"| '
                     f'{ids("r_", r.product + "/" + r.by)}')
    return "\n".join(lines) + "\n"


def dot(graph: ColumnGraph) -> str:
    lines = ["digraph dpc_columns {", "  rankdir=LR;", "  node [shape=box];"]
    for d in graph.datasets:
        lines.append(f"  subgraph {quote('cluster_' + d.dataset)} {{")
        lines.append(f"    label={quote(d.product + ': ' + d.dataset)};")
        lines += [f"    {quote(d.dataset + '.' + c)} [label={quote(c)}];" for c in d.columns]
        lines.append("  }")
    for product, by in _readers(graph):
        lines.append(f"  {quote(product + '/' + by)} [label={quote(product + ': ' + by)}, shape=note];")
    for e in graph.derivations:
        lines.append(f"  {quote('.'.join(e.source))} -> {quote('.'.join(e.target))};")
    for r in graph.readings:
        lines.append(f"  {quote('.'.join(r.column))} -> {quote(r.product + '/' + r.by)} "
                     f"[label={quote(_kind(r.kind))}, style=dashed];")
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
