"""A diff's base side kept for the next diff against the same commit: its source hashes and its reduced build.

The base of ``dpc diff`` is read from a commit's tree only (:class:`~compiler.gitrepo.tree.GitTreeFS`), so
what :mod:`compiler.diff.runner` takes of it is a function of that tree's id and of what else the run brings:
dpc's code and schemas (:func:`compiler.load.cache.context_key`), where the repository and its root are,
and, for the build, the environment, the products wanted and whether the repository has product folders.
Both are kept in ``.git/dpc/diff-sources-<key>.json`` and ``.git/dpc/diff-base-<key>.json``
(:mod:`compiler.load.cachefile`'s format, under the whole key: a damaged, foreign or other key's file is
ignored and the side is computed again), so a second diff against the same base builds only the head.

Not kept: a base whose findings depend on the clock (``endOn``: :func:`compiler.rules.schedules.reads_clock`),
whose reduced form holds a secret value of the base (or a credential's shape), or that has a value with no
JSON form (:mod:`compiler.diff.keptforms`). Nothing is kept with DPC_NO_CACHE set or outside git.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.diff import keptforms
from compiler.diff.reduced import Reduced
from compiler.diff.sides import Sources
from compiler.emit.runner import BuildResult, Compiled
from compiler.load import cache, records
from compiler.load.cachefile import keep_newest, read_file, write_file
from compiler.pipeline.repository import secret_values_of
from compiler.redaction import shapes
from compiler.redaction.masks import Hidden
from compiler.rules.schedules import reads_clock
from compiler.schema.sensitive import values_of

SOURCES, BASE = "diff-sources", "diff-base"
KEPT = 4  # kept bases side by side (other commits, environments, products wanted)


@dataclass(frozen=True)
class Base:
    """What the diff takes of its base: the reduced build and the files the build read (absolute paths)."""

    reduced: Reduced
    read: frozenset[str]


def _folder(repo_root: Path) -> Path | None:
    return None if os.environ.get("DPC_NO_CACHE") else cache.folder(repo_root)


def _key(name: str, repo_root: Path, root: Path, tree: str, more: tuple[Any, ...] = ()) -> str:
    return cache.context_key((name, str(repo_root), str(root), tree, *more))


def _read(repo_root: Path, name: str, key: str) -> Any:
    folder = _folder(repo_root)
    return read_file(folder / f"{name}-{key[:16]}.json", key) if folder is not None else None


def _write(repo_root: Path, name: str, key: str, payload: Any) -> None:
    folder = _folder(repo_root)
    if folder is not None:
        write_file(folder / f"{name}-{key[:16]}.json", key, payload)
        keep_newest(folder, f"{name}-*.json", KEPT)


def sources(repo_root: Path, root: Path, tree: str, compute: Callable[[], Sources | None]) -> Sources | None:
    """The base's source hashes (None: its tree has no folder ``root``): kept, else ``compute``d and kept."""
    key = _key(SOURCES, repo_root, root, tree)
    stored = _read(repo_root, SOURCES, key)
    if isinstance(stored, dict) and set(stored) == {"sources"}:
        try:
            return None if stored["sources"] is None else keptforms.sources_from_json(stored["sources"])
        except (records.BadRecord, ValueError, TypeError):
            pass
    found = compute()
    _write(repo_root, SOURCES, key, {"sources": None if found is None else keptforms.sources_to_json(found)})
    return found


def base_key(repo_root: Path, root: Path, tree: str, environment: str, wanted: set[str] | None,
             plain: bool) -> str:
    """What the base's reduced build is a function of, besides dpc's code: the tree and the run's choices."""
    return _key(BASE, repo_root, root, tree, (environment, None if wanted is None else sorted(wanted), plain))


def taken(repo_root: Path, key: str) -> Base | None:
    """The base kept under ``key``, or None (none, damaged, foreign)."""
    stored = _read(repo_root, BASE, key)
    if not (isinstance(stored, dict) and set(stored) == {"reduced", "read"}):
        return None
    try:
        read = keptforms._strs(stored["read"])
        return Base(keptforms.reduced_from_json(stored["reduced"]), frozenset(read))
    except (records.BadRecord, ValueError, TypeError):
        return None


def secrets(made: Compiled | BuildResult | None) -> Hidden | None:
    """The secret values a kept base must not hold; None when the base is not to be kept at all (its
    findings read the clock). Call it while the base's repository is still there."""
    if not isinstance(made, Compiled):
        return Hidden()
    files = made.repository.files
    if any(f.parsed is not None and reads_clock(f.parsed.text) for f in files):
        return None
    return secret_values_of(files) | values_of(b.document.data for built in made.built.values() for b in built)


def _holds_secret(payload: Any, hidden: Hidden) -> bool:
    values = list(hidden)
    return any((values and any(v in text for v in values)) or shapes.find(text) for text in records.texts(payload))


def keep(repo_root: Path, key: str, base: Base, hidden: Hidden | None) -> None:
    """Keep ``base`` under ``key``, unless ``hidden`` is None or the kept form would hold one of its values."""
    if hidden is None or _folder(repo_root) is None:
        return
    try:
        payload = {"reduced": keptforms.reduced_to_json(base.reduced), "read": sorted(base.read)}
    except records.BadRecord:
        return
    if not _holds_secret(payload, hidden):
        _write(repo_root, BASE, key, payload)
