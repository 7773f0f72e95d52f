"""Every changed file accounted for: the ones that are not DataOS files, named in one line.

A changed file is a DataOS file when a side compiled a resource from it (a manifest, a
product.yaml), could not compile it (listed under "not compiled"), or read it while building
(SQL, a lens's model, an environment, dpc.yaml, platform.yaml), unless it is YAML holding no
DataOS manifest. The others (a script, a CSV, somebody else's YAML) change nothing in DataOS.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from compiler.core.paths import display_path
from compiler.diff.context import Side


def _dataos(display: str, path: Path, sides: Iterable[Side], read: set[str]) -> bool:
    sides = list(sides)
    if any(display in s.defining or display in {n.path for n in s.not_compiled} for s in sides):
        return True
    return os.path.normpath(path) in read and not any(display in s.foreign for s in sides)


def others(changed: list[str], root: Path, cwd: Path, sides: Iterable[Side], read: set[str]) -> list[str]:
    """Display paths of the changed files (repository-relative ``changed``) that are not DataOS files."""
    known = list(sides)
    return [display_path(root / rel, cwd) for rel in changed
            if not _dataos(display_path(root / rel, cwd), root / rel, known, read)]
