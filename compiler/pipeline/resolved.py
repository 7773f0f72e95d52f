"""The reference check (a ``REPO_CHECKS`` entry), its analysis kept for the next run.

The analysis of :mod:`compiler.resolve` is a function of what each file brings (its documents with their
positions and its resources: the repository's :class:`~compiler.model.Facts`), of what every file depends
on (dpc.yaml, product.yaml, the environment), of dpc's code and schemas, and of the file-system questions it
asks while it runs (does a ``file:`` target exist, which folder is a link...). When none of these changed
since a run that kept it, its findings and the names the repository defines come back from
``.git/dpc/analysis-*.json`` instead of being worked out again: a commit that edits only SQL, or a comment
in a manifest, resolves nothing. Any other change computes the whole analysis again (one file's references
are not re-resolved alone yet: BENCHMARKS.md). The partial-run filter (:func:`compiler.resolve.scope.select`)
runs every time, on the kept names or on the index.

The kept file is of :mod:`compiler.load.cachefile`'s format (a damaged or foreign one is ignored); the
file-system answers are checked as the per-file cache checks its own (:class:`compiler.load.cache.Checker`)
and noted again into the run's recordings, so that the whole-result cache still depends on them. Nothing of
a secret value is kept: an analysis whose messages or names hold one is not stored.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from compiler.core.diagnostics import Diagnostic
from compiler.load import blobcache, cache, fs, records
from compiler.load.cachefile import keep_newest, read_file, write_file
from compiler.model import Repository
from compiler.pipeline.repository import secret_values_of
from compiler.redaction.masks import Hidden
from compiler.resolve import analyse, scope
from compiler.resolve.findings import Finding
from compiler.resolve.index import Index
from compiler.schema.catalog import Catalog

KEPT = 4  # analyses of different contexts (lint, build --env prod...) kept side by side


class Names:
    """The names an analysed repository defines, as kept: kind -> name -> the file of each definition (None
    for the platform's), which is all the partial-run filter asks."""

    def __init__(self, table: dict[str, dict[str, list[str | None]]]) -> None:
        self._table = table

    @classmethod
    def of(cls, index: Index) -> Names:
        return cls({kind: {name: [d.position.path if d.position is not None else None for d in defs]
                           for name, defs in names.items()} for kind, names in index.definitions.items()})

    def to_json(self) -> records.Json:
        return self._table

    def is_defined(self, kind: str, name: str) -> bool:
        return bool(self._table.get(kind, {}).get(name))

    def defined_in(self, paths: frozenset[str]) -> set[tuple[str, str]]:
        return {(kind, name) for kind, names in self._table.items() for name, where in names.items()
                if any(p in paths for p in where)}


def _finding_to_json(f: Finding) -> records.Json:
    return [records.diagnostic_to_json(f.diagnostic), list(f.target) if f.target else None, list(f.places)]


def _finding_from_json(data: records.Json) -> Finding:
    diag, target, places = data
    if not (target is None or (isinstance(target, list) and len(target) == 2 and all(isinstance(t, str)
                                                                                      for t in target))):
        raise records.BadRecord("a malformed finding target")
    if not (isinstance(places, list) and all(isinstance(p, str) for p in places)):
        raise records.BadRecord("malformed finding places")
    return Finding(records.diagnostic_from_json(diag), (target[0], target[1]) if target else None, tuple(places))


def _names_from_json(data: records.Json) -> Names:
    ok = isinstance(data, dict) and all(
        isinstance(names, dict) and all(isinstance(where, list) and all(p is None or isinstance(p, str)
                                                                         for p in where)
                                        for where in names.values())
        for names in data.values())
    if not ok:
        raise records.BadRecord("malformed kept names")
    return Names(data)


def key(repo: Repository) -> str | None:
    """What the analysis of ``repo`` is a function of, besides its file-system answers; None when the
    repository's facts are not known (nothing is cached in this run)."""
    facts = repo.facts
    if facts is None:
        return None
    h = hashlib.sha256(cache.context_key(("analysis", str(repo.root), tuple(map(str, repo.product_roots))))
                       .encode())
    h.update(facts.setting.encode())
    for f in repo.files:  # in the run's order: the analysis sees them in that order
        h.update(f"\n{f.display}\0{f.found.path}\0{f.found.kind}\0{facts.files.get(f.display)}".encode(
            "utf-8", "surrogateescape"))
    return h.hexdigest()


def _path(repo: Repository, memo_key: str) -> Path | None:
    base = cache.folder(repo.root) if not os.environ.get("DPC_NO_CACHE") else None
    return base / f"analysis-{memo_key[:16]}.json" if base is not None else None


@contextmanager
def _recorder() -> Iterator[tuple[cache.Recorder, cache.Checker] | None]:
    """What records the analysis's questions and what checks kept answers: a diff side's own file system
    (kept analyses are shared by both sides and the working tree: the key is what the files hold), or the
    run's tracking file system; None when this run caches nothing."""
    active = fs.ACTIVE.get()
    if isinstance(active, blobcache.SideTracker):
        yield active, blobcache.SideChecker(active.inner)
        return
    with cache.tracking() as tracker:
        yield (tracker, cache.Checker(tracker.started_ns)) if tracker is not None else None


def _kept(path: Path, memo_key: str, recorder: cache.Recorder, checker: cache.Checker
          ) -> tuple[list[Finding], Names] | None:
    stored = read_file(path, memo_key)
    if not isinstance(stored, dict) or not checker.holds(stored.get("deps")):
        return None
    try:
        found = [_finding_from_json(f) for f in stored["findings"]]
        names = _names_from_json(stored["names"])
    except (records.BadRecord, KeyError, TypeError, ValueError):
        return None
    recorder.replay(stored["deps"])
    return found, names


def _quotes(findings: tuple[Finding, ...], names: Names, hidden: Hidden) -> bool:
    """Whether anything to keep holds a secret value of the run."""
    if not hidden:
        return False
    texts = [t for f in findings for t in (f.diagnostic.message, f.diagnostic.hint or "")]
    texts += [n for table in names.to_json().values() for n in table]
    return any(v in t for t in texts for v in hidden)


def _store(path: Path, memo_key: str, deps: cache.Deps, findings: tuple[Finding, ...], names: Names) -> None:
    write_file(path, memo_key, {"deps": deps, "findings": [_finding_to_json(f) for f in findings],
                                "names": names.to_json()})
    keep_newest(path.parent, "analysis-*.json", KEPT)


def check(repo: Repository, catalog: Catalog) -> list[Diagnostic]:
    """Every reference finding the run's scope should show: kept, or worked out (and kept)."""
    memo_key = key(repo)
    path = _path(repo, memo_key) if memo_key is not None else None
    with _recorder() as recording:
        if path is None or memo_key is None or recording is None:
            analysis = analyse(repo, catalog)
            return scope.select(repo, list(analysis.findings), analysis.index)
        recorder, checker = recording
        kept = _kept(path, memo_key, recorder, checker)
        if kept is not None:
            return scope.select(repo, kept[0], kept[1])
        with recorder.recording() as deps:
            analysis = analyse(repo, catalog)
        names = Names.of(analysis.index)
        if not _quotes(analysis.findings, names, secret_values_of(repo.files)):
            _store(path, memo_key, deps, analysis.findings, names)
        return scope.select(repo, list(analysis.findings), analysis.index)
