"""``file:`` / ``sqlFile:`` / ``includes`` paths as references: R003 (no such file), R004 (found only from
the manifest's own folder), R005 (absolute, or leaving the repository).

Where a path points is decided by :func:`compiler.load.includes.locate`, the one rule the build's
includes use too (the repository root, then the data product's folder, then the manifest's folder).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from compiler.core.suggest import closest
from compiler.load import fs
from compiler.load.includes import ABSOLUTE, OUTSIDE, PRODUCT, RELATIVE, ROOT, FileResolution, locate, search_folders
from compiler.resolve.findings import Finding, Reference, finding

__all__ = ["FileResolution", "resolve_path", "check_reference", "neighbours", "ROOT", "PRODUCT", "RELATIVE"]


_MEMO: ContextVar[dict[tuple[str, Path, Path, bool], FileResolution] | None] = ContextVar("resolve_memo",
                                                                                          default=None)
_REAL_DIRS: ContextVar[dict[Path, Path] | None] = ContextVar("resolve_real_dirs", default=None)


@contextmanager
def memo() -> Iterator[None]:
    """Within one analysis, each path is located once: the index, the reference checks and the deployed
    files ask for the same paths, and the file system does not change during a run."""
    token = _MEMO.set({}) if _MEMO.get() is None else None
    dirs = _REAL_DIRS.set({}) if token is not None else None
    try:
        yield
    finally:
        if token is not None and dirs is not None:
            _REAL_DIRS.reset(dirs)
            _MEMO.reset(token)


def resolve_path(text: str, root: Path, manifest_dir: Path, want_dir: bool = False) -> FileResolution:
    """Where ``text`` points (see :func:`compiler.load.includes.locate`)."""
    known = _MEMO.get()
    if known is None:
        return locate(text, root, manifest_dir, want_dir)
    key = (text, root, manifest_dir, want_dir)
    if key not in known:
        known[key] = locate(text, root, manifest_dir, want_dir, _REAL_DIRS.get())
    return known[key]


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def neighbours(text: str, root: Path, manifest_dir: Path) -> list[str]:
    """Root-relative paths of the files next to where ``text`` was looked for (did-you-mean candidates)."""
    out: list[str] = []
    for base, status in search_folders(root, manifest_dir):
        folder = Path(os.path.normpath(base / text)).parent
        if not _inside(folder, root) or not fs.is_dir(folder):
            continue
        try:
            entries = sorted(fs.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries[:500]:
            rel = Path(entry.path).relative_to(root).as_posix()
            out.append(rel if status != RELATIVE else os.path.relpath(entry.path, manifest_dir).replace(os.sep, "/"))
    return out


def _shown(folder: Path, root: Path) -> str:
    try:
        return (folder.relative_to(root).as_posix() or ".") + "/"
    except ValueError:
        return folder.as_posix() + "/"


def _looked(root: Path, base: Path) -> str:
    folders = search_folders(root, base)
    named = {status: folder for folder, status in folders}
    parts = ["from the repository root"]
    if PRODUCT in named:
        parts.append(f"from the data product's folder {_shown(named[PRODUCT], root)}")
    parts.append(f"from the manifest's folder {_shown(base, root)}")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def check_reference(ref: Reference, root: Path) -> Finding | None:
    """The finding for one ``file``/``dir`` reference, or None when it resolves from the root or the product."""
    base = ref.base or root
    found = resolve_path(ref.name, root, base, want_dir=ref.kind == "dir")
    what = "folder" if ref.kind == "dir" else "file"
    if found.status in (ROOT, PRODUCT):
        return None
    if found.status == RELATIVE and ref.kind == "dir":
        return None  # database migrate.includes: the docs always write the folder next to the manifest
    if found.status == RELATIVE:
        return finding("R004", ref.position, f"'{ref.name}' resolved relative to the manifest's folder; "
                       "write it from the repository root", f"write '{found.from_root}'")
    if found.status == ABSOLUTE:
        return finding("R005", ref.position, f"'{ref.name}' is an absolute path; dpc reads only files inside "
                       "the repository", "write the path from the repository root")
    if found.status == OUTSIDE:
        return finding("R005", ref.position, f"'{ref.name}' leads outside the repository; dpc reads only files "
                       "inside it", "write the path from the repository root, without '..' out of it")
    message = f"{what} '{ref.name}' does not exist (looked {_looked(root, base)})"
    near = {Path(n).name: n for n in neighbours(ref.name, root, base)}
    hits = [near[h] for h in closest(Path(ref.name).name, near)]
    suggestion = "; did you mean " + " or ".join(f"'{h}'" for h in hits) + "?" if hits else ""
    return finding("R003", ref.position, message + suggestion, target=(ref.kind, ref.name))
