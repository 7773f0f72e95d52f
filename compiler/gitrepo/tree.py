"""A commit's tree served as a read-only file system (:class:`compiler.fs.FileSystem`).

Paths keep the shape they have in the working tree (absolute, under the repository's working
folder), so the pipeline, its display paths and its messages are the same on both sides of a
diff. Every read goes to git's object database through :mod:`compiler.gitops`: nothing is
checked out, exported or written, and the working tree and the index are never looked at.
Folder listings are read once each, when first needed; a file's content id is its blob id,
so hashing a product folder reads no file. Symbolic links inside the tree are followed like
the OS follows them; a link leading out of the repository, or a submodule, reads as missing.
"""

from __future__ import annotations

import errno
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from compiler.gitrepo.git import Commit, Repository, TreeEntry
from compiler.load.fs import DirEntry

_MAX_LINKS = 16


@dataclass(frozen=True)
class TreeDirEntry:
    """An ``os.DirEntry`` look-alike for an entry of a git tree."""

    name: str
    path: str
    dir: bool
    link: bool

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        return self.dir

    def is_file(self, *, follow_symlinks: bool = True) -> bool:
        return not self.dir

    def is_symlink(self) -> bool:
        return self.link


def _missing(path: Path) -> FileNotFoundError:
    return FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))


class GitTreeFS:
    def __init__(self, repo: Repository, commit: Commit):
        self.repo, self.commit = repo, commit
        self.root = Path(os.path.normpath(repo.root))
        self._listings: dict[str, dict[str, TreeEntry]] = {"": self._read(repo.tree_of(commit))}

    def _read(self, tree_sha: str) -> dict[str, TreeEntry]:
        return {e.name: e for e in self.repo.tree_entries(tree_sha)}

    def _rel(self, path: Path) -> str | None:
        """``path`` relative to the repository, '/'-separated; None when it lies outside."""
        text, root = os.path.normpath(os.fspath(path)), str(self.root)
        if text == root:
            return ""
        if text.startswith(root.rstrip(os.sep) + os.sep):
            return text[len(root.rstrip(os.sep)) + 1:].replace(os.sep, "/")
        return None

    def _locate(self, rel: str, hops: int = 0) -> tuple[str, TreeEntry | None] | None:
        """The real path of ``rel`` (links followed) and its entry (None for the root); None when missing."""
        if hops > _MAX_LINKS:
            return None
        real = ""
        entry: TreeEntry | None = None
        for part in [p for p in rel.split("/") if p]:
            listing = self._listing(real, entry)
            entry = listing.get(part) if listing is not None else None
            if entry is None:
                return None
            real = f"{real}/{part}" if real else part
            if entry.kind == "link":
                target = posixpath.normpath(posixpath.join(posixpath.dirname(real), self.repo.blob(entry.sha).decode(
                    "utf-8", "replace")))
                if target.startswith(("../", "/")) or target == "..":
                    return None
                found = self._locate("" if target == "." else target, hops + 1)
                if found is None:
                    return None
                real, entry = found
            elif entry.kind == "module":
                return None
        return real, entry

    def _listing(self, real: str, entry: TreeEntry | None) -> dict[str, TreeEntry] | None:
        if real == "":
            return self._listings[""]
        if entry is None or entry.kind != "dir":
            return None
        if real not in self._listings:
            self._listings[real] = self._read(entry.sha)
        return self._listings[real]

    def _find(self, path: Path) -> tuple[str, TreeEntry | None] | None:
        rel = self._rel(path)
        return None if rel is None else self._locate(rel)

    def _file(self, path: Path) -> TreeEntry:
        found = self._find(path)
        if found is None or found[1] is None or found[1].kind != "file":
            if found is not None and (found[1] is None or found[1].kind == "dir"):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            raise _missing(path)
        return found[1]

    def read_bytes(self, path: Path) -> bytes:
        return self.repo.blob(self._file(path).sha)

    def is_file(self, path: Path) -> bool:
        found = self._find(path)
        return found is not None and found[1] is not None and found[1].kind == "file"

    def is_dir(self, path: Path) -> bool:
        found = self._find(path)
        return found is not None and (found[1] is None or found[1].kind == "dir")

    def is_link(self, path: Path) -> bool:
        rel = self._rel(Path(path))
        if not rel:
            return False
        parent, _, name = rel.rpartition("/")
        found = self._locate(parent)
        listing = self._listing(*found) if found is not None else None
        entry = listing.get(name) if listing is not None else None
        return entry is not None and entry.kind == "link"

    def exists(self, path: Path | str) -> bool:
        return self._find(Path(path)) is not None

    def scandir(self, folder: Path | str) -> list[DirEntry]:
        found = self._find(Path(folder))
        if found is None:
            raise _missing(Path(folder))
        listing = self._listing(*found)
        if listing is None:
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        out: list[DirEntry] = []
        for name, entry in listing.items():
            child = Path(folder) / name
            if self.exists(child):
                out.append(TreeDirEntry(name, os.fspath(child), self.is_dir(child), entry.kind == "link"))
        return out

    def size(self, path: Path) -> int:
        return self.repo.blob_size(self._file(path).sha)

    def realpath(self, path: Path | str) -> str:
        found = self._find(Path(path))
        if found is None:
            return os.path.normpath(os.path.join(self.root, path))
        return os.path.join(self.root, *found[0].split("/")) if found[0] else str(self.root)

    def content_id(self, path: Path) -> str:
        return self._file(path).sha
