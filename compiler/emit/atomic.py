"""What keeps the output folder whole: a lock between builds, an atomic swap, and the sweep of leftovers.

- Two ``dpc build`` processes on one output folder take turns: each holds an exclusive
  ``flock`` on the folder's parent while it writes and swaps (released by the kernel when a
  process dies, even by SIGKILL).
- The new build is swapped in with one ``renameat2(RENAME_EXCHANGE)`` on Linux: at every
  instant the output folder is the complete old build or the complete new one. Elsewhere two
  renames are used, with a moment in between where the folder is missing.
- A build killed halfway leaves a hidden sibling ``.NAME.dpc-tmp-*`` (or ``.NAME.dpc-old-*``)
  folder; the next build removes it under the lock, when no other build can be using it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from compiler.load.discover import BUILD_MARKER

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):  # glibc before 2.28, musl
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one step; False when the system cannot (then nothing changed)."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system or kernel lacks it
        return False
    raise OSError(errno, os.strerror(errno), str(b))


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (a directory) for the duration."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: builds are not serialised
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def leftovers(out: Path) -> list[Path]:
    """Temporary folders an interrupted build of ``out`` left behind."""
    prefixes = (f".{out.name}.dpc-tmp-", f".{out.name}.dpc-old-")
    try:
        entries = sorted(out.parent.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.name.startswith(prefixes) and p.is_dir() and not p.is_symlink()
            and ((p / BUILD_MARKER).is_file() or _only_unfinished_writes(p))]


def _only_unfinished_writes(folder: Path) -> bool:
    """Empty, or holding only the hidden sibling of a write that never finished (core/atomic's
    ``.NAME.dpc-PID-N``): a build killed before its marker was in place."""
    return all(c.name.startswith(".") and ".dpc-" in c.name and c.is_file() for c in folder.iterdir())


def sweep(out: Path) -> None:
    """Remove :func:`leftovers`; call only while holding :func:`locked` on ``out.parent``."""
    for p in leftovers(out):
        shutil.rmtree(p, ignore_errors=True)
