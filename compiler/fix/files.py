"""Which files ``dpc lint --fix`` may write, and the write itself (:mod:`compiler.core.atomic`).

Never written: a file outside the repository (as written, or once symbolic links are followed), a file
that is not a regular file, a file read from anything but the working tree (a commit's tree, an
in-memory overlay), a file that changed since it was read. A symbolic link inside the repository is
written through: the file it names is replaced, the link stays.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from compiler.core import atomic
from compiler.load import confine, fs


def refusal(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be written by a fix, else None."""
    if fs.ACTIVE.get() is not fs.OS:
        return "not read from the working tree"
    why = confine.problem(path, root)
    if why is not None:
        return why
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return f"cannot be read: {err.strerror or err}"
    return None if stat.S_ISREG(mode) else "not a regular file"


def write(path: Path, before: bytes, after: bytes) -> str | None:
    """Replace the file ``path`` names with ``after``, if it still holds ``before``; why not, else None."""
    target = Path(os.path.realpath(path))
    try:
        if target.read_bytes() != before:
            return "changed while dpc was fixing it"
        atomic.write_bytes(target, after, mode=stat.S_IMODE(os.stat(target).st_mode))
    except OSError as err:
        return f"cannot be written: {err.strerror or err}"
    return None
