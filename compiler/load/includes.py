"""``file:`` and ``sqlFile:`` paths: the one rule for where they point, and the build's reading of them.

:func:`locate` is the rule, used by the resolver (R003-R005), the build's includes (T005, T006)
and the graph. A relative path is looked for, in this order, from

1. the repository root (what most DataOS examples assume: ``dataos-ctl`` runs from the root);
2. the data product's folder: the manifest's folder cut before its first lifecycle folder
   (:data:`LIFECYCLE_FOLDERS`: ``build/``, ``deploy/``, ``activation/``, ``observability/``...), where
   the docs' bundling recipe runs ``dataos-ctl apply`` (``sales-360/deploy/bundle.yaml`` naming
   ``build/flare.yaml`` means ``sales-360/build/flare.yaml``);
3. the manifest's own folder.

The first folder holding the file wins. Absolute paths, ``~`` and paths that leave the repository
(``..``, or a symbolic link pointing outside) are refused; the build reads each file once per run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from compiler.load import confine, fs

MAX_BYTES = 5 * 1024 * 1024
ROOT, PRODUCT, RELATIVE, MISSING, ABSOLUTE, OUTSIDE = "root", "product", "relative", "missing", "absolute", "outside"
# the data product lifecycle folders the DataOS docs teach (design, build, deploy, activation, monitor...)
LIFECYCLE_FOLDERS = frozenset({"design", "build", "deploy", "deployment", "deployments", "activation", "activate",
                               "monitor", "monitoring", "observability", "bundle", "bundles"})


@dataclass(frozen=True)
class FileResolution:
    status: str  # one of ROOT, PRODUCT, RELATIVE, MISSING, ABSOLUTE, OUTSIDE
    path: Path | None  # the file found (absolute), when ROOT, PRODUCT or RELATIVE
    from_root: str  # the path written from the repository root, for hints
    tried: tuple[Path, ...] = ()  # the folders looked in, in order


def product_folder(folder: Path, root: Path) -> Path:
    """The data product folder holding ``folder``: ``folder`` cut before its first lifecycle folder
    (``a/sales-360/deploy/x`` -> ``a/sales-360``), else ``folder`` itself."""
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        return folder
    for i, part in enumerate(parts):
        if part.lower() in LIFECYCLE_FOLDERS:
            return root.joinpath(*parts[:i])
    return folder


@lru_cache(maxsize=8192)  # a pure function of two paths, asked for every file reference
def search_folders(root: Path, manifest_dir: Path) -> tuple[tuple[Path, str], ...]:
    """The folders a relative path is looked for from, in order, each with its status."""
    out = [(root, ROOT)]
    product = product_folder(manifest_dir, root)
    for folder, status in ((product, PRODUCT), (manifest_dir, RELATIVE)):
        if all(folder != f for f, _ in out):
            out.append((folder, status))
    return tuple(out)


def _inside(path: Path | str, root: Path) -> bool:
    return confine.inside(path, root)


def is_absolute(text: str) -> bool:
    """A leading ``/``, ``\\`` or ``~``, or a drive (``C:``): a POSIX path is absolute exactly when it starts with
    ``/``, so no path object is made (asked for every file reference)."""
    return text.startswith(("/", "\\", "~")) or (len(text) > 1 and text[1] == ":")


def _real_folder(folder: Path, real_dirs: dict[Path, Path] | None) -> Path:
    """``fs.resolve(folder)``, remembered in ``real_dirs`` (folder -> its real path, kept by the caller for
    one run: never longer, so a link changed between two runs of one process is seen)."""
    if real_dirs is None:
        return fs.resolve(folder)
    known = real_dirs.get(folder)
    if known is None:  # a folder that is no link is its parent's real path plus its name: one lstat, not one a part
        parent = folder.parent
        plain = parent != folder and folder.name not in ("", ".", "..") and not fs.is_link(folder)
        known = real_dirs[folder] = _real_folder(parent, real_dirs) / folder.name if plain else fs.resolve(folder)
    return known


def _real_entry(path: Path, real_dirs: dict[Path, Path] | None) -> str:
    """``fs.resolve(path)`` as text; with ``real_dirs`` an entry that is no link is its real folder plus its
    name: one lstat instead of one per path component."""
    if real_dirs is None or fs.is_link(path):
        return str(fs.resolve(path))
    return os.path.join(_real_folder(path.parent, real_dirs), path.name)


def locate(text: str, root: Path, manifest_dir: Path, want_dir: bool = False,
           real_dirs: dict[Path, Path] | None = None) -> FileResolution:
    """Where ``text`` points. ``root`` and ``manifest_dir`` are absolute; only the file system is asked."""
    if is_absolute(text):
        return FileResolution(ABSOLUTE, None, text)
    exists = fs.is_dir if want_dir else fs.is_file
    real_root = _real_folder(root, real_dirs)
    folders = search_folders(root, manifest_dir)
    tried = tuple(f for f, _ in folders)
    # joined as text (``Path / text`` then normpath gives the same string): a path object only for a candidate
    # that is inside the repository, to ask the file system
    candidates = [(os.path.normpath(os.path.join(base, text)), status) for base, status in folders]
    for written, status in candidates:
        if _inside(written, root) and exists(candidate := Path(written)):
            if not _inside(_real_entry(candidate, real_dirs), real_root):
                return FileResolution(OUTSIDE, None, text, tried)  # a link that leads out of the repository
            return FileResolution(status, candidate, candidate.relative_to(root).as_posix(), tried)
    if any(not _inside(c, root) for c, _ in candidates):
        return FileResolution(OUTSIDE, None, text, tried)
    return FileResolution(MISSING, None, text, tried)


def describe_folders(tried: tuple[Path, ...], root: Path) -> str:
    """'the repository root and in products/p/' (two folders) or '... , in sales-360/ and in sales-360/deploy/'."""
    shown = ["the repository root"] + [f"in {f.relative_to(root).as_posix()}/" if _inside(f, root) else
                                       f"in {f.as_posix()}/" for f in tried[1:]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


class IncludeProblem(Exception):
    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass
class Includes:
    repo_root: Path
    cache: dict[Path, str] = field(default_factory=dict)

    def resolve(self, value: str, manifest_dir: Path, key: str) -> Path:
        text = value.strip()
        if not text:
            raise IncludeProblem("T006", f"{key} is empty")
        bad = confine.malformed(text)
        if bad is not None:
            shown = text[:60].replace("\0", "\\0") + ("..." if len(text) > 60 else "")
            raise IncludeProblem("T006", f"{key} '{shown}' names no file: the path {bad}")
        root = fs.resolve(self.repo_root)
        found = locate(text, root, fs.resolve(manifest_dir))
        if found.status == ABSOLUTE:
            raise IncludeProblem("T005", f"{key} '{value}' is an absolute path; dpc only reads files inside the "
                                 "repository", "write the path relative to the repository root")
        if found.status == OUTSIDE:
            raise IncludeProblem("T005", f"{key} '{value}' leaves the repository", "keep included files inside "
                                 "the repository and write their paths relative to its root")
        if found.path is not None:
            return fs.resolve(found.path)
        raise IncludeProblem("T006", f"{key} '{value}' names no file (looked in "
                             f"{describe_folders(found.tried, root)})", "paths are relative to the repository root")

    def read(self, path: Path, key: str, value: str) -> str:
        if path in self.cache:
            fs.depends_on(path)  # what reads it now depends on it as much as the first reader did
            return self.cache[path]
        try:
            if fs.size(path) > MAX_BYTES:
                raise IncludeProblem("T006", f"{key} '{value}' is larger than {MAX_BYTES:,} bytes")
            text = fs.read_bytes(path).decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise IncludeProblem("T006", f"{key} '{value}' is not UTF-8 text") from None
        except OSError as err:
            raise IncludeProblem("T006", f"{key} '{value}' cannot be read: {err.strerror or err}") from None
        self.cache[path] = text
        return text

    def load(self, value: str, manifest_dir: Path, key: str) -> tuple[Path, str]:
        path = self.resolve(value, manifest_dir, key)
        return path, self.read(path, key, value)
