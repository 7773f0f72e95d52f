"""The reference analysis worked out again only where the repository changed (issue 13 item 1).

What an indexed resource brings to the analysis is a function of the resource (its documents with their
positions, its product and path: its file's facts, :class:`compiler.model.Facts`), of the workspace and the
file the index gives it, and of the catalogue (part of dpc's context): the names it defines, the datasets it
writes and reads, and every reference and problem its extractors find. :func:`analyse` keeps them per file,
with the file's *token* (its facts, its resources' workspaces and file), in a :data:`State`; a later run takes
them for every file whose token is unchanged, so that its index is built without asking a position or running
an extractor for that file.

Each kept reference also keeps whether it was found. A reference found before, of a kind no repository-wide
check reads (a secret), with no attribute to check (a compute's purpose), is not looked up again while no
changed file defines its name, before or now, and the platform is the same: nothing it could resolve to has
changed, so it is still found and brings no finding. Every other reference (of a changed file, not found, a
secret, a purpose to check, every ``file:``) is resolved as a cold run resolves it, in the same order, and the
repository-wide checks run over the whole index (:func:`compiler.resolve.judge`). The findings are a cold
run's: tests/test_incremental_resolver.py and tests/test_cache_property.py compare them over random edits.

A state is consistent with the index of the run that made it: comparing a run's tokens with it finds every
name whose definitions may differ, whichever runs came between. A run that keeps nothing (a secret value
would be kept) leaves the older state, which stays a valid base.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.core.diagnostics import Position
from compiler.model import Repository, SourceFile
from compiler.project.platform import Platform
from compiler.resolve import Setting, edges, judge, lineage, scopes_of, setting
from compiler.resolve import index as index_mod
from compiler.resolve.checks import SECRET_KINDS
from compiler.resolve.datasets import DECLARED_IN, READ, accesses
from compiler.resolve.files import memo
from compiler.resolve.findings import Finding, Reference, finding
from compiler.resolve.index import Definition, Index, Item, Write
from compiler.resolve.lineage import Use
from compiler.schema.catalog import Catalog

FORMAT = 2
State = dict[str, Any]  # {"platform": digest, "files": {display: [token, entry]}}, each entry JSON text
ALWAYS_LOOKED_UP = SECRET_KINDS | {"file", "dir"}  # read by the repository-wide checks, or by the file system
FOUND = 10  # a kept reference's "found" flag, after its ten fields


def _pos(p: Position, here: str) -> list[Any]:
    """A position as kept: [line, col] in the file's own path (nearly all of them), else [path, line, col]."""
    return [p.line, p.col] if p.path == here else [p.path, p.line, p.col]


def _at(j: list[Any], here: str) -> Position:
    return Position(here, j[0], j[1]) if len(j) == 2 else Position(j[0], j[1], j[2])


def _def_json(d: Definition, here: str) -> list[Any]:
    return [d.kind, d.name, _pos(d.position, here) if d.position else None, d.product, d.origin, d.container,
            [list(a) for a in d.attrs], d.resource]


def _def(j: list[Any], here: str) -> Definition:
    kind, name, pos, product, origin, container, attrs, resource = j
    return Definition(kind, name, _at(pos, here) if pos is not None else None, product, origin, container,
                      tuple((a, b) for a, b in attrs), resource)


def _write_json(w: Write, here: str) -> list[Any]:
    return [list(w.table), w.product, _pos(w.position, here), w.writer, w.declared]


def _write(j: list[Any], here: str) -> Write:
    table, product, pos, writer, declared = j
    return Write((table[0], table[1], table[2]), product, _at(pos, here), writer, bool(declared))


def _use_json(u: Use, here: str) -> list[Any]:
    return [list(u.table), u.product, _pos(u.position, here), u.declared]


def _use(j: list[Any], here: str) -> Use:
    table, product, pos, declared = j
    return Use((table[0], table[1], table[2]), product, _at(pos, here), bool(declared))


def _problem_json(f: Finding, here: str) -> list[Any]:
    d = f.diagnostic
    return [d.code, _pos(d.position, here), d.message, d.hint]


def _problem(j: list[Any], here: str) -> Finding:
    code, pos, message, hint = j
    return finding(code, _at(pos, here), message, hint)


def _ref_json(r: Reference, found: bool, here: str) -> list[Any]:
    return [r.kind, r.name, _pos(r.position, here), r.text, r.product, r.origin, r.container,
            [list(e) for e in r.expect], str(r.base) if r.base is not None else None, r.edge, int(found)]


def _ref(j: list[Any], here: str) -> Reference:
    kind, name, pos, text, product, origin, container, expect, base, edge = j[:FOUND]
    return Reference(kind, name, _at(pos, here), text, product, origin, container, tuple((a, b) for a, b in expect),
                     Path(base) if base is not None else None, edge)


@dataclass
class _Part:
    """What one file brings: kept (``refs`` as kept, each constructed only when looked up) or worked out now."""

    token: str | None
    definitions: list[Definition]
    writes: list[Write]
    uses: list[Use]
    problems: list[Finding]
    kept: list[list[Any]] = field(default_factory=list)  # the kept references, JSON
    refs: list[Reference] = field(default_factory=list)  # the references worked out now
    looked_up: dict[int, Reference] = field(default_factory=dict)  # kept reference number -> its record
    entry: str | None = None  # the kept entry it came from, as kept (JSON text)
    flagged: bool = False  # whether a kept reference's "found" flag changed (the entry is written anew)


def _token(repo: Repository, f: SourceFile, items: list[Item]) -> str | None:
    facts = repo.facts.files.get(f.display) if repo.facts is not None else None
    if facts is None:
        return None
    return facts + json.dumps([[i.workspace, str(i.file)] for i in items], ensure_ascii=False)


def _worked_out(token: str | None, items: list[Item], scopes: dict[str, Any]) -> _Part:
    problems, refs = edges.split(found for i in items for found in edges.extract_item(i, scopes))
    return _Part(token, [d for i in items for d in index_mod.own_definitions(i)],
                 [w for i in items for w in index_mod.own_writes(i)],
                 [lineage.use_of(i, a) for i in items for a in accesses(i.resource) if a.mode in (READ, DECLARED_IN)],
                 problems, refs=refs)


def _kept(token: str, raw: str, here: str) -> _Part:
    entry = json.loads(raw)
    return _Part(token, [_def(j, here) for j in entry["d"]], [_write(j, here) for j in entry["w"]],
                 [_use(j, here) for j in entry["u"]], [_problem(j, here) for j in entry["p"]], list(entry["r"]),
                 entry=raw)


def _keys(kept: list[Any]) -> set[tuple[str, str]]:
    """The (kind, name) pairs a kept [token, entry] defines."""
    return {(j[0], j[1]) for j in json.loads(kept[1])["d"]}


def platform_digest(plat: Platform) -> str:
    body = repr((plat.label, [(e.kind, e.name, e.position, e.attrs) for e in plat.entries], plat.diagnostics))
    return hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Outcome:
    findings: list[Finding]
    index: Index
    state: State | None  # None: the kept state holds (nothing changed), or this run must keep nothing
    reused: int  # files whose kept part was taken (tests and benchmarks read it)
    looked_up: int  # name references resolved in this run (a cold run resolves every one)


def analyse(repo: Repository, catalog: Catalog, previous: State | None) -> Outcome:
    """The analysis's findings and index, taking what ``previous`` kept for each unchanged file."""
    with memo():
        return _analyse(repo, catalog, previous)


def _analyse(repo: Repository, catalog: Catalog, previous: State | None) -> Outcome:
    judged = setting(repo, catalog)
    digest = platform_digest(judged.platform)
    old: dict[str, Any] = previous.get("files", {}) if previous is not None else {}
    everything = previous is None or previous.get("platform") != digest
    paths = {f.display: f.found.path for f in repo.files}
    placed = index_mod.bundle_workspaces(repo, paths)
    scopes = scopes_of(catalog)
    parts: dict[str, _Part] = {}
    items: list[Item] = []
    touched: set[tuple[str, str]] = set()
    for f in repo.files:
        own = [Item(r, index_mod.workspace_of(r, placed.get(file)), file)
               for r in f.resources for file in (paths.get(r.path, repo.root / r.path),)]
        items += own
        token, kept = _token(repo, f, own), old.get(f.display)
        if kept is not None and token is not None and kept[0] == token:
            parts[f.display] = _kept(token, kept[1], f.display)
            continue
        if kept is not None:
            touched |= _keys(kept)
        if own:
            parts[f.display] = part = _worked_out(token, own, scopes)
            touched |= {(d.kind, d.name) for d in part.definitions}
    for display in old.keys() - paths.keys():
        touched |= _keys(old[display])
    return _judge(repo, judged, items, parts, touched, everything, digest, changed=bool(touched) or everything
                  or old.keys() != parts.keys())


def _judge(repo: Repository, judged: Setting, items: list[Item], parts: dict[str, _Part],
           touched: set[tuple[str, str]], everything: bool, digest: str, changed: bool) -> Outcome:
    index = index_mod.assembled(items, [d for p in parts.values() for d in p.definitions],
                                [w for p in parts.values() for w in p.writes], judged.platform)
    index.memo["uses"] = [u for p in parts.values() for u in p.uses]
    refs: list[Reference] = []
    for display, part in parts.items():
        if part.kept:
            for n, j in enumerate(part.kept):
                if everything or not j[FOUND] or j[7] or j[0] in ALWAYS_LOOKED_UP or (j[0], j[1]) in touched:
                    refs.append(part.looked_up.setdefault(n, _ref(j, display)))
        else:
            refs += part.refs
    resolved, found = judge(repo, index, judged, [f for p in parts.values() for f in p.problems], refs)
    hits = {id(r.reference) for r in resolved}
    for part in parts.values():
        for n, ref in part.looked_up.items():
            if part.kept[n][FOUND] != (id(ref) in hits):
                part.kept[n] = part.kept[n][:FOUND] + [int(id(ref) in hits)]
                part.flagged = changed = True
    state = _state(parts, hits, digest) if changed else None
    return Outcome(found, index, state, sum(1 for p in parts.values() if p.entry is not None),
                   sum(1 for r in refs if r.kind not in ("file", "dir")))


def _state(parts: dict[str, _Part], hits: set[int], digest: str) -> State | None:
    files: dict[str, Any] = {}
    for display, part in parts.items():
        if part.token is None:
            return None  # a file whose facts are unknown: nothing is kept
        if part.entry is not None and not part.flagged:
            files[display] = [part.token, part.entry]  # as kept: not encoded again
            continue
        entry = {"d": [_def_json(d, display) for d in part.definitions],
                 "w": [_write_json(w, display) for w in part.writes], "u": [_use_json(u, display) for u in part.uses],
                 "p": [_problem_json(f, display) for f in part.problems],
                 "r": part.kept or [_ref_json(r, id(r) in hits, display) for r in part.refs]}
        files[display] = [part.token, json.dumps(entry, separators=(",", ":"), ensure_ascii=False)]
    return {"platform": digest, "files": files}
