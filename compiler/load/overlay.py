"""The working tree with some files' bytes given in memory: ``dpc lint -`` lints an editor's unsaved buffer
(read from stdin) as the file ``--stdin-filename`` names, with every other file read from disk as usual."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from compiler.load import fs


@dataclass(frozen=True)
class _Entry:
    """A file that exists only in memory, listed in its folder as ``os.scandir`` would list it."""

    name: str
    path: str

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        return False

    def is_symlink(self) -> bool:
        return False


class OverlayFS:
    """Not an :class:`fs.OSFileSystem`: what it serves is not on disk, so nothing of it is cached."""

    def __init__(self, files: dict[Path, bytes], base: fs.FileSystem = fs.OS) -> None:
        self.files = {Path(os.path.abspath(p)): data for p, data in files.items()}
        self.base = base

    def is_dir(self, path: Path) -> bool:
        return self.base.is_dir(path)

    def realpath(self, path: Path | str) -> str:
        return self.base.realpath(path)

    def is_link(self, path: Path) -> bool:
        return Path(os.path.abspath(path)) not in self.files and self.base.is_link(path)

    def read_bytes(self, path: Path) -> bytes:
        found = self.files.get(Path(os.path.abspath(path)))
        return found if found is not None else self.base.read_bytes(path)

    def is_file(self, path: Path) -> bool:
        return Path(os.path.abspath(path)) in self.files or self.base.is_file(path)

    def exists(self, path: Path | str) -> bool:
        return Path(os.path.abspath(path)) in self.files or self.base.exists(path)

    def scandir(self, folder: Path | str) -> list[fs.DirEntry]:
        base = Path(os.path.abspath(folder))
        listed = self.base.scandir(folder) if self.base.exists(base) else []
        names = {e.name for e in listed}
        extra = [_Entry(p.name, str(p)) for p in sorted(self.files) if p.parent == base and p.name not in names]
        return [*listed, *extra]

    def size(self, path: Path) -> int:
        found = self.files.get(Path(os.path.abspath(path)))
        return len(found) if found is not None else self.base.size(path)

    def content_id(self, path: Path) -> str:
        found = self.files.get(Path(os.path.abspath(path)))
        return fs.blob_id(found) if found is not None else self.base.content_id(path)
