"""SQL summaries kept between runs, keyed by the sha256 of the dialect and the SQL text: a warm lint
reads them instead of parsing (and never imports sqlglot when every text is known).

A separate, small store beside the per-file cache (``.git/dpc/sql.json``, see
:mod:`compiler.load.cache`), in the cache's file format: one header line (magic, format, context
key, sha256 of the body) and a JSON body. A summary depends only on the text, the dialect and
dpc's code (the context key holds the code's bytes), never on the date or on other files, so an
entry is never stale. A store that cannot be read is ignored; one that cannot be written only
makes the next run slower. Entries this run did not ask for are kept (a lint of one product keeps
the others') up to ``KEPT`` entries; past that only this run's are.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from compiler.load import cache, fs
from compiler.sql.summary import Json, summarise

MAGIC = cache.MAGIC  # the cache files' header: every file under .git/dpc/ reads alike
NAME = "sql.json"
KEPT = 20_000


class Store:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.key = cache.context_key(("sql",)) if path is not None else ""
        self.known: dict[str, Json] = self._load() if path is not None else {}
        self.used: dict[str, Json] = {}
        self.changed = False

    def _load(self) -> dict[str, Json]:
        try:
            with open(self.path, "rb") as fh:  # type: ignore[arg-type]  # a cache file, not a repository file
                head, _, body = fh.read().partition(b"\n")
            header = json.loads(head)
            if isinstance(header, dict) and header.get("magic") == MAGIC and header.get("format") == cache.FORMAT \
                    and header.get("key") == self.key \
                    and header.get("sha256") == hashlib.sha256(body).hexdigest():
                data = json.loads(body)
                return data if isinstance(data, dict) else {}
        except (OSError, ValueError, RecursionError):
            pass
        return {}

    def summary(self, text: str, dialect: str) -> Json:
        digest = hashlib.sha256(f"{dialect}\0{text}".encode()).hexdigest()
        found = self.used.get(digest) or self.known.get(digest)
        if not _fits(found):
            found = summarise(text, dialect)
            self.changed = True
        self.used[digest] = found
        return found

    def save(self) -> None:
        if self.path is None or not (self.changed or len(self.used) != len(self.known)):
            return
        try:
            kept = {**self.known, **self.used}
            body = json.dumps(kept if len(kept) <= KEPT else self.used, separators=(",", ":"), sort_keys=True).encode()
            header = json.dumps({"magic": MAGIC, "format": cache.FORMAT, "key": self.key,
                                 "sha256": hashlib.sha256(body).hexdigest()})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{time.monotonic_ns()}")
            with open(tmp, "wb") as fh:
                fh.write(header.encode() + b"\n" + body)
            os.replace(tmp, self.path)
        except (OSError, ValueError, TypeError):
            pass


def _fits(found: Any) -> bool:
    if not isinstance(found, dict) or "empty" not in found:
        return False
    problem = found.get("problem")
    return isinstance(found.get("queries"), list) and isinstance(found.get("reads"), list) \
        and (problem is None or isinstance(problem, list))


_ACTIVE: ContextVar[Store | None] = ContextVar("dpc_sql_store", default=None)


def summary(text: str, dialect: str) -> Json:
    """The summary of ``text``: from the run's store when one is open, else parsed now."""
    store = _ACTIVE.get()
    if store is None:
        store = Store(None)
    return store.summary(text, dialect)


@contextmanager
def opened(root: Path) -> Iterator[Store]:
    """The store of the repository at ``root`` for one run (kept only in a git repository on disk)."""
    on = isinstance(fs.ACTIVE.get(), fs.OSFileSystem) and not os.environ.get("DPC_NO_CACHE")
    place = cache.folder(root) if on else None
    store = Store(place / NAME if place is not None else None)
    token = _ACTIVE.set(store)
    try:
        yield store
    finally:
        _ACTIVE.reset(token)
        store.save()
