"""Cycles in bundle dependencies, dag dependencies and product lineage: one error per cycle.

Each strongly connected component is reported once, as the cycle through its smallest node
(sorted order), at the place where that node names the next one: deterministic wherever the
files are listed from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from compiler.core.diagnostics import Position
from compiler.core.walk import JsonPath
from compiler.load.origin import AnyDocument
from compiler.resolve.edgekit import as_dict, as_list
from compiler.resolve.findings import Finding, finding
from compiler.resolve.index import Index

Graph = dict[str, list[str]]


def _components(graph: Graph) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                out.append(sorted(comp))
    return out


def find_cycles(graph: Graph) -> list[list[str]]:
    """One cycle per strongly connected component that has one: [a, b, ..., a]."""
    cycles = []
    for comp in _components(graph):
        members = set(comp)
        start = comp[0]
        if len(comp) == 1 and start not in graph.get(start, ()):
            continue
        path, seen = [start], {start}
        while True:  # walk the smallest successor inside the component until back at start
            nexts = sorted(n for n in graph.get(path[-1], ()) if n in members)
            if start in nexts and (len(path) > 1 or start in graph.get(start, ())):
                cycles.append(path + [start])
                break
            step = next((n for n in nexts if n not in seen), None)
            if step is None:  # dead end inside the component: back up
                path.pop()
                if not path:
                    break
                continue
            path.append(step)
            seen.add(step)
    return sorted(cycles)


def report(graph: Graph, what: str, where: Callable[[str, str], Position | None],
           places: Callable[[list[str]], tuple[str, ...]] = lambda c: ()) -> Iterator[Finding]:
    for cycle in find_cycles(graph):
        position = where(cycle[0], cycle[1])
        if position is not None:
            yield finding("R006", position, f"{what} form a cycle: {' -> '.join(cycle)}",
                          "remove one of these dependencies", places=places(cycle))


def _locator(doc: AnyDocument, at: dict[tuple[str, str], JsonPath]) -> Callable[[str, str], Position | None]:
    """Where the edge ``a -> b`` is written in ``doc``, if it is."""
    return lambda a, b: doc.position(at[(a, b)]) if (a, b) in at else None


def local_cycles(index: Index) -> Iterator[Finding]:
    """Bundle ``dependencies``/``dependencyConditions`` and workflow ``dag[].dependencies``."""
    for item in index.items:
        r = item.resource
        if r.type == "bundle":
            entries = as_list(as_dict(r.data.get("bundle")).get("resources"))
            name_key, prefix, what = "id", ("bundle", "resources"), "bundle dependencies"
        elif r.type == "workflow":
            entries = as_list(as_dict(r.data.get("workflow")).get("dag"))
            name_key, prefix, what = "name", ("workflow", "dag"), "dag dependencies"
        else:
            continue
        graph: Graph = {}
        at: dict[tuple[str, str], JsonPath] = {}
        for i, e in enumerate(entries):
            e = as_dict(e)
            name = e.get(name_key)
            if not isinstance(name, str):
                continue
            deps = as_list(e.get("dependencies"))
            graph.setdefault(name, [])
            for j, d in enumerate(deps):
                if isinstance(d, str):
                    graph[name].append(d)
                    at.setdefault((name, d), prefix + (i, "dependencies", j))
            for j, cond in enumerate(as_list(e.get("dependencyConditions"))):
                d = as_dict(cond).get("resourceId")
                if isinstance(d, str):
                    graph[name].append(d)
                    at.setdefault((name, d), prefix + (i, "dependencyConditions", j, "resourceId"))
        yield from report(graph, what, _locator(r.document, at))
