"""Resolver facts kept per file: what the 25 extractors found in each of a file's resources.

Extraction is a pure function of the resource (its document, product and file), the workspace the
index gives it and the catalogue's scopes (the catalogue is part of the cache's context key). So the
references and problems a file's resources yield are worked out when the file is checked, kept in its
per-file cache record as plain JSON (valid under the record's own dependencies), and reused by the
resolver on every later run that restores the file. The workspace is the one dependency on other
files (a bundle entry of another file can place a resource in another workspace), and of what an
extractor yields only a reference's ``origin`` (the resource's identity) depends on it: facts are kept
without origins, and each reference gets the identity of the item the index built this run (its file's
folder, for file references, likewise). Nothing else of the resolver is kept: the index, the lookups and
the whole-repository checks run every time, so the findings are exactly those of a cold run.

Facts are kept only for files whose record keeps its documents (no secret value can be in them).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from compiler.core.diagnostics import Position
from compiler.core.kinds import Scope
from compiler.model import Repository, Resource, SourceFile
from compiler.resolve.edgekit import Found
from compiler.resolve.edges import extract_item
from compiler.resolve.findings import Problem, Reference
from compiler.resolve.index import Index, Item, workspace_of
from compiler.schema.catalog import Catalog

Facts = list[tuple[str | None, list[Found]]]  # per resource, in order: (workspace extracted under, what it yields)
_MEMO: dict[int, tuple[weakref.ref[Any], Facts | list[Any]]] = {}  # id(SourceFile) -> its facts (JSON or objects)


def scopes_of(catalog: Catalog) -> dict[str, Scope]:
    """Resource type -> its scope, as the extractors need it."""
    return {name: info.scope for name, info in catalog.types.items()}


def extract(repo: Repository, index: Index, scopes: dict[str, Scope]) -> Iterator[Found]:
    """What :func:`compiler.resolve.edges.extract` yields for ``index`` (built from ``repo``, its items in the
    order of the files' resources), from each file's kept facts where they hold."""
    start = 0
    for source in repo.files:
        items = list(index.items[start:start + len(source.resources)])
        start += len(items)
        for item, found in zip(items, known(source, items), strict=True):
            yield from found if found is not None else extract_item(item, scopes)
    for item in index.items[start:]:
        yield from extract_item(item, scopes)


def _remember(source: SourceFile, facts: Facts | list[Any]) -> None:
    key = id(source)
    _MEMO[key] = (weakref.ref(source, lambda _ref: _MEMO.pop(key, None)), facts)


def of_checked(source: SourceFile, scopes: dict[str, Scope]) -> list[Any]:
    """The facts of a file just checked, as JSON for its cache record (kept for this run's resolver too)."""
    facts: Facts = []
    for r in source.resources:
        ws = workspace_of(r, None)
        facts.append((ws, list(extract_item(Item(r, ws, source.found.path), scopes))))
    _remember(source, facts)
    return [[ws, [_encode(f, r) for f in found]] for r, (ws, found) in zip(source.resources, facts, strict=True)]


def restored(source: SourceFile, stored: Any) -> None:
    """Note the facts a restored file's record keeps (decoded when the resolver asks)."""
    if isinstance(stored, list) and len(stored) == len(source.resources):
        _remember(source, stored)


def known(source: SourceFile, items: list[Item]) -> list[list[Found] | None]:
    """For each item of ``source`` (its resources, in order): the kept facts with the item's identity as the
    references' origin, else None (extract again). Undecodable facts count as none."""
    entry = _MEMO.get(id(source))
    if entry is None or entry[0]() is not source or len(entry[1]) != len(items):
        return [None] * len(items)
    out: list[list[Found] | None] = []
    try:
        for item, r, (ws, found) in zip(items, source.resources, entry[1], strict=True):
            if item.resource is not r or item.file != source.found.path:
                out.append(None)
            elif found and not isinstance(found[0], (Reference, Problem)):
                out.append([_decode(f, item) for f in found])
            elif ws != item.workspace:
                out.append([replace(f, origin=item.identity) if isinstance(f, Reference) else f for f in found])
            else:
                out.append(list(found))
    except (TypeError, ValueError, IndexError, KeyError):
        return [None] * len(items)
    return out


def _pos(p: Position, r: Resource) -> list[Any]:
    return [p.line, p.col] if p.path == r.path else [p.line, p.col, p.path]


def _unpos(v: list[Any], item: Item) -> Position:
    return Position(str(v[2]) if len(v) > 2 else item.resource.path, int(v[0]), int(v[1]))


def _encode(f: Found, r: Resource) -> list[Any]:
    if isinstance(f, Problem):
        return ["p", f.code, _pos(f.position, r), f.message, f.hint]
    return ["r", f.kind, f.name, _pos(f.position, r), None if f.text == f.name else f.text, f.container,
            [list(e) for e in f.expect], None if f.edge == f.kind else f.edge]


def _decode(v: list[Any], item: Item) -> Found:
    if v[0] == "p":
        return Problem(str(v[1]), _unpos(v[2], item), str(v[3]), None if v[4] is None else str(v[4]))
    if v[0] != "r":
        raise ValueError(v[0])
    kind, name = str(v[1]), str(v[2])
    r = item.resource
    return Reference(kind, name, _unpos(v[3], item), name if v[4] is None else str(v[4]), r.product, item.identity,
                     None if v[5] is None else str(v[5]), tuple((str(k), str(w)) for k, w in v[6]),
                     item.file.parent if kind in ("file", "dir") else None, kind if v[7] is None else str(v[7]))
