"""sqlglot, imported on the first parse: its compiled build (sqlglotc) where it imports, else pure sqlglot.

sqlglotc installs compiled extension modules beside sqlglot's ``.py`` files, and Python prefers an
extension module to a source file of the same name. When one of them cannot be loaded (a wheel of
another CPU or Python, a broken install), importing sqlglot fails with ImportError; sqlglot's
sources are then imported instead, through a finder that sees only ``.py`` files under sqlglot,
so dpc still checks SQL, with the same findings, only slower.
"""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, ModuleSpec, SourceFileLoader
from types import ModuleType
from typing import Any

PACKAGE = "sqlglot"


class SourceOnly(MetaPathFinder):
    """Finds sqlglot's modules among its ``.py`` files only (never an extension module)."""

    def find_spec(self, fullname: str, path: Any = None, target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != PACKAGE and not fullname.startswith(PACKAGE + "."):
            return None
        for entry in list(path) if path is not None else sys.path:
            spec = FileFinder(entry or ".", (SourceFileLoader, SOURCE_SUFFIXES)).find_spec(fullname, target)
            if spec is not None and spec.loader is not None:
                return spec
        return None


def _forget() -> None:
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def load() -> ModuleType:
    """The sqlglot module (imported now if it was not), compiled where its compiled part imports."""
    try:
        import sqlglot  # its import costs about 0.3 s (BENCHMARKS.md, "SQL and schedules")
    except ImportError:
        _forget()
        if not any(isinstance(f, SourceOnly) for f in sys.meta_path):
            sys.meta_path.insert(0, SourceOnly())
        import sqlglot
    return sqlglot

