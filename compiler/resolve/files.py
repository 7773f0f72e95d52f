"""``file:`` / ``sqlFile:`` / ``includes`` paths: where they point, as the reference sheet §4 recommends.

A path resolves from the repository root first (what every DataOS example assumes: dataos-ctl
runs from the root), then from the manifest's own folder (accepted with a warning). Absolute
paths and paths that leave the repository are errors: the build must never read outside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from compiler.core.suggest import closest
from compiler.load import fs
from compiler.resolve.findings import Finding, Reference, finding

ROOT, RELATIVE, MISSING, ABSOLUTE, OUTSIDE = "root", "relative", "missing", "absolute", "outside"


@dataclass(frozen=True)
class FileResolution:
    status: str  # one of ROOT, RELATIVE, MISSING, ABSOLUTE, OUTSIDE
    path: Path | None  # the file found (absolute), when ROOT or RELATIVE
    from_root: str  # the path written from the repository root, for hints


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def _norm(base: Path, text: str) -> Path:
    return Path(os.path.normpath(base / text))


def _real(path: Path) -> Path:
    return _real_on(path, fs.ACTIVE.get())


@lru_cache(maxsize=256)
def _real_on(path: Path, system: fs.FileSystem) -> Path:
    return Path(system.realpath(path))


def resolve_path(text: str, root: Path, manifest_dir: Path, want_dir: bool = False) -> FileResolution:
    """Where ``text`` points. ``root`` and ``manifest_dir`` are absolute; only the file system is asked."""
    if text.startswith(("/", "\\", "~")) or PurePosixPath(text).is_absolute() or (len(text) > 1 and text[1] == ":"):
        return FileResolution(ABSOLUTE, None, text)
    exists = fs.is_dir if want_dir else fs.is_file
    real_root = _real(root)
    at_root, local = _norm(root, text), _norm(manifest_dir, text)
    for candidate, status in ((at_root, ROOT), (local, RELATIVE)):
        if _inside(candidate, root) and exists(candidate):
            if not _inside(fs.resolve(candidate), real_root):
                return FileResolution(OUTSIDE, None, text)  # a link that leads out of the repository
            return FileResolution(status, candidate, candidate.relative_to(root).as_posix())
    if not _inside(at_root, root) or not _inside(local, root):
        return FileResolution(OUTSIDE, None, text)
    return FileResolution(MISSING, None, text)


def neighbours(text: str, root: Path, manifest_dir: Path) -> list[str]:
    """Root-relative paths of the files next to where ``text`` was looked for (did-you-mean candidates)."""
    out: list[str] = []
    for base in (root, manifest_dir):
        folder = _norm(base, text).parent
        if not _inside(folder, root) or not fs.is_dir(folder):
            continue
        try:
            entries = sorted(fs.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries[:500]:
            rel = Path(entry.path).relative_to(root).as_posix()
            out.append(rel if base == root else os.path.relpath(entry.path, manifest_dir).replace(os.sep, "/"))
    return out


def check_reference(ref: Reference, root: Path) -> Finding | None:
    """The finding for one ``file``/``dir`` reference, or None when it resolves from the root."""
    base = ref.base or root
    found = resolve_path(ref.name, root, base, want_dir=ref.kind == "dir")
    what = "folder" if ref.kind == "dir" else "file"
    if found.status == ROOT:
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
    try:
        folder = base.relative_to(root).as_posix() or "."
    except ValueError:
        folder = base.as_posix()
    message = (f"{what} '{ref.name}' does not exist (looked from the repository root and from "
               f"the manifest's folder {folder}/)")
    near = {Path(n).name: n for n in neighbours(ref.name, root, base)}
    hits = [near[h] for h in closest(Path(ref.name).name, near)]
    suggestion = "; did you mean " + " or ".join(f"'{h}'" for h in hits) + "?" if hits else ""
    return finding("R003", ref.position, message + suggestion, target=(ref.kind, ref.name))
