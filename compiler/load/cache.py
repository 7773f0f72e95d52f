"""A cache of per-file lint work and of whole results, so a second run does only what changed.

Kept under ``.git/dpc/``; outside a git repository nothing is cached (dpc writes nothing into
a folder it was only asked to read). Never stale by construction:

- everything is keyed by a *context key*: dpc's version, the bytes of its code and of every
  schema, and the run's options and working directory;
- every other input is a *dependency*, recorded while the result was computed: each question the
  run asked the file system (:mod:`compiler.load.fs`) and its answer, a read file by its git blob
  id (the manifest itself, included SQL, dpc.yaml, the environment folder dpc.yaml names,
  platform.yaml, product.yaml, folder listings...). A cached result is reused only when every
  one of its questions gets the same answer again (see :class:`TrackingFS`);
- a read file whose size and times changed within two seconds of a run's start (a "racy" entry,
  as git calls it) is compared by its bytes, never by its times.

This module: the context key and the dependencies (recording them, checking they still hold).
What is kept: :mod:`compiler.load.stores` (per-file results, the whole result). How it is kept:
:mod:`compiler.load.cachefile`, data only: one header line (format version, context key, sha256 of the
payload) and a JSON payload (:mod:`compiler.load.records`), written to a temporary file and renamed (a
concurrent run sees the old file or the new one). A file that does not parse, does not match its
sha256, or has another version or key is ignored and rewritten. Nothing is ever unpickled or
evaluated: a crafted file can at worst describe a wrong result, never run code.

Only the operating system's file system is cached here: the sides of a diff (a commit's tree, or
the working tree compared with one) keep theirs in :mod:`compiler.load.blobcache`. A cache that
cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from compiler import __version__
from compiler.core.paths import PACKAGE, schemas_dir
from compiler.load import fs
from compiler.load.answers import Answers
from compiler.load.answers import listing as listing  # recorders of other file systems record alike
from compiler.load.cachefile import FORMAT

RACY_NS = 2_000_000_000
Deps = dict[str, Any]  # "op\0path" -> the answer the file system gave
T = TypeVar("T")


def _stat_sig(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


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


def context_key(options: tuple[Any, ...]) -> str:
    return hashlib.sha256(f"{FORMAT}|{__version__}|{_schema_key()}|{options!r}".encode()).hexdigest()


def _racy(sig: list[int] | None, started_ns: int) -> bool:
    """Changed so recently that the same size and times could hide another change."""
    return sig is not None and max(sig[1], sig[3]) >= started_ns - RACY_NS


def enabled() -> bool:
    """Whether this run caches: on the operating system's file system, unless DPC_NO_CACHE is set."""
    return isinstance(fs.ACTIVE.get(), fs.OSFileSystem) and not os.environ.get("DPC_NO_CACHE")


# --- dependencies ------------------------------------------------------------------------------------

class Recorder:
    """What every recording file system shares: the open recordings, and each question noted in all of
    them with its answer (the dependencies of what is computed while :meth:`recording` is open; questions
    asked outside go to the whole run, :attr:`run`)."""

    def __init__(self) -> None:
        self.run: Deps = {}
        self._open: list[Deps] = [self.run]

    @contextmanager
    def recording(self) -> Iterator[Deps]:
        deps: Deps = {}
        self._open.append(deps)
        try:
            yield deps
        finally:
            self._open.pop()

    def _kept(self, path: str) -> bool:
        """Whether a question about ``path`` is a dependency at all (all are, unless a subclass says not)."""
        return True

    def _note(self, op: str, path: Path | str, answer: Any) -> None:
        text = os.fspath(path)
        if not self._kept(text):
            return
        key = f"{op}\0{text}"
        for deps in self._open:
            deps[key] = answer

    def replay(self, deps: Deps) -> None:
        """Note again questions asked by an earlier run whose answers were just checked to hold (a kept result
        used instead of computed): what is recorded now depends on them as if they had been asked."""
        for deps_open in self._open:
            deps_open.update(deps)

    def _ask(self, op: str, path: Path | str, question: Callable[[], T]) -> T:
        try:
            answer = question()
        except OSError as err:
            self._note(op, path, ["error", err.errno])
            raise
        self._note(op, path, answer)
        return answer


class TrackingFS(Recorder, fs.OSFileSystem):
    """The operating system's file system, recording each question and its answer (:class:`Recorder`)."""

    def __init__(self, started_ns: int) -> None:
        super().__init__()
        self.started_ns = started_ns
        self._blobs: dict[str, list[Any]] = {}  # path -> [blob id, stat signature or None]

    def blob(self, path: Path | str, data: bytes | None = None) -> list[Any]:
        """[blob id, stat signature] of a file as read now (the signature is None when racy)."""
        key = os.fspath(path)
        if key not in self._blobs:
            before = _stat_sig(path)
            if data is None:
                data = Path(path).read_bytes()
            sig = before if before == _stat_sig(path) and not _racy(before, self.started_ns) else None
            self._blobs[key] = [fs.blob_id(data), sig]
        return self._blobs[key]

    def read_bytes(self, path: Path) -> bytes:
        try:
            data = super().read_bytes(path)
        except OSError as err:
            self._note("read", path, ["error", err.errno])
            raise
        self._note("read", path, self.blob(path, data))
        return data

    def depends_on(self, path: Path) -> None:
        try:
            self._note("read", path, self.blob(path))
        except OSError as err:
            self._note("read", path, ["error", err.errno])

    def is_file(self, path: Path) -> bool:
        return self._ask("file", path, lambda: super(TrackingFS, self).is_file(path))

    def is_dir(self, path: Path) -> bool:
        return self._ask("dir", path, lambda: super(TrackingFS, self).is_dir(path))

    def is_link(self, path: Path) -> bool:
        return self._ask("link", path, lambda: super(TrackingFS, self).is_link(path))

    def exists(self, path: Path | str) -> bool:
        return self._ask("exists", path, lambda: super(TrackingFS, self).exists(path))

    def scandir(self, folder: Path | str) -> list[fs.DirEntry]:
        entries = self._ask("list", folder, lambda: super(TrackingFS, self).scandir(folder))
        self._note("list", folder, listing(entries))
        return entries

    def size(self, path: Path) -> int:
        return self._ask("size", path, lambda: super(TrackingFS, self).size(path))

    def realpath(self, path: Path | str) -> str:
        return self._ask("real", path, lambda: super(TrackingFS, self).realpath(path))

    def content_id(self, path: Path) -> str:
        try:
            answer: str = self.blob(path)[0]
        except OSError as err:
            self._note("id", path, ["error", err.errno])
            raise
        self._note("id", path, answer)
        return answer


@contextmanager
def tracking() -> Iterator[TrackingFS | None]:
    """The run's :class:`TrackingFS` (activated here unless one already is); None when nothing is cached."""
    active = fs.ACTIVE.get()
    if isinstance(active, TrackingFS):
        yield active
    elif not enabled():
        yield None
    else:
        with fs.use(TrackingFS(time.time_ns())) as tracker:
            yield tracker  # type: ignore[misc]


class Checker:
    """Whether recorded dependencies still hold. Each question is answered at most once per run, from one
    system call per distinct path where one answers them all (:class:`compiler.load.answers.Answers`), and
    a question recorded alike in many entries is judged once."""

    def __init__(self, started_ns: int) -> None:
        self.started_ns = started_ns
        self._verdicts: dict[str, tuple[Any, bool]] = {}  # key -> (the recorded answer, whether it holds)
        # reads that held by their bytes and can be trusted by their signature from now on (recorded racy)
        self.settled: dict[str, list[Any]] = {}
        self._os = Answers()
        self._questions: dict[str, Callable[[str], Any]] = {
            "file": self._os.is_file, "dir": self._os.is_dir, "link": self._os.is_link, "exists": self._os.exists,
            "size": self._os.size, "real": self._os.realpath, "list": self._os.listing, "id": self._os.blob}

    def _answer(self, key: str, recorded: Any) -> Any:
        """The answer to the question ``key`` now (a read: the recorded answer when the file's size, times
        and inode are those recorded, long enough ago; else its blob id)."""
        op, _, path = key.partition("\0")
        if op == "read":
            pair = isinstance(recorded, list) and len(recorded) == 2
            sig = self._os.signature(path)
            if pair and recorded[1] is not None and recorded[1] == sig and not _racy(sig, self.started_ns):
                return recorded
            blob = self._os.blob(path)
            if isinstance(blob, list):
                return blob
            if pair and blob == recorded[0] and sig is not None and not _racy(sig, self.started_ns) \
                    and _stat_sig(path) == sig:  # the same before the bytes were read and after
                self.settled[key] = [blob, sig]
            return [blob, recorded[1] if pair else None]
        question = self._questions.get(op)
        return question(path) if question is not None else object()  # an unknown question never holds

    def _holds(self, key: str, recorded: Any) -> bool:
        answer = self._answer(key, recorded)
        if key.startswith("read") and isinstance(answer, list) and isinstance(recorded, list):
            return bool(answer[:1] == recorded[:1])
        return bool(answer == recorded)

    def holds(self, deps: Any, once: bool = False) -> bool:
        """Whether every question of ``deps`` gets its recorded answer; ``once``: the only dependencies this
        checker sees (a whole result), whose verdicts are not worth remembering."""
        if not isinstance(deps, dict):
            return False
        if once:
            return all(self._holds(key, recorded) for key, recorded in deps.items())
        verdicts = self._verdicts
        for key, recorded in deps.items():
            known = verdicts.get(key)
            if known is None or known[0] != recorded:
                known = verdicts[key] = (recorded, self._holds(key, recorded))
            if not known[1]:
                return False
        return True


def digest(deps: Deps) -> str:
    """The answers of ``deps`` as one hash (read files by content only, not by their times)."""
    answers = sorted((k, v[0] if k.startswith("read") and isinstance(v, list) and len(v) == 2 else v)
                     for k, v in deps.items())
    return hashlib.sha256(json.dumps(answers, ensure_ascii=False).encode("utf-8", "surrogateescape")).hexdigest()
