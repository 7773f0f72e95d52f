"""The one seam for reading the repository: the real file system, or a commit's tree from git.

Every module that reads a repository file (discovery, the lint pipeline, the build's
includes, environments and product specs, platform.yaml, file references) asks this module,
never ``os`` or ``pathlib`` directly. :data:`ACTIVE` holds the file system of the current run
(a :class:`contextvars.ContextVar`, so nested or concurrent runs never see each other's);
by default it is the operating system's. ``dpc diff`` compiles a base revision by activating
a :class:`compiler.gittree.GitTreeFS` with :func:`use`: the same pipeline, served from git's
object database, with the working tree and the index untouched.

Paths are absolute :class:`~pathlib.Path` values in both worlds. A missing file raises
:class:`FileNotFoundError` (an ``OSError``) as ``pathlib`` would, so callers handle one kind
of error. dpc's own files (schemas, the built-in platform catalogue) are package data and are
read directly.
"""

from __future__ import annotations

import contextvars
import errno
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol


class DirEntry(Protocol):
    """What ``os.scandir`` yields; a git tree's listing yields the same shape."""

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...

    def is_dir(self, *, follow_symlinks: bool = True) -> bool: ...
    def is_symlink(self) -> bool: ...


class FileSystem(Protocol):
    def __hash__(self) -> int: ...  # file systems key caches (resolve.files)
    def read_bytes(self, path: Path) -> bytes: ...
    def is_file(self, path: Path) -> bool: ...
    def is_dir(self, path: Path) -> bool: ...
    def is_link(self, path: Path) -> bool: ...  # the path itself is a symbolic link
    def exists(self, path: Path | str) -> bool: ...
    def scandir(self, folder: Path | str) -> list[DirEntry]: ...  # OSError when not a readable folder
    def size(self, path: Path) -> int: ...
    def realpath(self, path: Path | str) -> str: ...  # absolute, normalised, symbolic links followed
    def content_id(self, path: Path) -> str: ...  # git's blob id of the file's bytes


def entry_is_dir(entry: DirEntry) -> bool:
    """Whether a listed entry is a folder (links followed); False for a link that loops or leads nowhere."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def blob_id(data: bytes) -> str:
    """The id git gives these bytes as a blob (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _os_error(err: ValueError, path: Path | str) -> OSError:
    """A path the operating system cannot take (a NUL byte) as the OSError every caller already handles."""
    return OSError(errno.EINVAL, f"not a usable path ({err})", os.fspath(path))


class OSFileSystem:
    """The working tree, through ``os`` and ``pathlib``. A path that cannot name a file (a NUL byte, too long)
    is no file, folder or link, and reading it raises OSError, like a missing file."""

    def read_bytes(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except ValueError as err:
            raise _os_error(err, path) from None

    def is_file(self, path: Path) -> bool:
        try:
            return path.is_file()
        except (OSError, ValueError):
            return False

    def is_dir(self, path: Path) -> bool:
        try:
            return path.is_dir()
        except (OSError, ValueError):
            return False

    def is_link(self, path: Path) -> bool:
        try:
            return path.is_symlink()
        except (OSError, ValueError):
            return False

    def exists(self, path: Path | str) -> bool:
        try:
            return os.path.exists(path)
        except ValueError:
            return False

    def scandir(self, folder: Path | str) -> list[DirEntry]:
        try:
            with os.scandir(folder) as it:
                return list(it)
        except ValueError as err:
            raise _os_error(err, folder) from None

    def size(self, path: Path) -> int:
        try:
            return path.stat().st_size
        except ValueError as err:
            raise _os_error(err, path) from None

    def realpath(self, path: Path | str) -> str:
        try:
            return os.path.realpath(path)
        except (OSError, ValueError):
            return os.path.normpath(os.path.abspath(path))

    def content_id(self, path: Path) -> str:
        return blob_id(self.read_bytes(path))


OS = OSFileSystem()
ACTIVE: contextvars.ContextVar[FileSystem] = contextvars.ContextVar("dpc_file_system", default=OS)


@contextmanager
def use(fs: FileSystem) -> Iterator[FileSystem]:
    """Run the enclosed code against ``fs``."""
    token = ACTIVE.set(fs)
    try:
        yield fs
    finally:
        ACTIVE.reset(token)


def read_bytes(path: Path) -> bytes:
    return ACTIVE.get().read_bytes(path)


def read_text(path: Path) -> str:
    return ACTIVE.get().read_bytes(path).decode("utf-8")


def is_file(path: Path) -> bool:
    return ACTIVE.get().is_file(path)


def is_dir(path: Path) -> bool:
    return ACTIVE.get().is_dir(path)


def is_link(path: Path) -> bool:
    return ACTIVE.get().is_link(path)


def exists(path: Path | str) -> bool:
    return ACTIVE.get().exists(path)


def depends_on(path: Path) -> None:
    """Note that what is being computed depends on the bytes of ``path``, read earlier in this run and
    kept (the includes' cache): a file system that records dependencies (the lint cache's) notes it."""
    note = getattr(ACTIVE.get(), "depends_on", None)
    if note is not None:
        note(path)


def scandir(folder: Path | str) -> list[DirEntry]:
    """The entries of ``folder`` (unsorted, as ``os.scandir``); OSError when it is not a readable folder."""
    return ACTIVE.get().scandir(folder)


def iterdir(folder: Path) -> list[Path]:
    """The paths in ``folder``, sorted by name; empty when it is not a readable folder."""
    try:
        return sorted(Path(folder) / e.name for e in ACTIVE.get().scandir(folder))
    except OSError:
        return []


def size(path: Path) -> int:
    return ACTIVE.get().size(path)


def realpath(path: Path | str) -> str:
    return ACTIVE.get().realpath(path)


def resolve(path: Path) -> Path:
    """``Path.resolve()`` on the active file system."""
    return Path(ACTIVE.get().realpath(path))


def content_id(path: Path) -> str:
    return ACTIVE.get().content_id(path)
