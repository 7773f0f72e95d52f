"""What the cache keeps: per-file results (sharded) and the whole result of a full lint run.

Both are keyed by a context key and valid only while the dependencies recorded with them hold
(:mod:`compiler.load.cache` explains both); both are files of :mod:`compiler.load.cachefile`'s format.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.load import answers, cache
from compiler.load.cachefile import keep_newest, read_file, write_file

KEPT_CONTEXTS = 4  # per-file caches of different contexts (lint, build --env prod, diff...) kept side by side
KEPT_COUNTS = 4096  # counts kept in a Counts file, this run's first
SHARDS = 16  # per-file entries are spread over this many files: a one-file run rewrites one of them


def _shard(display: str) -> int:
    return int(hashlib.sha256(display.encode()).hexdigest()[:4], 16) % SHARDS


@dataclass
class Cache:
    """Per-file results: display path -> {"deps": Deps, "record": JSON of the checked file}."""

    base: Path | None  # None: caching is off for this run
    key: str
    started_ns: int = field(default_factory=time.time_ns)
    shards: dict[int, dict[str, Any]] = field(default_factory=dict)
    fresh: dict[int, dict[str, Any]] = field(default_factory=dict)
    changed: set[int] = field(default_factory=set)
    asked: set[str] = field(default_factory=set)  # the files this run looked up, stored or forgot
    whole: bool = False  # the run read every file: entries it did not ask about are of files no longer there

    @classmethod
    def open(cls, root: Path, key: str) -> Cache:
        base = cache.folder(root) if cache.enabled() else None
        if base is None:
            return cls(None, key)
        keep_newest(base, "lint-files-*", KEPT_CONTEXTS)
        return cls(base / f"lint-files-{key[:16]}", key)

    @property
    def on(self) -> bool:
        return self.base is not None

    def _entries(self, shard: int) -> dict[str, Any]:
        if shard not in self.shards:
            stored = read_file(self.base / f"{shard:02x}.json", self.key) if self.base is not None else None
            self.shards[shard] = stored if isinstance(stored, dict) else {}
        return self.shards[shard]

    def lookup(self, display: str, checker: cache.Checker, setting: str) -> Any:
        """The cached record of ``display`` when all it depends on is unchanged, else None. ``setting`` is the
        :func:`digest` of what every file depends on (dpc.yaml, product.yaml, the environment...), answered
        by this run: compared once as a whole instead of once per file."""
        if self.base is None:
            return None
        shard = _shard(display)
        self.asked.add(display)
        entry = self._entries(shard).get(display)
        if not isinstance(entry, dict) or entry.get("setting") != setting or not checker.holds(entry.get("deps")):
            return None
        deps = entry["deps"]
        settled = {k: checker.settled[k] for k in deps if k in checker.settled and deps[k] != checker.settled[k]}
        if settled:  # read while racy, the same bytes now and long enough ago: kept with a trusted signature
            entry = {**entry, "deps": {**deps, **settled}}
            self.changed.add(shard)
        self.fresh.setdefault(shard, {})[display] = entry
        return entry.get("record")

    def store(self, display: str, deps: cache.Deps, record: Any, setting: str) -> None:
        """Remember a file just checked with everything it read."""
        if self.base is None:
            return
        shard = _shard(display)
        self.asked.add(display)
        entry = {"setting": setting, "deps": answers.unimplied(deps), "record": record}
        self.fresh.setdefault(shard, {})[display] = entry
        if self._entries(shard).get(display) != entry:  # checked again to the same entry: nothing to write
            self.changed.add(shard)

    def save(self) -> None:
        """Write the shards an entry of which changed, and only those: entries this run did not ask about
        are kept as they were, unless the run read every file (:meth:`all_shards`)."""
        if self.base is None:
            return
        for shard in sorted(set(self.shards) | set(self.fresh)):
            entries, kept = self._entries(shard), dict(self.fresh.get(shard, {}))
            dropped = self.whole and not set(entries) <= set(kept)
            if shard in self.changed or dropped:
                if not self.whole:
                    kept.update((k, v) for k, v in entries.items() if k not in self.asked)
                write_file(self.base / f"{shard:02x}.json", self.key, dict(sorted(kept.items())))

    def forget(self, display: str) -> None:
        """Drop a record that turned out unusable (so the file is checked again and rewritten)."""
        shard = _shard(display)
        self.asked.add(display)
        self.fresh.get(shard, {}).pop(display, None)
        if self.base is not None and display in self._entries(shard):
            self.changed.add(shard)

    def all_shards(self) -> None:
        """Read every shard, so that :meth:`save` drops entries of files no longer there (a run that reads
        every file of the repository says so by calling this)."""
        self.whole = True
        for shard in range(SHARDS):
            self._entries(shard)


@dataclass
class ResultCache:
    """A whole lint result, valid while every question the run asked gets the same answer."""

    path: Path | None
    key: str
    started_ns: int = field(default_factory=time.time_ns)

    @classmethod
    def open(cls, root: Path, key: str) -> ResultCache:
        base = cache.folder(root) if cache.enabled() else None
        return cls(base / "lint-result.json" if base is not None else None, key)

    def get(self) -> Any:
        stored = read_file(self.path, self.key) if self.path is not None else None
        if not isinstance(stored, dict) or not cache.Checker(self.started_ns).holds(stored.get("deps"), once=True):
            return None
        return stored.get("result")

    def save(self, deps: cache.Deps, result: Any) -> None:
        if self.path is None:
            return
        git = str(self.path.parent.parent) + os.sep  # .git: git's own state is no input of a run
        kept = {k: v for k, v in deps.items() if not (k.partition("\0")[2] + os.sep).startswith(git)}
        write_file(self.path, self.key, {"deps": answers.unimplied(kept), "result": result})


@dataclass
class Counts:
    """Counts of a pure function of what a digest names (a file's bytes and its findings: how many ``--fix``
    would fix), kept between runs under that digest, so a warm run looks them up instead of computing them.
    Right while the context key (dpc's own code) is; a damaged or foreign file is only a slower run."""

    path: Path | None  # None: nothing is kept (outside git, or DPC_NO_CACHE)
    key: str
    stored: dict[str, Any] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, name: str) -> Counts:
        base = cache.folder(root) if cache.enabled() else None
        key = cache.context_key(("counts", name))
        path = base / f"{name}.json" if base is not None else None
        stored = read_file(path, key) if path is not None else None
        return cls(path, key, stored if isinstance(stored, dict) else {})

    def get(self, digest: str, compute: Callable[[], int]) -> int:
        known = self.stored.get(digest)
        value = known if isinstance(known, int) and not isinstance(known, bool) and known >= 0 else compute()
        self.used[digest] = value
        return value

    def save(self) -> None:
        """Keep this run's counts first, then earlier ones up to :data:`KEPT_COUNTS`; written when one is new."""
        if self.path is None or all(self.stored.get(k) == v for k, v in self.used.items()):
            return
        kept = dict(self.used)
        for digest, value in self.stored.items():
            if len(kept) >= KEPT_COUNTS:
                break
            kept.setdefault(digest, value)
        write_file(self.path, self.key, kept)
