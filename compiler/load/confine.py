"""The one test of whether a path from user input stays inside the repository.

Every path dpc reads or writes because a user wrote it (dpc.yaml's ``environments:``, an
environment name from ``--env`` or ``defaultEnvironment``, ``file:``/``sqlFile:`` includes, the
schema export folder, ``dpc init``'s product root, ``dpc build --out``) goes through
:func:`problem` before anything is read or written: the path, with every symbolic link on the way
followed (on the active file system, :mod:`compiler.load.fs`), must lie inside the repository.
A path that cannot name a file at all (a NUL byte, thousands of characters) is refused the same
way, so that no such path ever reaches the operating system.
"""

from __future__ import annotations

import os
from pathlib import Path

from compiler.load import fs

MAX_PATH = 4096  # PATH_MAX on Linux
MAX_NAME = 255  # NAME_MAX


def malformed(text: str) -> str | None:
    """Why ``text`` cannot be a path at all, else None."""
    if "\0" in text:
        return "contains a NUL byte"
    if len(text) > MAX_PATH:
        return f"is {len(text):,} characters long, more than {MAX_PATH:,}"
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME for part in text.replace("\\", "/").split("/")):
        return f"has a name longer than {MAX_NAME} bytes"
    return None


def inside(path: Path | str, root: Path | str) -> bool:
    """Whether ``path`` is ``root`` or under it, both taken as written (no link followed)."""
    p, r = os.path.normpath(os.fspath(path)), os.path.normpath(os.fspath(root))
    return p == r or p.startswith(r.rstrip(os.sep) + os.sep)


def problem(path: Path | str, root: Path) -> str | None:
    """Why ``path`` may not be used (malformed, or leading outside ``root`` once links are followed), else None."""
    text = os.fspath(path)
    bad = malformed(text)
    if bad is not None:
        return bad
    full = text if os.path.isabs(text) else os.path.join(root, text)
    if not inside(full, root):
        return "leaves the repository"
    try:
        real, real_root = fs.realpath(full), fs.realpath(root)
    except (OSError, ValueError) as err:
        return f"cannot be followed: {getattr(err, 'strerror', None) or err}"
    if not inside(real, real_root):
        return "leads outside the repository through a symbolic link"
    return None


def plain_name(name: str) -> bool:
    """Whether ``name`` is one file name (an environment name): no folder, no ``..``, nothing hidden."""
    return bool(name) and malformed(name) is None and "/" not in name and "\\" not in name \
        and not name.startswith(".") and name not in ("..", ".")
