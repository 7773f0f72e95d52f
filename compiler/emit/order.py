"""Which resource must be applied before which: edges from references, then a stable order.

Edges (``a`` depends on ``b``) come from what a manifest names: secrets (``secrets``,
``dataosSecrets``, depot ``secrets[].name``), depots (any ``dataos://`` address or ``dataset:``
id, scanner ``depot``, policy ``depot``, lens ``source``), datasets (a job that reads a dataset
another resource's ``outputs`` write depends on that writer: ingestion before quality), volumes,
clusters (``clusterName``, lens ``source``), monitors (pager conditions on an incident name),
resource ids (monitor report paths, data product ``resource``/``ports``), and data products
(a data product scanner depends on every data product). Only edges between the given nodes
count. The order is the one topological sort of :mod:`compiler.resolve.depgraph`, always taking
the ready node of the lowest ``(rank of its type, type, name)``, so it is stable whatever order
files were found in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compiler.resolve.depgraph import rank, toposort
from compiler.resolve.forms import depot_of, parse_dataset, parse_resource_id

_ID_IN_PATH = re.compile(r"[?&]id=([^&\s]+)")


@dataclass(frozen=True)
class Node:
    key: str  # unique among the nodes
    type: str
    name: str
    data: Any

    @property
    def priority(self) -> tuple:
        return (rank(self.type), self.type, self.name, self.key)


def _walk(value: Any, parent: str | None = None) -> Iterator[tuple[str | None, Any]]:
    """(key holding it, value) for every value inside ``value``."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from _walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield parent, v
            yield from _walk(v, parent)


def _outputs(node: Node) -> set[tuple[str, str, str]]:
    """Datasets a resource writes: ``dataset`` of the items of an ``outputs`` list (Flare and the like)."""
    found = set()
    for key, value in _walk(node.data):
        if key == "outputs" and isinstance(value, list):
            for item in value:
                ref = parse_dataset(item.get("dataset")) if isinstance(item, dict) else None
                if ref is not None and ref.table:
                    found.add(ref.table)
    return found


class _Index:
    def __init__(self, nodes: list[Node]):
        self.by_name: dict[tuple[str, str], str] = {}
        for n in sorted(nodes, key=lambda n: n.priority):
            self.by_name.setdefault((n.type, n.name), n.key)
        self.writers: dict[tuple[str, str, str], set[str]] = {}
        self.incidents: dict[str, str] = {}
        for n in nodes:
            for table in _outputs(n):
                self.writers.setdefault(table, set()).add(n.key)
            incident = (n.data.get("monitor") or {}).get("incident") if n.type == "monitor" else None
            if isinstance(incident, dict) and isinstance(incident.get("name"), str):
                self.incidents.setdefault(incident["name"], n.key)
        self.products = sorted(n.key for n in nodes if n.type == "data")

    def named(self, name: Any, *types: str) -> list[str]:
        if not isinstance(name, str):
            return []
        return [self.by_name[(t, name)] for t in types if (t, name) in self.by_name][:1]


def _targets(node: Node, index: _Index) -> Iterator[str]:
    for key, value in _walk(node.data):
        if isinstance(value, str):
            ref = parse_dataset(value) if value.startswith(("dataos://", "dataset:")) else None
            if ref is not None:
                yield from index.named(ref.depot, "depot")
                if ref.table:
                    yield from index.writers.get(ref.table, ())
            if key in ("secrets", "dataosSecrets", "secretId"):
                yield from index.named(value, "instance-secret", "secret")
            elif key == "depot":
                yield from index.named(depot_of(value), "depot")
            elif key in ("clusterName", "cluster"):
                yield from index.named(value, "cluster")
            elif key in ("tempVolume",):
                yield from index.named(value, "volume")
            elif key == "path" and "id=" in value:
                for m in _ID_IN_PATH.finditer(value):
                    rid = parse_resource_id(m.group(1))
                    if rid is not None:
                        yield from index.named(rid.name, rid.type)
            elif key == "ref":
                rid = parse_resource_id(value)
                if rid is not None:
                    yield from index.named(rid.name, rid.type)
            elif key == "value" and value in index.incidents:
                yield index.incidents[value]
        elif isinstance(value, dict):
            name = value.get("name")
            if key in ("secrets", "dataosSecrets"):
                yield from index.named(name, "instance-secret", "secret")
            elif key in ("persistentVolume", "dataosVolumes"):
                yield from index.named(name, "volume")
            elif key == "source" and value.get("type") == "depot":
                yield from index.named(name, "depot")
            elif key == "source" and value.get("type") in ("minerva", "themis"):
                yield from index.named(name, "cluster")
            elif key == "stackSpec" and value.get("type") == "data-product":
                yield from index.products
    if node.type == "policy":
        data = (node.data.get("policy") or {}).get("data")
        if isinstance(data, dict) and all(isinstance(data.get(k), str) for k in ("depot", "collection", "dataset")):
            yield from index.writers.get((data["depot"], data["collection"], data["dataset"]), ())


def edges(nodes: list[Node]) -> dict[str, tuple[str, ...]]:
    """Node key -> the keys it depends on, sorted."""
    index = _Index(nodes)
    return {n.key: tuple(sorted(set(_targets(n, index)) - {n.key})) for n in nodes}


def order(nodes: list[Node], deps: dict[str, tuple[str, ...]]) -> tuple[list[Node], list[Node]]:
    """The nodes in apply order, and the nodes caught in a cycle (placed last, by priority)."""
    by_key = {n.key: n for n in nodes}
    ordered, stuck = toposort(by_key, deps, lambda k: by_key[k].priority)
    return [by_key[k] for k in ordered], [by_key[k] for k in stuck]
