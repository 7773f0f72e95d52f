"""Graph renderers, one registry (it also feeds the CLI's --format choices).

Mermaid output is ``flowchart LR`` with quoted labels and sanitised ids, so that GitHub
renders it inside a ```mermaid block; every list is sorted, so output is byte-stable.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from compiler.report.graphtext import MermaidIds, label, quote
from compiler.resolve.graph import Graph


def _ids(graph: Graph) -> MermaidIds:
    """The ids of products, then nodes, claimed in that order."""
    ids = MermaidIds()
    for p in graph.products:
        ids("p_", p)
    for n in graph.nodes:
        ids("n_", n.id)
    return ids


def mermaid(graph: Graph) -> str:
    ids = _ids(graph)
    lines = ["flowchart LR"]
    for p in graph.products:
        lines.append(f'  subgraph {ids("p_", p)}["{label(p)}"]')
        for n in graph.nodes:
            if n.product == p:
                lines.append(f'    {ids("n_", n.id)}["{label(n.type)}: {label(n.name)}"]')
        lines.append("  end")
    for e in graph.edges:
        lines.append(f'  {ids("n_", e.source)} -->|"{label(e.kind)}"| {ids("n_", e.target)}')
    for lk in graph.links:
        lines.append(f'  {ids("p_", lk.producer)} ==>|"{label(lk.dataset)}"| {ids("p_", lk.consumer)}')
    return "\n".join(lines) + "\n"


def dot(graph: Graph) -> str:
    lines = ["digraph dpc {", "  rankdir=LR;", "  node [shape=box];"]
    for p in graph.products:
        lines.append(f"  subgraph {quote('cluster_' + p)} {{")
        lines.append(f"    label={quote(p)};")
        lines.append(f"    {quote('product:' + p)} [label={quote(p)}, shape=folder];")
        for n in graph.nodes:
            if n.product == p:
                lines.append(f"    {quote(n.id)} [label={quote(n.type + ': ' + n.name)}];")
        lines.append("  }")
    for e in graph.edges:
        lines.append(f"  {quote(e.source)} -> {quote(e.target)} [label={quote(e.kind)}];")
    for lk in graph.links:
        lines.append(f"  {quote('product:' + lk.producer)} -> {quote('product:' + lk.consumer)} "
                     f"[label={quote(lk.dataset)}, style=bold];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def as_json(graph: Graph) -> str:
    data = {
        "products": [{"name": p, "resources": [{"id": n.id, "type": n.type, "name": n.name}
                                               for n in graph.nodes if n.product == p]}
                     for p in graph.products],
        "edges": [{"from": e.source, "to": e.target, "kind": e.kind} for e in graph.edges],
        "lineage": [{"from": lk.producer, "to": lk.consumer, "dataset": lk.dataset} for lk in graph.links],
    }
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


RENDERERS: dict[str, Callable[[Graph], str]] = {"mermaid": mermaid, "dot": dot, "json": as_json}
