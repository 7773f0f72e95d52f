"""SQL summaries kept between runs, keyed by the sha256 of the dialect and the SQL text: a warm lint
reads them instead of parsing (and never imports sqlglot when every text is known).

A separate, small store beside the per-file cache (``.git/dpc/sql-<code>.json``, one per version of dpc's
code, see :mod:`compiler.load.cache`), in the cache's file format (:mod:`compiler.load.cachefile`): one header
line (magic, format, context key, sha256 of the body) and a JSON body. A summary depends only on the
text, the dialect and dpc's code (the context key holds the code's bytes), never on the date or on
other files, so an entry is never stale. A store that cannot be read is ignored; one that cannot be
written only makes the next run slower. Entries this run did not ask for are kept (a lint of one product keeps
the others') up to ``KEPT`` entries; past that only this run's are.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from compiler.load import cache, cachefile, fs
from compiler.sql.summary import Json, summarise

STEM = "sql"  # .git/dpc/sql-<code>.json: a file per version of dpc's code
VERSIONS = 2  # the newest files kept: two versions run in turn (a benchmark's pair) do not rewrite each other's
KEPT = 20_000


class Store:
    """The summaries of one run: those kept (read on the first summary asked for: a run whose SQL work is all
    kept elsewhere never reads them) and those this run asked for."""

    def __init__(self, path: Path | None, key: str = "") -> None:
        self.path, self.key = path, key
        self._known: dict[str, Json] | None = None if path is not None else {}
        self.used: dict[str, Json] = {}
        self.changed = False
        self.parsed = 0  # texts summarised (parsed) by this run: the rest came from the store

    @property
    def known(self) -> dict[str, Json]:
        if self._known is None:
            data = cachefile.read_file(self.path, self.key) if self.path is not None else None
            self._known = data if isinstance(data, dict) else {}
        return self._known

    def summary(self, text: str, dialect: str) -> Json:
        digest = hashlib.sha256(f"{dialect}\0{text}".encode()).hexdigest()
        found = self.used.get(digest) or self.known.get(digest)
        if not _fits(found):
            found = summarise(text, dialect)
            self.changed, self.parsed = True, self.parsed + 1
        self.used[digest] = found
        return found

    def save(self) -> None:
        if self.path is None or self._known is None or not self.changed:
            return  # nothing new to keep (what the store holds stays, those this run did not ask for too)
        kept = {**self._known, **self.used}
        chosen = kept if len(kept) <= KEPT else self.used
        cachefile.write_file(self.path, self.key, dict(sorted(chosen.items())))
        cachefile.keep_newest(self.path.parent, f"{STEM}-*.json", VERSIONS)


def _fits(found: Any) -> bool:
    if not isinstance(found, dict) or "empty" not in found:
        return False
    problem = found.get("problem")
    return isinstance(found.get("queries"), list) and isinstance(found.get("reads"), list) \
        and (problem is None or isinstance(problem, list))


_ACTIVE: ContextVar[Store | None] = ContextVar("dpc_sql_store", default=None)


_MEMORY = Store(None)  # when no store is open (dpc graph): this process's summaries, up to KEPT of them


def summary(text: str, dialect: str) -> Json:
    """The summary of ``text``: from the run's store when one is open, else from this process's memory."""
    store = _ACTIVE.get()
    if store is None:
        if len(_MEMORY.used) >= KEPT:
            _MEMORY.used.clear()
        store = _MEMORY
    return store.summary(text, dialect)


def file_name() -> str:
    """The store's file in ``.git/dpc/`` for this version of dpc's code."""
    return f"{STEM}-{cache.context_key((STEM,))[:16]}.json"


def is_open() -> bool:
    """Whether a caller holds a store open for this run (a diff, across its sides)."""
    return _ACTIVE.get() is not None


@contextmanager
def opened(root: Path) -> Iterator[Store]:
    """The store of the repository at ``root`` for one run (kept only in a git repository on disk); the
    one already open when a caller holds one (a diff, across its sides: summaries are by text alone)."""
    outer = _ACTIVE.get()
    if outer is not None:
        yield outer
        return
    on = isinstance(fs.ACTIVE.get(), fs.OSFileSystem) and not os.environ.get("DPC_NO_CACHE")
    place = cache.folder(root) if on else None
    store = Store(place / file_name() if place is not None else None, cache.context_key((STEM,)))
    token = _ACTIVE.set(store)
    try:
        yield store
    finally:
        _ACTIVE.reset(token)
        store.save()
