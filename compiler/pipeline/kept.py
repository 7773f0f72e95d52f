"""Repository-wide work kept for the next run: a value worked out from the whole repository, reused while
nothing it was computed from changed.

Such a value (the reference analysis, the files the manifests include: compiler/pipeline/repochecks.py) is a function of
what each file brings (the repository's :class:`~compiler.model.Facts`: each file's documents with their
positions and its resources, and the answers its own check got), of what every file depends on (the setting:
dpc.yaml, product.yaml, the environment), of dpc's code and schemas, of what the caller adds to the key (the
run's scope...), and of the file-system questions it asks while it is worked out (does a ``file:`` target
exist, which folder is a link...). The questions are recorded while it is computed and kept with it in
``.git/dpc/<name>-<key>.json`` (:mod:`compiler.load.cachefile`'s format: a damaged or foreign file is
ignored); a later run with the same key takes it when every question gets the same answer again
(:class:`compiler.load.cache.Checker`, or a diff side's :class:`~compiler.load.blobcache.SideChecker`), and
notes the questions into its own recordings, so that the whole-result cache still depends on them. Nothing
holding a secret value of the run is kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from compiler.load import blobcache, cache, fs, records
from compiler.load.cachefile import keep_newest, read_file, write_file
from compiler.model import Repository
from compiler.pipeline.repository import secret_values_of

KEPT = 4  # values of one name for different contexts (lint, build --env prod, a partial run...) side by side
T = TypeVar("T")


def key(repo: Repository, name: str, extra: object = ()) -> str | None:
    """What a value ``name`` of ``repo`` is a function of, besides its file-system answers; None when the
    repository's facts are not known (nothing is cached in this run)."""
    facts = repo.facts
    if facts is None:
        return None
    h = hashlib.sha256(cache.context_key((name, str(repo.root), tuple(map(str, repo.product_roots)), extra))
                       .encode())
    h.update(facts.setting.encode())
    for f in repo.files:  # in the run's order: the value is worked out from them in that order
        h.update(f"\n{f.display}\0{f.found.path}\0{f.found.kind}\0{facts.files.get(f.display)}".encode(
            "utf-8", "surrogateescape"))
    return h.hexdigest()


@contextmanager
def _recorder() -> Iterator[tuple[cache.Recorder, cache.Checker] | None]:
    """What records the questions and what checks kept answers: a diff side's own file system (kept values
    are shared by both sides and the working tree: the key is what the files hold), or the run's tracking
    file system; None when this run caches nothing."""
    active = fs.ACTIVE.get()
    if isinstance(active, blobcache.SideTracker):
        yield active, blobcache.SideChecker(active.inner)
        return
    with cache.tracking() as tracker:
        yield (tracker, cache.Checker(tracker.started_ns)) if tracker is not None else None


def _place(repo: Repository, name: str, extra: object) -> tuple[Path, str] | None:
    """The kept file of value ``name`` of ``repo`` and its key; None when this run keeps nothing."""
    memo_key = key(repo, name, extra)
    base = cache.folder(repo.root) if memo_key is not None and not os.environ.get("DPC_NO_CACHE") else None
    return (base / f"{name}-{memo_key[:16]}.json", memo_key) if base is not None and memo_key is not None else None


def _taken(place: tuple[Path, str], recording: tuple[cache.Recorder, cache.Checker],
           from_json: Callable[[records.Json], T]) -> tuple[T] | None:
    """The kept value, its questions noted in this run's recordings, when every one gets its answer again."""
    recorder, checker = recording
    stored = read_file(*place)
    if isinstance(stored, dict) and checker.holds(stored.get("deps")):
        try:
            value = from_json(stored.get("value"))
        except (records.BadRecord, KeyError, TypeError, ValueError, IndexError):
            return None
        recorder.replay(stored["deps"])
        return (value,)
    return None


def taken(repo: Repository, name: str, extra: object, from_json: Callable[[records.Json], T]) -> tuple[T] | None:
    """What :func:`computed` would take from an earlier run, without computing anything when there is none
    (a caller choosing where to compute it: compiler/pipeline/stages.py)."""
    place = _place(repo, name, extra)
    with _recorder() as recording:
        return _taken(place, recording, from_json) if place is not None and recording is not None else None


def computed(repo: Repository, name: str, extra: object, compute: Callable[[], T],
             to_json: Callable[[T], records.Json], from_json: Callable[[records.Json], T]) -> T:
    """The value ``compute`` works out for ``repo``: kept from an earlier run when nothing it depends on
    changed, else computed now (and kept). ``from_json`` raises :class:`~compiler.load.records.BadRecord`
    (or KeyError, TypeError, ValueError) for a kept value it cannot take: it is then computed again."""
    place = _place(repo, name, extra)
    with _recorder() as recording:
        if place is None or recording is None:
            return compute()
        kept = _taken(place, recording, from_json)
        if kept is not None:
            return kept[0]
        with recording[0].recording() as deps:
            value = compute()
        _store(repo, place[0], place[1], deps, to_json(value))
        return value


def _keepable(repo: Repository, payload: records.Json) -> bool:
    """Whether ``payload`` holds no secret value of the run: nothing of one goes to the cache."""
    hidden = secret_values_of(repo.files)
    return not (hidden and any(v in text for text in records.texts(payload) for v in hidden))


def _store(repo: Repository, path: Path, memo_key: str, deps: cache.Deps, payload: records.Json) -> None:
    if not _keepable(repo, payload):
        return
    write_file(path, memo_key, {"deps": deps, "value": payload})
    keep_newest(path.parent, path.name.rsplit("-", 1)[0] + "-*.json", KEPT)


def carried(repo: Repository, name: str, extra: object,
            work: Callable[[records.Json | None], tuple[T, records.Json | None]]) -> T:
    """The value ``work`` works out from the *state* the previous run of ``name`` left (None: there is none),
    and the state it leaves for the next run (None: the one there holds). A state's key is dpc's context and the
    run's setting only, not the files' facts: comparing them is the worker's (compiler/resolve/incremental.py),
    so a state asks no file-system question of its own. Nothing holding a secret value is kept; a damaged or
    foreign file is no state."""
    facts = repo.facts
    base = cache.folder(repo.root) if facts is not None and not os.environ.get("DPC_NO_CACHE") else None
    if base is None or facts is None:
        return work(None)[0]
    state_key = hashlib.sha256(cache.context_key((name, str(repo.root), tuple(map(str, repo.product_roots)),
                                                  extra)).encode() + facts.setting.encode()).hexdigest()
    path = base / f"{name}-{state_key[:16]}.json"
    previous = read_file(path, state_key)
    value, state = work(previous if isinstance(previous, dict) else None)
    if state is not None and _keepable(repo, state):
        write_file(path, state_key, state)
        keep_newest(base, f"{name}-*.json", KEPT)
    return value
