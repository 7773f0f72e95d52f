"""Where things are: dpc's own package data, and how a path is shown to the user."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # the ``compiler`` package folder


@lru_cache(maxsize=1)
def schemas_dir() -> Path:
    """The packaged copy in an installed wheel, else the repository's top-level ``schemas/``."""
    packaged = PACKAGE / "_schemas"
    return packaged if packaged.is_dir() else PACKAGE.parent / "schemas"


def from_root(display: str, cwd: Path, root: Path) -> str | None:
    """A display path (see :func:`display_path`) as a '/'-separated path from ``root``; None outside it."""
    if not display:
        return None
    rel = os.path.relpath(os.path.normpath(cwd / display), os.path.normpath(root)).replace(os.sep, "/")
    return None if rel == ".." or rel.startswith("../") else rel


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when inside it, with '/'; else as given."""
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()
