"""P009: a credential in a SQL or template file, which the build inlines into the manifests it writes.

The shapes are P006's (:mod:`compiler.redaction.shapes`); the files are those a manifest includes
(``sqlFile:``, ``file:``, resolved by the one include rule of :mod:`compiler.load.includes`), the SQL
and template files named on the command line or staged, and, when a whole product folder is checked,
every SQL and template file in it (lens models included). Each finding is at the credential's
line and column (code points), its value masked. A manifest dpc reads as YAML is P005/P006's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from compiler.core.codes import rule
from compiler.core.diagnostics import Diagnostic, Position
from compiler.core.paths import display_path
from compiler.core.walk import strings
from compiler.load import fs
from compiler.load.discover import BUILD_MARKER, SKIP_DIRS
from compiler.load.includes import IncludeProblem, Includes
from compiler.model import Repository
from compiler.redaction.shapes import find

SUFFIXES = (".sql", ".j2", ".jinja", ".jinja2")
INCLUDE_KEYS = frozenset({"sqlFile", "file"})


def _walk(folder: Path) -> Iterator[Path]:
    """The SQL and template files under ``folder``, sorted; a loop, so any depth of folders is fine."""
    stack = [folder]
    while stack:
        for path in sorted(fs.iterdir(stack.pop()), reverse=True):
            if path.name.startswith(".") or fs.is_link(path):
                continue
            if fs.is_dir(path):
                if path.name not in SKIP_DIRS and not fs.is_file(path / BUILD_MARKER):
                    stack.append(path)
            elif path.name.lower().endswith(SUFFIXES):
                yield path


def included(repo: Repository) -> list[Path]:
    """The files the manifests in scope include, as written (before any expansion): the costly part of
    finding the files to scan (every ``file:``/``sqlFile:`` string resolved), kept by the pipeline."""
    return list(_included(repo, Includes(repo.root)))


def _included(repo: Repository, includes: Includes) -> Iterator[Path]:
    for f in repo.files:
        if f.parsed is None or not repo.in_scope(f.display):
            continue
        for doc in f.parsed.documents:
            for path, value in strings(doc.data):
                if path and path[-1] in INCLUDE_KEYS:
                    try:
                        yield includes.resolve(value, f.found.path.parent, str(path[-1]))
                    except IncludeProblem:  # T005/T006 and R003-R005 report it
                        continue


def _whole_folders(repo: Repository) -> list[Path]:
    """The product folders (or the repository, without any) whose every file is in scope."""
    folders = [folder for _, folder in repo.folders] or [r / p.name for r in repo.product_roots
                                                          for p in fs.iterdir(r) if fs.is_dir(p)]
    if not folders and not repo.product_roots:
        folders = [repo.root]
    wanted = set(folders)
    seen: set[Path] = set()  # folders holding a file
    outside: set[Path] = set()  # folders holding a file out of scope
    for f in repo.files:  # each file's own ancestors: linear in the files, not files x folders
        path = f.found.path
        in_scope = repo.in_scope(f.display)
        for folder in (path, *path.parents):
            if folder in wanted:
                seen.add(folder)
                if not in_scope:
                    outside.add(folder)
    return [folder for folder in folders if folder in seen and folder not in outside]


def candidates(repo: Repository, cwd: Path, includes: list[Path]) -> list[Path]:
    """The SQL and template files to scan: ``includes`` (:func:`included`), those named, and those of every
    folder wholly in scope (less the files read as manifests)."""
    manifests = {f.found.path for f in repo.files if f.resources}
    named = [cwd / s for s in repo.scope if s.lower().endswith(SUFFIXES)]
    found = [*includes, *named, *(p for d in _whole_folders(repo) for p in _walk(d))]
    return [p for p in dict.fromkeys(Path(os.path.normpath(p)) for p in found)
            if p not in manifests and fs.is_file(p)]


def _findings(path: Path, shown: str) -> list[Diagnostic]:
    try:
        text = fs.read_bytes(path).decode("utf-8-sig", "replace").replace("\r\n", "\n")
    except OSError:
        return []
    out = []
    for c in find(text):
        line = text.count("\n", 0, c.start) + 1
        col = c.start - (text.rfind("\n", 0, c.start) + 1) + 1
        out.append(Diagnostic("P009", rule("P009").severity, f"{c.kind} in this file: {c.masked}; the build "
                              "inlines it into the manifests that include it", Position(shown, line, col),
                              "read it from a ${VAR} reference (an instance secret the environment fills), and "
                              "rotate it: it is in the git history"))
    return out


def findings(paths: list[Path], cwd: Path) -> list[Diagnostic]:
    """P009 for each of ``paths`` (their text read now)."""
    return [d for p in paths for d in _findings(p, display_path(p, cwd))]
