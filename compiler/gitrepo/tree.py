"""A commit's tree served as a read-only file system (:class:`compiler.fs.FileSystem`).

Paths keep the shape they have in the working tree (absolute, under the repository's working
folder), so the pipeline, its display paths and its messages are the same on both sides of a
diff. Every read goes to git's object database through :mod:`compiler.gitrepo.git`: nothing is
checked out, exported or written, and the working tree and the index are never looked at.
The whole tree is listed by one git call (``ls-tree -r``, sizes included) when the side opens, and
the first read of a file fetches every blob of the tree up to 1 MiB by one more (``cat-file
--batch``); a file's content id is its blob id, so hashing a product folder reads no file.
Symbolic links inside the tree are followed like the OS follows them; a link leading out of the
repository, or a submodule, reads as missing.
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
PREFETCH_MAX = 1 << 20  # blobs up to this size are read with the tree's first read, in one batch


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
        self.tree = repo.tree_of(commit)
        self._listings: dict[str, dict[str, TreeEntry]] = {"": {}}
        for path, entry in repo.tree_files(self.tree).items():  # the whole tree, one git call
            self._listings.setdefault(path.rpartition("/")[0], {})[entry.name] = entry
            if entry.kind == "dir":
                self._listings.setdefault(path, {})
        self._found: dict[str, tuple[str, TreeEntry | None] | None] = {}
        self._data: dict[str, bytes] | None = None

    def _bytes(self, entry: TreeEntry) -> bytes:
        """A blob's bytes; the first read fetches every small blob of the tree in one git call."""
        if self._data is None:
            small = [e.sha for listing in self._listings.values() for e in listing.values()
                     if e.kind in ("file", "link") and 0 <= e.size <= PREFETCH_MAX]
            self._data = self.repo.blobs(small)
        data = self._data.get(entry.sha)
        return data if data is not None else self.repo.blob(entry.sha)

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
                target = posixpath.normpath(posixpath.join(posixpath.dirname(real), self._bytes(entry).decode(
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
        if real != "" and (entry is None or entry.kind != "dir"):
            return None
        return self._listings.get(real, {})

    def _find(self, path: Path | str) -> tuple[str, TreeEntry | None] | None:
        key = os.fspath(path)
        if key not in self._found:
            rel = self._rel(Path(key))
            self._found[key] = None if rel is None else self._locate(rel)
        return self._found[key]

    def _file(self, path: Path) -> TreeEntry:
        found = self._find(path)
        if found is None or found[1] is None or found[1].kind != "file":
            if found is not None and (found[1] is None or found[1].kind == "dir"):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            raise _missing(path)
        return found[1]

    def read_bytes(self, path: Path) -> bytes:
        return self._bytes(self._file(path))

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
        return self._find(path) is not None

    def scandir(self, folder: Path | str) -> list[DirEntry]:
        found = self._find(folder)
        if found is None:
            raise _missing(Path(folder))
        listing = self._listing(*found)
        if listing is None:
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        base = os.fspath(Path(folder))
        out: list[DirEntry] = []
        for name, entry in listing.items():
            child = os.path.join(base, name)
            if entry.kind in ("file", "dir"):
                out.append(TreeDirEntry(name, child, entry.kind == "dir", False))
            elif entry.kind == "link" and self.exists(child):  # followed; a submodule reads as missing
                out.append(TreeDirEntry(name, child, self.is_dir(Path(child)), True))
        return out

    def size(self, path: Path) -> int:
        entry = self._file(path)
        return entry.size if entry.size >= 0 else self.repo.blob_size(entry.sha)

    def realpath(self, path: Path | str) -> str:
        found = self._find(path)
        if found is None:
            return os.path.normpath(os.path.join(self.root, path))
        return os.path.join(self.root, *found[0].split("/")) if found[0] else str(self.root)

    def content_id(self, path: Path) -> str:
        return self._file(path).sha
