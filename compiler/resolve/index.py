"""The whole-repository index, built before any reference is resolved.

Every resource identity, the names a resource defines for others (workspaces created by
bundles, depots created by lakehouses, monitor incidents, secret ids), the local names
(dag jobs, bundle ids, flare steps and inputs), the platform's entries and the datasets
jobs write or products declare.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from compiler.core.diagnostics import Position
from compiler.core.walk import JsonPath
from compiler.model import DEFAULT_WORKSPACE, Repository, Resource
from compiler.project.platform import Platform
from compiler.resolve import forms
from compiler.resolve.datasets import DECLARED_IN, DECLARED_OUT, READ, WRITE, Access, accesses, stack_name, stack_spec
from compiler.resolve.files import resolve_path

Table = tuple[str, str, str]  # depot, collection, dataset


@dataclass(frozen=True)
class Definition:
    kind: str  # a resource type, or a derived/local kind ("workspace", "job", "bundle-id", ...)
    name: str
    position: Position | None  # None for the built-in platform catalogue
    product: str | None = None
    origin: str = "repo"  # "repo" or "platform"
    container: str | None = None  # local names: the document (or job) they belong to
    attrs: tuple[tuple[str, str], ...] = ()
    resource: str | None = None  # identity of the resource that defines it

    def attr(self, key: str) -> str | None:
        return next((v for k, v in self.attrs if k == key), None)


@dataclass(frozen=True)
class Item:
    """A resource with what the index learned about it: its effective workspace and file."""

    resource: Resource
    workspace: str | None
    file: Path

    @property
    def identity(self) -> str:
        r = self.resource
        base = f"{r.type}:{r.version}:{r.name}"
        return f"{base}:{self.workspace}" if self.workspace else base

    @property
    def key(self) -> str:
        return f"{self.resource.path}#{self.resource.document.index}"


@dataclass(frozen=True)
class Write:
    table: Table
    product: str | None
    position: Position
    writer: str  # identity of the job's workflow, or the data product declaring it
    declared: bool  # declared as a data product output (not written by a job)


@dataclass(frozen=True)
class Index:
    items: tuple[Item, ...]
    definitions: dict[str, dict[str, tuple[Definition, ...]]] = field(repr=False)
    writes: tuple[Write, ...]
    platform: Platform

    def find(self, kind: str, name: str) -> tuple[Definition, ...]:
        return self.definitions.get(kind, {}).get(name, ())

    @cached_property
    def _by_container(self) -> dict[tuple[str, str, str], tuple[Definition, ...]]:
        out: dict[tuple[str, str, str], list[Definition]] = {}
        for kind, table in self.definitions.items():
            for name, defs in table.items():
                for d in defs:
                    if d.container is not None:
                        out.setdefault((kind, name, d.container), []).append(d)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """What later stages work out once per index (:func:`compiler.resolve.lookup.find`'s rankings)."""
        return {}

    @cached_property
    def reads(self) -> tuple[tuple[Item, Access], ...]:
        """Every dataset read (a job's input, a data product's declared input), found once per index."""
        return tuple((i, a) for i in self.items for a in accesses(i.resource) if a.mode in (READ, DECLARED_IN))

    def is_defined(self, kind: str, name: str) -> bool:
        return bool(self.find(kind, name))

    def defined_in(self, paths: frozenset[str]) -> set[tuple[str, str]]:
        """The (kind, name) pairs defined at a position in one of ``paths`` (the platform's have none)."""
        return {(d.kind, d.name) for kind in self.definitions.values() for defs in kind.values()
                for d in defs if d.position is not None and d.position.path in paths}

    def find_in(self, kind: str, name: str, container: str) -> tuple[Definition, ...]:
        """The definitions of ``name`` inside one container (a workflow's dag, a bundle...)."""
        return self._by_container.get((kind, name, container), ())

    def names(self, kind: str, container: str | None = None) -> list[str]:
        table = self.definitions.get(kind, {})
        if container is None:
            return list(table)
        return [n for n, ds in table.items() if any(d.container == container for d in ds)]


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def bundle_workspaces(repo: Repository, paths: dict[str, Path]) -> dict[Path, str]:
    """File -> the workspace a bundle entry deploys it into (the first entry naming a workspace wins)."""
    out: dict[Path, str] = {}
    for r in repo.resources():
        if r.type != "bundle":
            continue
        folder = paths.get(r.path, repo.root / r.path).parent
        for entry in _list(_dict(r.data.get("bundle")).get("resources")):
            entry = _dict(entry)
            if isinstance(entry.get("file"), str) and isinstance(entry.get("workspace"), str):
                found = resolve_path(entry["file"], repo.root, folder)
                if found.path is not None:
                    out.setdefault(found.path, entry["workspace"])
    return out


def _derived(item: Item) -> Iterator[Definition]:
    """Names a resource defines besides its own identity."""
    r, data, doc = item.resource, item.resource.data, item.resource.document
    section = _dict(data.get(r.type))
    at = doc.position(("name",))

    def d(kind: str, name: Any, pos: Position = at, container: str | None = None,
          attrs: tuple[tuple[str, str], ...] = ()) -> Iterator[Definition]:
        if isinstance(name, str) and name:
            yield Definition(kind, name, pos, r.product, "repo", container, attrs, item.identity)

    if r.type == "compute":
        yield from d("compute-purpose", r.name, attrs=(("purpose", str(section.get("purpose"))),))
    if r.type in ("instance-secret", "secret"):
        acl = section.get("acl")
        acls = [acl] if acl in forms.ACLS else list(forms.ACLS)
        for a in acls:
            yield from d("secret-id", r.name.replace("-", "_") + "_" + a)
        yield from d("secret-id", r.name)
        yield from d("secret-any", r.name, attrs=(("acl", str(acl)), ("workspace", str(item.workspace))))
    if r.type == "lakehouse":
        yield from d("depot", r.name)
        storage = _dict(_dict(section.get("iceberg")).get("storage"))
        yield from d("depot", storage.get("depotName"), doc.position(("lakehouse", "iceberg", "storage", "depotName")))
    if r.type == "bundle":
        for i, ws in enumerate(_list(section.get("workspaces"))):
            yield from d("workspace", _dict(ws).get("name"), doc.position(("bundle", "workspaces", i, "name")))
        for i, entry in enumerate(_list(section.get("resources"))):
            yield from d("bundle-id", _dict(entry).get("id"), doc.position(("bundle", "resources", i, "id")),
                         item.key)
    if r.type == "workflow":
        for i, job in enumerate(_list(section.get("dag"))):
            yield from d("job", _dict(job).get("name"), doc.position(("workflow", "dag", i, "name")), item.key)
            yield from _flare_names(item, i, _dict(_dict(job).get("spec")))
    if r.type == "monitor":
        incident = _dict(section.get("incident"))
        for field_, kind in (("name", "incident-name"), ("severity", "incident-severity"),
                             ("incidentType", "incident-type"), ("incident_type", "incident-type")):
            yield from d(kind, incident.get(field_), doc.position(("monitor", "incident", field_)))
    if r.type == "lens":
        yield from d("service", f"{r.name}-api")


def _flare_names(item: Item, i: int, spec: dict) -> Iterator[Definition]:
    """Names a flare output may write: the step sequence names, else the input names."""
    if stack_name(spec) != "flare":
        return
    key, ss = stack_spec(spec)
    job = _dict(ss.get("job"))
    at = ("workflow", "dag", i, "spec") + key + ("job",)
    doc, container = item.resource.document, f"{item.key}/{i}"
    found: list[tuple[JsonPath, object]] = [(("steps", s, "sequence", q, "name"), _dict(seq).get("name"))
             for s, step in enumerate(_list(job.get("steps")))
             for q, seq in enumerate(_list(_dict(step).get("sequence")))]
    if not found:
        found = [(("inputs", n, "name"), _dict(inp).get("name")) for n, inp in enumerate(_list(job.get("inputs")))]
    for path, name in found:
        if isinstance(name, str) and name:
            yield Definition("flare-name", name, doc.position(at + path), item.resource.product, "repo",
                             container, (), item.identity)


def _platform_defs(platform: Platform) -> Iterator[Definition]:
    for e in platform.entries:
        yield Definition(e.kind, e.name, e.position, None, "platform", None, e.attrs)
        if e.kind == "compute":
            yield Definition("compute-purpose", e.name, e.position, None, "platform", None, e.attrs)
        if e.kind in ("instance-secret", "secret"):
            yield Definition("secret-any", e.name, e.position, None, "platform", None, e.attrs)
            yield Definition("secret-id", e.name, e.position, None, "platform", None, e.attrs)


def workspace_of(r: Resource, placed: str | None) -> str | None:
    """The workspace the index gives ``r``: its own, else the one a bundle entry ``placed`` its file in, else
    ``public``; None for instance-level types."""
    if r.scope != "workspace":
        return None
    own = r.data.get("workspace")
    return own if isinstance(own, str) and own else placed if placed is not None else DEFAULT_WORKSPACE


def build(repo: Repository, platform: Platform) -> Index:
    paths = {f.display: f.found.path for f in repo.files}
    placed = bundle_workspaces(repo, paths)
    items: list[Item] = []
    for r in repo.resources():
        file = paths.get(r.path, repo.root / r.path)
        items.append(Item(r, workspace_of(r, placed.get(file)), file))
    return of_items(items, platform)


def own_definitions(item: Item) -> Iterator[Definition]:
    """The names ``item`` defines: its type's and its identity, then the derived ones (:func:`_derived`)."""
    r = item.resource
    pos = r.document.position(("name",))
    yield Definition(r.type, r.name, pos, r.product, "repo", None, (("workspace", str(item.workspace)),),
                     item.identity)
    yield Definition("identity", item.identity, pos, r.product, "repo", None, (), item.identity)
    yield from _derived(item)


def own_writes(item: Item) -> Iterator[Write]:
    """The datasets ``item`` writes (a job's outputs) or declares as a data product's outputs."""
    r = item.resource
    for a in accesses(r):
        if a.mode in (WRITE, DECLARED_OUT):
            yield Write(a.table, r.product, r.document.position(a.path), item.identity, a.mode == DECLARED_OUT)


def of_items(items: list[Item], platform: Platform) -> Index:
    """The index of ``items`` (with their workspaces and files already known) and the platform's entries."""
    return assembled(items, [d for i in items for d in own_definitions(i)], [w for i in items for w in own_writes(i)],
                     platform)


def assembled(items: list[Item], definitions: list[Definition], writes: list[Write], platform: Platform) -> Index:
    """The index of ``items`` from what they define and write, in their order, and the platform's entries."""
    table: dict[str, dict[str, list[Definition]]] = {}
    for defn in itertools.chain(definitions, _platform_defs(platform)):
        table.setdefault(defn.kind, {}).setdefault(defn.name, []).append(defn)
    frozen = {k: {n: tuple(v) for n, v in names.items()} for k, names in table.items()}
    return Index(tuple(items), frozen, tuple(writes), platform)
