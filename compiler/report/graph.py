"""Graph renderers, one registry (it also feeds the CLI's --format choices).

Mermaid output is ``flowchart LR`` with quoted labels and sanitised ids, so that GitHub
renders it inside a ```mermaid block; every list is sorted, so output is byte-stable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from compiler.resolve.graph import Graph


def _ids(graph: Graph, prefix: str) -> dict[str, str]:
    """Stable, unique, sanitised ids for products and nodes."""
    out: dict[str, str] = {}
    used: set[str] = set()
    keys = [f"p:{p}" for p in graph.products] + [f"n:{n.id}" for n in graph.nodes]
    for key in keys:
        base = prefix + re.sub(r"[^A-Za-z0-9]+", "_", key[2:]).strip("_")
        base = ("p_" if key.startswith("p:") else "n_") + base
        candidate, k = base, 2
        while candidate in used:
            candidate, k = f"{base}_{k}", k + 1
        used.add(candidate)
        out[key] = candidate
    return out


def _label(text: str) -> str:
    return text.replace('"', "#quot;")


def mermaid(graph: Graph) -> str:
    ids = _ids(graph, "")
    lines = ["flowchart LR"]
    for p in graph.products:
        lines.append(f'  subgraph {ids["p:" + p]}["{_label(p)}"]')
        for n in graph.nodes:
            if n.product == p:
                lines.append(f'    {ids["n:" + n.id]}["{_label(n.type)}: {_label(n.name)}"]')
        lines.append("  end")
    for e in graph.edges:
        lines.append(f'  {ids["n:" + e.source]} -->|"{_label(e.kind)}"| {ids["n:" + e.target]}')
    for lk in graph.links:
        lines.append(f'  {ids["p:" + lk.producer]} ==>|"{_label(lk.dataset)}"| {ids["p:" + lk.consumer]}')
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(graph: Graph) -> str:
    lines = ["digraph dpc {", "  rankdir=LR;", "  node [shape=box];"]
    for p in graph.products:
        lines.append(f"  subgraph {_q('cluster_' + p)} {{")
        lines.append(f"    label={_q(p)};")
        lines.append(f"    {_q('product:' + p)} [label={_q(p)}, shape=folder];")
        for n in graph.nodes:
            if n.product == p:
                lines.append(f"    {_q(n.id)} [label={_q(n.type + ': ' + n.name)}];")
        lines.append("  }")
    for e in graph.edges:
        lines.append(f"  {_q(e.source)} -> {_q(e.target)} [label={_q(e.kind)}];")
    for lk in graph.links:
        lines.append(f"  {_q('product:' + lk.producer)} -> {_q('product:' + lk.consumer)} "
                     f"[label={_q(lk.dataset)}, style=bold];")
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
