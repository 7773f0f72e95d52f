"""One side of a diff: which products' sources differ, and the build of those products in memory.

A product's sources are the files in its folder, plus the files its manifests include (``file:``,
``sqlFile:``) from outside it, wherever they live (another product's folder too); the sources every
product shares are the other files of the repository (dpc.yaml, platform.yaml, environments/, SQL
or manifests included from elsewhere), less hidden files, build output and Markdown. Each is summed
up as a hash of the files' git blob ids (on a git tree the ids are read from the tree objects; only
the products' YAML is read, for its includes). Products whose hash is the same on both sides
compile to the same manifests and are skipped; the others, and the products reading their outputs
(lineage), are built, with the file system of their side active (:mod:`compiler.fs`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from compiler.diff import impact
from compiler.emit.runner import BuildOptions, BuildResult, Compiled, compile_products
from compiler.load import blobcache, confine, fs
from compiler.load.discover import BUILD_MARKER, SKIP_DIRS, YAML_SUFFIXES
from compiler.model import Repository
from compiler.project.config import load_config
from compiler.project.layout import product_roots
from compiler.resolve.index import Index
from compiler.schema.catalog import Catalog

WHOLE = ""  # the key of the one product of a repository without product folders


@dataclass(frozen=True)
class Sources:
    roots: tuple[Path, ...]
    shared: str  # hash of the files outside the product folders
    products: dict[str, str]  # product folder name -> hash of its files (WHOLE when there are no product folders)


def _files(folder: Path, skip: frozenset[Path] = frozenset()) -> Iterator[Path]:
    """The source files under ``folder`` in a stable order: iterative (any depth), and each real folder
    walked once, so links to a parent or to ``.`` end the walk instead of repeating it forever."""
    start = fs.realpath(folder)
    stack, walked = [(folder, start)], {start}
    while stack:
        current, current_real = stack.pop()
        subdirs = []
        try:
            entries = sorted(fs.scandir(current), key=lambda e: e.name)
        except OSError:
            entries = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            path = current / name
            if path in skip:
                continue
            if fs.entry_is_dir(entry):
                real = fs.realpath(path) if entry.is_symlink() else os.path.join(current_real, name)
                if name not in SKIP_DIRS and not fs.exists(path / BUILD_MARKER) and real not in walked:
                    walked.add(real)
                    subdirs.append((path, real))
            elif not name.lower().endswith(".md") and fs.is_file(path):
                yield path
        stack.extend(reversed(subdirs))


def _digest(folder: Path, files: Iterator[Path]) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(f"{path.relative_to(folder).as_posix()}\0{fs.content_id(path)}\n".encode())
    return h.hexdigest()


def source_files(root: Path) -> Iterator[Path]:
    """Every file of the repository a side's sources are made of, in a stable order."""
    return _files(root)


_INCLUDE = re.compile(r"""^[ \t-]*(?:file|sqlFile)[ \t]*:[ \t]*['"]?([^'"#\r\n]+?)['"]?[ \t]*(?:#.*)?$""", re.M)


def _reads(folder: Path, root: Path, files: list[Path]) -> list[str]:
    """The files a product's manifests include (``file:``, ``sqlFile:``) from outside its folder, as
    "path\\0content id": what the product reads, wherever it lives (another product's folder too)."""
    out = set()
    for path in files:
        if not path.name.lower().endswith(YAML_SUFFIXES):
            continue
        try:
            text = fs.read_bytes(path).decode("utf-8", "replace")
        except OSError:
            continue
        for value in _INCLUDE.findall(text):
            for base in (root, path.parent):
                target = Path(os.path.normpath(base / value.strip()))
                if not confine.inside(target, folder) and confine.problem(target, root) is None \
                        and fs.is_file(target):
                    out.add(f"{target.relative_to(root).as_posix()}\0{fs.content_id(target)}")
                    break
    return sorted(out)


def _product_digest(folder: Path, root: Path) -> str:
    files = list(_files(folder))
    reads = _reads(folder, root, files)
    return _digest(folder, iter(files)) + (hashlib.sha256("\n".join(reads).encode()).hexdigest() if reads else "")


def sources(root: Path) -> Sources:
    """The source hashes of the repository at ``root``, on the active file system."""
    roots = product_roots(root, load_config(root)[0])
    shared = _digest(root, _files(root, frozenset(roots)))
    if not roots:
        return Sources(roots, shared, {WHOLE: shared})
    products = {}
    for r in roots:
        for path in fs.iterdir(r):
            if fs.is_dir(path) and not path.name.startswith(".") and path.name not in products:
                products[path.name] = _product_digest(path, root)
    return Sources(roots, shared, products)


def differing(base: Sources, head: Sources) -> set[str] | None:
    """Products whose sources differ (None: all of them, the shared sources differ)."""
    if base.shared != head.shared or not base.roots or not head.roots:
        return None
    names = set(base.products) | set(head.products)
    return {n for n in names if base.products.get(n) != head.products.get(n)}


def build(side: fs.FileSystem, root: Path, environment: str | None, wanted: set[str] | None, plain: bool,
          catalog: Catalog, progress: Callable[[int, int], None] | None = None
          ) -> tuple[Compiled | BuildResult | None, Index | None]:
    """Build ``wanted`` (None: every product) and the products reading their outputs on ``side``, with the
    repository's reference index; nothing when nothing is wanted. The repository is read whole either way:
    references and lineage need it. A ``plain`` repository (no product folders) is one product."""
    if wanted is not None and not wanted:
        return None, None
    found: list[Index] = []

    def select(repo: Repository) -> tuple[str, ...]:
        found.append(impact.index(repo, catalog, side))
        chosen = set(wanted) if wanted is not None else {f.product for f in repo.files if f.product}
        return tuple(sorted(chosen | impact.readers(found[0], chosen)))

    with fs.use(blobcache.SideTracker(side)):  # per-file results kept and reused by blob id
        compiled = compile_products(BuildOptions(root, environment, progress=progress), None if plain else select)
    if plain and isinstance(compiled, Compiled):
        found.append(impact.index(compiled.repository, catalog, side))
    return compiled, (found[0] if found else None)
