"""The per-product compile cache: a product whose inputs did not change is taken from the previous build.

Kept in ``.git/dpc/build.json`` (:mod:`compiler.load.cachefile`; none outside git, none with
``DPC_NO_CACHE``). One entry per environment and product folder:

- ``key``: a digest of what names the compile's inputs: dpc's code and schemas, the repository root
  and working directory (:func:`compiler.load.cache.context_key`), whether the repository is one
  product, the product folder, the display paths of its source files, and the paths of its
  product.yaml and of the environment file;
- ``deps``: every question the compile asked the file system and its answer, recorded while it ran
  (:class:`compiler.load.cache.TrackingFS`): the bytes of each source file, of dpc.yaml, platform.yaml
  and the environment file, of every ``file:``/``sqlFile:`` it read, and what loading the product's own
  product.yaml asked. Other products are no input: a product's compile reads nothing of theirs
  except through those reads;
- ``files``: each emitted file's name and sha256. The bytes themselves are the previous build's: a
  product is taken only when the output folder still holds every one of its files with that sha256,
  and is compiled again otherwise (a deleted, edited or other output folder).

Only compiles that found nothing are kept: a product with findings is compiled on every run, so
its findings are always the ones a cold build reports.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.load import cache, cachefile

FILE = "build.json"
FORMAT = 1


def product_key(context: str, folder: str, path: Path, sources: list[str], spec: Path | None,
                env: Path | None) -> str:
    """The digest naming one product's compile inputs (their contents are checked through ``deps``)."""
    parts = [context, folder, os.fspath(path), sorted(sources), os.fspath(spec) if spec else None,
             os.fspath(env) if env else None]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogateescape")).hexdigest()


def split_deps(deps: cache.Deps, roots: tuple[Path, ...]) -> tuple[cache.Deps, dict[str, cache.Deps]]:
    """Setup's questions: those of no product (dpc.yaml, the environment), and each product folder's own.
    The listing of a product root (which products exist) is no input of any one product's compile."""
    shared: cache.Deps = {}
    own: dict[str, cache.Deps] = {}
    prefixes = [(os.fspath(r), os.fspath(r) + os.sep) for r in roots]
    for key, answer in deps.items():
        op, _, path = key.partition("\0")
        for whole, prefix in prefixes:
            if path == whole:
                if op != "list":
                    shared[key] = answer
                break
            if path.startswith(prefix):
                own.setdefault(path[len(prefix):].split(os.sep, 1)[0], {})[key] = answer
                break
        else:
            shared[key] = answer
    return shared, own


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Reuse:
    """The previous build's entries, checked against the file system and the output folder ``out``."""

    path: Path | None  # None: nothing is kept (outside git, or DPC_NO_CACHE)
    key: str
    environment: str
    out: Path
    entries: dict[str, Any] = field(default_factory=dict)
    checker: cache.Checker = field(default_factory=lambda: cache.Checker(time.time_ns()))
    changed: bool = False

    @classmethod
    def open(cls, root: Path, cwd: Path, environment: str, out: Path) -> Reuse:
        base = cache.folder(root) if cache.enabled() else None
        path = base / FILE if base is not None else None
        key = cache.context_key(("build", FORMAT, os.fspath(root), os.fspath(cwd)))
        payload = cachefile.read_file(path, key) if path is not None else None
        entries = payload.get("entries") if isinstance(payload, dict) else None
        return cls(path, key, environment, out, entries if isinstance(entries, dict) else {})

    @property
    def on(self) -> bool:
        return self.path is not None

    def _name(self, folder: str) -> str:
        return f"{self.environment}\0{folder}"

    def take(self, folder: str, key: str) -> dict[str, str] | None:
        """The product's files (name -> text) from the output folder, when its entry still holds."""
        entry = self.entries.get(self._name(folder)) if self.on else None
        if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("files"), dict):
            return None
        if not self.checker.holds(entry.get("deps")):
            return None
        files: dict[str, str] = {}
        for name, digest in entry["files"].items():
            target = self.out / folder / name
            try:
                data = b"" if target.is_symlink() else target.read_bytes()
            except (OSError, ValueError):
                return None
            if not isinstance(name, str) or "/" in name or _sha256(data) != digest:
                return None
            try:
                files[name] = data.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return files

    def keep(self, folder: str, key: str, deps: cache.Deps, files: dict[str, str]) -> None:
        if not self.on:
            return
        self.entries[self._name(folder)] = {
            "key": key, "deps": deps, "files": {n: _sha256(t.encode("utf-8")) for n, t in files.items()}}
        self.changed = True

    def forget(self, folders: set[str]) -> None:
        """Drop this environment's entries of product folders that no longer exist."""
        gone = [n for n in self.entries if n.partition("\0")[0] == self.environment
                and n.partition("\0")[2] not in folders]
        for name in gone:
            del self.entries[name]
        self.changed = self.changed or bool(gone)

    def save(self) -> None:
        if self.path is not None and self.changed:
            cachefile.write_file(self.path, self.key, {"entries": self.entries})
            self.changed = False
