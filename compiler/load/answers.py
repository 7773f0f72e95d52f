"""The file system's answers to the questions a cache recorded, each found once per run from as few system
calls as possible (:class:`compiler.load.cache.Checker` compares them with what was recorded).

One ``lstat`` per distinct path answers whether it is a symbolic link and, unless it is one, every
question about what it is (a file, a folder, its size and times: ``stat`` and ``lstat`` differ only for a
link, and fail alike when the path does not lead anywhere); a link costs one ``stat`` more. A real path is
its parent's real path and its name when the parent's real path is the parent itself and the path is no
link (what ``os.path.realpath`` finds, one ``lstat`` per component, each shared); otherwise
``os.path.realpath`` answers. Paths are plain strings; ``pathlib`` only where it would name another path
than the string (``Path("a/./b")`` is ``a/b``), as the recording file system asked it.

Each answer is the one :class:`compiler.load.fs.OSFileSystem` gives: False for a path that names nothing
(or cannot name anything: a NUL byte), ``["error", errno]`` for a size or a read that fails.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path
from typing import Any

from compiler.load import fs

Stat = os.stat_result | int  # a stat result, or the errno of the failed call
_NORMAL = os.sep == "/"  # paths are "/"-separated, as the shortcuts below read them


def listing(entries: list[fs.DirEntry]) -> list[list[Any]]:
    """A folder's entries as a dependency records them: [name, is a folder, is a link], sorted."""
    return sorted([e.name, fs.entry_is_dir(e), e.is_symlink()] for e in entries)


def pathlib_form(path: str) -> str:
    """The path ``pathlib.Path(path)`` names: the same string unless it has an empty or a ``.`` part."""
    if path and "//" not in path and "/./" not in path and not path.endswith(("/", "/.")) \
            and not path.startswith("./") and path != "." and _NORMAL:
        return path
    return os.fspath(Path(path))


def _call(call: Any, path: str) -> Stat:
    try:
        result: os.stat_result = call(path)
    except OSError as err:
        return err.errno if err.errno is not None else errno.EIO
    except ValueError:  # a NUL byte: no file, and an OSError (EINVAL) where one is raised
        return errno.EINVAL
    return result


class Answers:
    """This run's answers, by path; each system call made at most once."""

    def __init__(self) -> None:
        self._lstats: dict[str, Stat] = {}
        self._stats: dict[str, Stat] = {}
        self._blobs: dict[str, Any] = {}
        self._reals: dict[str, str] = {}
        self._lists: dict[str, Any] = {}

    def lstat(self, path: str) -> Stat:
        known = self._lstats.get(path)
        if known is None:
            known = self._lstats[path] = _call(os.lstat, path)
        return known

    def stat(self, path: str) -> Stat:
        known = self._stats.get(path)
        if known is None:
            known = self.lstat(path)
            if not isinstance(known, int) and stat.S_ISLNK(known.st_mode):
                known = _call(os.stat, path)
            self._stats[path] = known
        return known

    def is_file(self, path: str) -> bool:
        st = self.stat(pathlib_form(path))
        return not isinstance(st, int) and stat.S_ISREG(st.st_mode)

    def is_dir(self, path: str) -> bool:
        st = self.stat(pathlib_form(path))
        return not isinstance(st, int) and stat.S_ISDIR(st.st_mode)

    def is_link(self, path: str) -> bool:
        st = self.lstat(pathlib_form(path))
        return not isinstance(st, int) and stat.S_ISLNK(st.st_mode)

    def exists(self, path: str) -> bool:
        return not isinstance(self.stat(path), int)

    def size(self, path: str) -> Any:
        st = self.stat(pathlib_form(path))
        return ["error", st] if isinstance(st, int) else st.st_size

    def signature(self, path: str) -> list[int] | None:
        """[size, modification time, inode, change time] (``os.stat``), None when it fails."""
        st = self.stat(path)
        return None if isinstance(st, int) else [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]

    def blob(self, path: str) -> Any:
        """The git blob id of the file's bytes, or ``["error", errno]``."""
        known = self._blobs.get(path)
        if known is None:
            try:
                with open(pathlib_form(path), "rb") as fh:
                    known = fs.blob_id(fh.read())
            except OSError as err:
                known = ["error", err.errno]
            except ValueError:
                known = ["error", errno.EINVAL]
            self._blobs[path] = known
        return known

    def listing(self, path: str) -> Any:
        known = self._lists.get(path)
        if known is None:
            try:
                known = listing(fs.OS.scandir(path))
            except OSError as err:
                known = ["error", err.errno]
            self._lists[path] = known
        return known

    def realpath(self, path: str) -> str:
        known = self._reals.get(path)
        if known is None:
            known = self._reals[path] = self._real(path)
        return known

    def _real(self, path: str) -> str:
        parent, _, name = path.rpartition("/")
        if (_NORMAL and path[:1] == "/" and name not in ("", ".", "..") and "//" not in path and "/./" not in path
                and "/../" not in path and "\0" not in path and self.realpath(parent or "/") == (parent or "/")):
            st = self.lstat(path)  # an absolute path of no empty, "." or ".." part: a normal one
            if isinstance(st, int) or not stat.S_ISLNK(st.st_mode):
                return path  # what os.path.realpath makes of a normal path under a real parent that is no link
        return fs.OS.realpath(path)


# --- what a folder's listing already answers ---------------------------------------------------------

def _fold(name: str) -> str:
    """A name as a case-insensitive or normalising file system may match it (matching too much is safe)."""
    if name.isascii():
        return name.lower()
    return unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())


Listed = tuple[dict[str, list[Any]], set[str]]  # a recorded listing: name -> entry, the folded names


def _listings(deps: dict[str, Any]) -> dict[str, Listed]:
    listed: dict[str, Listed] = {}
    for key, answer in deps.items():
        if key.startswith("list\0") and isinstance(answer, list) and all(
                isinstance(e, list) and len(e) == 3 and isinstance(e[0], str) for e in answer):
            listed[key[5:]] = ({e[0]: e for e in answer}, {_fold(e[0]) for e in answer})
    return listed


def _implied(op: str, answer: Any, path: str, listed: dict[str, Listed]) -> bool:
    """Whether a listing of the same dependencies answers ``op`` about ``path`` as recorded, once it holds."""
    if path in listed and ((op in ("dir", "exists") and answer is True) or (op == "file" and answer is False)):
        return True  # a folder that lists is a folder: it exists and is no file
    if answer is not False:
        return False
    folder, name = os.path.split(path)
    found = listed.get(folder)
    if found is None or name in ("", ".", ".."):
        return False
    entry = found[0].get(name)
    if entry is None:  # not there, nor any name the file system could take for it: nothing of that name
        return _fold(name) not in found[1]
    return (op == "link" and entry[2] is False) or (op == "dir" and entry[1] is False) \
        or (op == "file" and entry[1] is True)


def unimplied(deps: dict[str, Any]) -> dict[str, Any]:
    """``deps`` without the questions a folder listing kept with them answers alike whenever it holds: that
    a name the listing lacks is no file, folder or link; that a listed entry is no link, folder or file as
    the listing says; that a folder that lists exists and is a folder. Checking the listing checks them."""
    listed = _listings(deps) if _NORMAL else {}
    if not listed:
        return deps
    return {key: answer for key, answer in deps.items()
            if not (key.startswith(_ASKED) and _implied(key.partition("\0")[0], answer, key.partition("\0")[2],
                                                          listed))}


_ASKED = ("exists\0", "file\0", "dir\0", "link\0")
