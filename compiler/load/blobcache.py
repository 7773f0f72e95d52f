"""Per-file lint work of ``dpc diff``'s sides, shared by every side whose files have the same blobs.

A diff reads two sides: a commit's tree (git objects) and the working tree or another commit. Each
side's per-file results (a file's parse and per-file checks, :mod:`compiler.pipeline.repository`)
are kept here, under ``.git/dpc/blob-files-<context key>/``, in :mod:`compiler.load.cachefile`'s
format. A record is kept with the questions its computation asked the side's file system and the
answers it got (:mod:`compiler.load.cache`'s dependencies; a read file answers with its git blob id),
and with the *setting*: the answers to what every file depends on (dpc.yaml, the product roots,
product.yaml, the environment). A record is reused on any side, a commit's tree or the working
tree, where the setting and every recorded question give the same answers again: for a file whose
blob did not change that is a lookup in the tree's listing; within one diff the second side takes the
records the first made (from their JSON text, as a later run reads them). Never stale by construction; a
damaged or foreign store is ignored (the side is checked cold, with the same result) and rewritten.

:class:`SideTracker` is the side's file system while it is read (the recording),
:class:`SideChecker` answers recorded questions on a side, :class:`Store` keeps the records, and
:func:`opened` holds one store for a whole diff (both sides read it, it is written once).
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from compiler.load import cache, fs
from compiler.load.cachefile import keep_newest, read_file, write_file

SHARDS = 16
KEPT_PER_FILE = 4  # records of one path kept side by side (the base's blob, the head's, older ones)
KEPT_CONTEXTS = 2
T = TypeVar("T")
_GIT = f"{os.sep}.git{os.sep}"


class SideTracker(cache.Recorder):
    """A side's file system (``inner``), recording each question and its answer like
    :class:`compiler.load.cache.TrackingFS`; a read file is recorded by its blob id only."""

    def __init__(self, inner: fs.FileSystem) -> None:
        super().__init__()
        self.inner = inner

    def __hash__(self) -> int:
        return id(self)

    def _kept(self, path: str) -> bool:
        # is there a .git (looking for the repository's root): yes in the working tree, no in a commit's;
        # no file's result depends on it, so both sides share records
        return _GIT not in path + os.sep

    def read_bytes(self, path: Path) -> bytes:
        try:
            data = self.inner.read_bytes(path)
        except OSError as err:
            self._note("read", path, ["error", err.errno])
            raise
        self._note("read", path, [fs.blob_id(data), None])
        return data

    def depends_on(self, path: Path) -> None:
        try:
            self.read_bytes(path)
        except OSError:
            pass

    def is_file(self, path: Path) -> bool:
        return self._ask("file", path, lambda: self.inner.is_file(path))

    def is_dir(self, path: Path) -> bool:
        return self._ask("dir", path, lambda: self.inner.is_dir(path))

    def is_link(self, path: Path) -> bool:
        return self._ask("link", path, lambda: self.inner.is_link(path))

    def exists(self, path: Path | str) -> bool:
        return self._ask("exists", path, lambda: self.inner.exists(path))

    def scandir(self, folder: Path | str) -> list[fs.DirEntry]:
        entries = self._ask("list", folder, lambda: self.inner.scandir(folder))
        self._note("list", folder, cache.listing(entries))
        return entries

    def size(self, path: Path) -> int:
        return self._ask("size", path, lambda: self.inner.size(path))

    def realpath(self, path: Path | str) -> str:
        return self._ask("real", path, lambda: self.inner.realpath(path))

    def content_id(self, path: Path) -> str:
        return self._ask("id", path, lambda: self.inner.content_id(path))


_QUESTIONS: dict[str, Callable[[fs.FileSystem, str], Any]] = {
    "read": lambda side, p: [fs.blob_id(side.read_bytes(Path(p))), None],  # read, so the side notes it
    "id": lambda side, p: side.content_id(Path(p)), "file": lambda side, p: side.is_file(Path(p)),
    "dir": lambda side, p: side.is_dir(Path(p)), "link": lambda side, p: side.is_link(Path(p)),
    "exists": lambda side, p: side.exists(p), "size": lambda side, p: side.size(Path(p)),
    "real": lambda side, p: side.realpath(p), "list": lambda side, p: cache.listing(side.scandir(p)),
}


class SideChecker(cache.Checker):
    """Whether recorded dependencies hold on a side (:meth:`compiler.load.cache.Checker.holds`), each
    question answered by the side's file system instead of the disk's."""

    def __init__(self, side: fs.FileSystem) -> None:
        super().__init__(0)
        self.side = side

    def _answer(self, key: str, recorded: Any = None) -> Any:
        op, _, path = key.partition("\0")
        question = _QUESTIONS.get(op)
        if question is None:
            return object()  # an unknown question never holds
        try:
            return question(self.side, path)
        except OSError as err:
            return ["error", err.errno]



def _shard(display: str) -> int:
    return int(hashlib.sha256(display.encode()).hexdigest()[:4], 16) % SHARDS


@dataclass
class Store:
    """Per-file records: display path -> up to :data:`KEPT_PER_FILE` entries {"setting", "deps", "record"}
    (the record as JSON text, so that a store is read cheaply and holds little memory until a record is used):
    when a shard is written, this run's new records first, then those this run used, then the others; one
    entry for each setting and dependencies (the same file on both sides is one entry)."""

    base: Path | None  # None: nothing is kept
    key: str
    shards: dict[int, dict[str, list[Any]]] = field(default_factory=dict)
    fresh: dict[int, dict[str, list[Any]]] = field(default_factory=dict)  # stored by this run: written, and looked up
    used: dict[int, dict[str, list[Any]]] = field(default_factory=dict)  # the entries this run's lookups took
    changed: set[int] = field(default_factory=set)
    held: bool = False  # held by :func:`opened`, which writes it once at the end
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, root: Path, key: str) -> Store:
        base = cache.folder(root) if not os.environ.get("DPC_NO_CACHE") else None
        if base is None:
            return cls(None, key)
        keep_newest(base, "blob-files-*", KEPT_CONTEXTS)
        return cls(base / f"blob-files-{key[:16]}", key)

    @property
    def on(self) -> bool:
        return self.base is not None

    def _entries(self, shard: int) -> dict[str, list[Any]]:
        if shard not in self.shards:
            stored = read_file(self.base / f"{shard:02x}.json", self.key) if self.base is not None else None
            self.shards[shard] = {k: v for k, v in stored.items() if isinstance(v, list)} \
                if isinstance(stored, dict) else {}
        return self.shards[shard]

    def lookup(self, display: str, checker: cache.Checker, setting: str) -> Any:
        """The record of ``display`` whose setting and dependencies hold on the checker's side, else None."""
        if self.base is None:
            return None
        shard = _shard(display)
        kept = [*self.fresh.get(shard, {}).get(display, []), *self._entries(shard).get(display, [])]
        for entry in kept:
            if isinstance(entry, dict) and entry.get("setting") == setting and checker.holds(entry.get("deps")):
                self.used.setdefault(shard, {}).setdefault(display, []).append(entry)
                self.hits += 1
                return _decoded(entry.get("record"))
        self.misses += 1
        return None

    def forget(self, display: str) -> None:
        """Nothing to drop: a record that does not fit one side may fit the other."""

    def store(self, display: str, deps: cache.Deps, record: Any, setting: str) -> None:
        if self.base is None:
            return
        shard = _shard(display)
        try:
            text = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
            answers = json.loads(json.dumps(deps, ensure_ascii=False))  # as the file gives them back
        except (TypeError, ValueError, RecursionError):
            return
        self.fresh.setdefault(shard, {}).setdefault(display, []).insert(
            0, {"setting": setting, "deps": answers, "record": text})
        self.changed.add(shard)

    def save(self) -> None:
        """Write the shards that changed, this run's records first; a held store waits for the end of the
        diff that opened it (its other side reads this run's records as a later run reads them from the file:
        the same JSON text and answers)."""
        if not self.held:
            self.write()

    def write(self) -> None:
        if self.base is None:
            return
        for shard in sorted(self.changed):
            entries, fresh, used = self._entries(shard), self.fresh.get(shard, {}), self.used.get(shard, {})
            for display in fresh:
                entries[display] = _distinct([*fresh[display], *used.get(display, []), *entries.get(display, [])])
            write_file(self.base / f"{shard:02x}.json", self.key, dict(sorted(entries.items())))
        self.changed.clear()
        self.fresh.clear()
        self.used.clear()


def _decoded(text: Any) -> Any:
    """A record kept as JSON text (decoded only when its dependencies hold); None when it is not."""
    try:
        return json.loads(text) if isinstance(text, str) else None
    except (ValueError, RecursionError):
        return None


def _distinct(entries: list[Any]) -> list[Any]:
    """The first :data:`KEPT_PER_FILE` entries of different settings and dependencies."""
    out: dict[str, Any] = {}
    for entry in entries:
        if isinstance(entry, dict):
            out.setdefault(json.dumps([entry.get("setting"), entry.get("deps")], sort_keys=True), entry)
    return list(out.values())[:KEPT_PER_FILE]


_OPEN: contextvars.ContextVar[dict[str, Store] | None] = contextvars.ContextVar("dpc_blob_stores", default=None)


@contextmanager
def opened() -> Iterator[dict[str, Store]]:
    """Within: :func:`store` hands out one store per repository and context key, written on the way out;
    inside another :func:`opened`, that one's stores (its caller counts what they did)."""
    outer = _OPEN.get()
    if outer is not None:
        yield outer
        return
    stores: dict[str, Store] = {}
    token = _OPEN.set(stores)
    try:
        yield stores
    finally:
        _OPEN.reset(token)
        for kept in stores.values():
            kept.write()


def store(root: Path, key: str) -> Store:
    """The store of ``root`` for ``key``: the one :func:`opened` holds, else one of its own (saved by
    the caller)."""
    stores = _OPEN.get()
    name = f"{root}\0{key}"
    if stores is None:
        return Store.open(root, key)
    if name not in stores:
        stores[name] = Store.open(root, key)
        stores[name].held = True
    return stores[name]
