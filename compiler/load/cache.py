"""A cache of per-file lint work and of whole results, so a second run does only what changed.

Kept under ``.git/dpc/``; outside a git repository nothing is cached (dpc writes nothing into
a folder it was only asked to read). Never stale by construction:

- everything is keyed by a *context key*: dpc's version, the bytes of its code and of every
  schema, the run's options and working directory, and the bytes of dpc's own spec files
  (dpc.yaml, platform.yaml, environments, every product.yaml), since those change how other
  files are checked. Any change to one of them starts from an empty cache;
- a file's cached result is reused only when its size, modification time (ns), inode and
  change time are the ones recorded, or when its bytes hash the same; a file changed within
  two seconds of a run's start is never recorded (a "racy" entry, as git calls it);
- a whole result is reused only for a full run (every file asked about), while every path
  that run looked at (files, folders, referenced SQL files, platform.yaml...) has the same
  size and times.

Only the operating system's file system is cached: a diff's base revision comes from git
objects and is never cached here. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path

from compiler import __version__
from compiler.core.paths import PACKAGE, schemas_dir
from compiler.load import fs

FORMAT = 1
RACY_NS = 2_000_000_000


def _stat_sig(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def folder(root: Path) -> Path | None:
    """``.git/dpc/`` of the repository; None outside git, where dpc writes no cache at all."""
    git = root / ".git"
    return git / "dpc" if git.is_dir() else None


_SCHEMA_KEY: str | None = None


def _schema_key() -> str:
    """The bytes of every schema and of dpc's own code: an edited checkout is a new dpc."""
    global _SCHEMA_KEY
    if _SCHEMA_KEY is None:
        h = hashlib.sha256()
        code = PACKAGE
        for base, pattern in ((schemas_dir(), "*.json"), (code, "*.py"), (code, "*.yaml")):
            for p in sorted(base.rglob(pattern)):
                h.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
        _SCHEMA_KEY = h.hexdigest()
    return _SCHEMA_KEY


def context_key(root: Path, spec_files: list[Path], options: tuple) -> str:
    h = hashlib.sha256(f"{FORMAT}|{__version__}|{_schema_key()}|{options!r}".encode())
    for p in sorted(spec_files):
        h.update(str(p).encode() + b"\0")
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()


def _racy(sig: tuple | None, started_ns: int) -> bool:
    """Changed so recently that the same size and times could hide another change."""
    return sig is not None and max(sig[1], sig[3]) >= started_ns - RACY_NS


def _write(path: Path, payload: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def _read(path: Path, key: str) -> dict | None:
    try:
        with open(path, "rb") as fh:
            stored = pickle.load(fh)
    except Exception:  # a missing, foreign or damaged cache is only a slower run
        return None
    ok = isinstance(stored, dict) and stored.get("key") == key and stored.get("format") == FORMAT
    return stored if ok else None


KEPT_CONTEXTS = 4  # per-file caches of different contexts (lint, build --env prod, diff...) kept side by side


def _keep_newest(base: Path, pattern: str, count: int) -> None:
    """Delete all but the ``count`` most recently written cache files matching ``pattern``."""
    try:
        found = sorted(base.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in found[count:]:
            old.unlink()
    except OSError:
        pass


def _enabled() -> bool:
    return isinstance(fs.ACTIVE.get(), fs.OSFileSystem) and not os.environ.get("DPC_NO_CACHE")


@dataclass
class Cache:
    """Per-file results: display path -> (stat signature, sha256 of the bytes, SourceFile)."""

    path: Path | None  # None: caching is off for this run
    key: str
    started_ns: int = field(default_factory=time.time_ns)
    entries: dict = field(default_factory=dict)
    fresh: dict = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, root: Path, key: str) -> Cache:
        base = folder(root) if _enabled() else None
        if base is None:
            return cls(None, key)
        path = base / f"lint-files-{key[:16]}.pickle"
        _keep_newest(base, "lint-files-*.pickle", KEPT_CONTEXTS)
        stored = _read(path, key)
        return cls(path, key, entries=stored["entries"] if stored else {})

    def lookup(self, display: str, path: Path):
        """The cached SourceFile of an unchanged file, else None."""
        entry = self.entries.get(display) if self.path is not None else None
        sig = _stat_sig(path) if entry is not None else None
        if entry is None or sig is None:
            return None
        old_sig, digest, source = entry
        if sig != old_sig:
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                    return None
            except OSError:
                return None
            self.dirty = True
            if _racy(sig, self.started_ns):
                return source
        self.fresh[display] = (sig, digest, source)
        return source

    def store(self, display: str, path: Path, source) -> None:
        """Remember a file just checked, unless it changed too recently to be trusted later."""
        if self.path is None:
            return
        sig = _stat_sig(path)
        if sig is None or _racy(sig, self.started_ns):
            return
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return
        if _stat_sig(path) == sig:
            self.fresh[display] = (sig, digest, source)
            self.dirty = True

    def save(self) -> None:
        if self.path is not None and (self.dirty or len(self.fresh) != len(self.entries)):
            _write(self.path, {"format": FORMAT, "key": self.key, "entries": self.fresh})


class RecordingFS(fs.OSFileSystem):
    """The operating system's file system, noting every path a run asks about."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def _note(self, path) -> None:
        self.seen.add(os.fspath(path))

    def read_bytes(self, path):
        self._note(path)
        return super().read_bytes(path)

    def is_file(self, path):
        self._note(path)
        return super().is_file(path)

    def is_dir(self, path):
        self._note(path)
        return super().is_dir(path)

    def exists(self, path):
        self._note(path)
        return super().exists(path)

    def scandir(self, folder):
        self._note(folder)
        return super().scandir(folder)

    def size(self, path):
        self._note(path)
        return super().size(path)

    def realpath(self, path):
        self._note(path)
        return super().realpath(path)

    def content_id(self, path):
        self._note(path)
        return super().content_id(path)


@dataclass
class ResultCache:
    """A whole lint result, valid while every path the run looked at is exactly as it was."""

    path: Path | None
    key: str
    started_ns: int = field(default_factory=time.time_ns)

    @classmethod
    def open(cls, root: Path, key: str) -> ResultCache:
        base = folder(root) if _enabled() else None
        return cls(base / "lint-result.pickle" if base is not None else None, key)

    def get(self):
        stored = _read(self.path, self.key) if self.path is not None else None
        if stored is None:
            return None
        for path, sig in stored["seen"].items():
            if _stat_sig(Path(path)) != sig:
                return None
        return stored["result"]

    def save(self, seen: set[str], extra: list[Path], result) -> None:
        if self.path is None:
            return
        git = str(self.path.parent.parent)  # .git: git's own state is no input of a full run
        paths = sorted(p for p in seen | {str(p) for p in extra} if p != git and not p.startswith(git + os.sep))
        sigs = {p: _stat_sig(Path(p)) for p in paths}
        if any(_racy(sig, self.started_ns) for sig in sigs.values()):
            return  # something changed during the run: the next run checks again
        _write(self.path, {"format": FORMAT, "key": self.key, "seen": sigs, "result": result})
