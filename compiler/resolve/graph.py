"""The reference graph as a value: each product's resources and their dependencies, and the
products linked by the datasets they share. Renderers (mermaid, dot, json) live in render.py."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from compiler.resolve import Analysis, lineage
from compiler.resolve.edgekit import as_dict, as_list
from compiler.resolve.files import resolve_path

NO_PRODUCT = "(repository)"


@dataclass(frozen=True, order=True)
class Node:
    product: str
    id: str  # the resource identity
    type: str
    name: str


@dataclass(frozen=True, order=True)
class Edge:
    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class Graph:
    products: tuple[str, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    links: tuple[lineage.Link, ...]


def _bundle_edges(analysis: Analysis, root: Path) -> set[Edge]:
    by_file: dict[Path, list[str]] = defaultdict(list)
    for item in analysis.index.items:
        by_file[item.file].append(item.identity)
    out: set[Edge] = set()
    for item in analysis.index.items:
        if item.resource.type != "bundle":
            continue
        ids: dict[str, list[str]] = {}
        entries = [as_dict(e) for e in as_list(as_dict(item.resource.data.get("bundle")).get("resources"))]
        for e in entries:
            found = resolve_path(e["file"], root, item.file.parent) if isinstance(e.get("file"), str) else None
            targets = by_file.get(found.path, []) if found and found.path else []
            ids[str(e.get("id"))] = targets
            out.update(Edge(item.identity, t, "deploys") for t in targets)
        for e in entries:
            for dep in as_list(e.get("dependencies")):
                out.update(Edge(a, b, "after") for a in ids.get(str(e.get("id")), []) for b in ids.get(str(dep), []))
    return out


def build(analysis: Analysis, root: Path, only: tuple[str, ...] = ()) -> Graph:
    items = analysis.index.items
    product_of = {i.identity: i.resource.product or NO_PRODUCT for i in items}
    chosen = set(only) or set(product_of.values())
    nodes = sorted(Node(product_of[i.identity], i.identity, i.resource.type, i.resource.name)
                   for i in items if product_of[i.identity] in chosen)
    keep = {n.id for n in nodes}
    edges = {Edge(r.reference.origin, r.target.resource, r.reference.edge) for r in analysis.resolved
             if r.target.resource and r.target.resource != r.reference.origin}
    edges |= _bundle_edges(analysis, root)
    edges = {e for e in edges if e.source in keep and e.target in keep}
    links = tuple(sorted(lk for lk in lineage.links(analysis.index) if lk.producer in chosen and lk.consumer in chosen))
    return Graph(tuple(sorted(chosen)), tuple(nodes), tuple(sorted(edges)), links)
