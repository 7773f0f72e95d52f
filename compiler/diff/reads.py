"""Which files a side's build read, and which files changed between the sides: so every changed file
is accounted for (compiled into a resource, not compiled, or not a DataOS file).

:class:`Reading` wraps a side's file system and notes each file whose bytes were read. The listing
of a side is every file :mod:`compiler.diff.sides` hashes (hidden files, build output and Markdown
left out), each with its git blob id, so two listings tell the changed files without reading them.
"""

from __future__ import annotations

import os
from pathlib import Path

from compiler.diff import sides
from compiler.load import fs


class Reading:
    """A file system that notes the files read through it (absolute paths)."""

    def __init__(self, inner: fs.FileSystem) -> None:
        self.inner = inner
        self.read: set[str] = set()

    def read_bytes(self, path: Path) -> bytes:
        self.read.add(os.path.normpath(os.fspath(path)))
        return self.inner.read_bytes(path)

    def is_file(self, path: Path) -> bool:
        return self.inner.is_file(path)

    def is_dir(self, path: Path) -> bool:
        return self.inner.is_dir(path)

    def is_link(self, path: Path) -> bool:
        return self.inner.is_link(path)

    def exists(self, path: Path | str) -> bool:
        return self.inner.exists(path)

    def scandir(self, folder: Path | str) -> list[fs.DirEntry]:
        return self.inner.scandir(folder)

    def size(self, path: Path) -> int:
        return self.inner.size(path)

    def realpath(self, path: Path | str) -> str:
        return self.inner.realpath(path)

    def content_id(self, path: Path) -> str:
        return self.inner.content_id(path)


def listing(root: Path) -> dict[str, str]:
    """Repository-relative path -> blob id of every source file on the active file system."""
    return {p.relative_to(root).as_posix(): fs.content_id(p) for p in sides.source_files(root)}


def changed(base: dict[str, str], head: dict[str, str]) -> list[str]:
    """Repository-relative paths added, removed or modified between two listings, sorted."""
    return sorted(p for p in set(base) | set(head) if base.get(p) != head.get(p))
