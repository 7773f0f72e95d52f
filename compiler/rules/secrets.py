"""Secrets at rest: plaintext credentials (P005), other plaintext values kept in a secret (P008),
credential shapes (P006), a .dataos/ folder (P007).

Which values are secrets is :mod:`compiler.schema.sensitive`'s one definition, the shapes are
:mod:`compiler.redaction.shapes`'; every message shows the value masked
(:func:`compiler.redaction.masks.mask`), never the value itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compiler.core.codes import rule
from compiler.core.diagnostics import Diagnostic, Position
from compiler.core.paths import display_path
from compiler.core.suggest import dotted
from compiler.load import fs
from compiler.load.origin import AnyDocument, SourcedDocument
from compiler.model import Repository
from compiler.redaction.masks import is_stand_in, mask
from compiler.redaction.shapes import credentials
from compiler.schema.catalog import Catalog
from compiler.schema.sensitive import sensitive_values

CONNECTION_STRINGS = frozenset({"dsn"})  # sensitive only for the password they may hold: P006 looks inside


def _diag(code: str, position: Position, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code, rule(code).severity, message, position, hint)


def _plain(code: str, doc: AnyDocument, path: tuple[Any, ...], value: object) -> Diagnostic:
    if code == "P005":
        return _diag(code, doc.position(path), f"{dotted(path)} holds a plaintext value ({mask(value)}); secret "
                     "values must be ${VAR} references", "write ${NAME} and list NAME under secrets: in the "
                     "environment file; rotate the value, it is in the git history")
    return _diag(code, doc.position(path), f"{dotted(path)} holds a plaintext value ({mask(value)}); a value kept "
                 "in a secret belongs in the environment", "use ${VAR}: write ${NAME} and list NAME under secrets: "
                 "in the environment file")


def check(doc: AnyDocument) -> list[Diagnostic]:
    """P005, P008 and P006 for one manifest."""
    out: list[Diagnostic] = []
    plain: set[tuple[Any, ...]] = set()
    for s in sensitive_values(doc.data):
        if any(k in CONNECTION_STRINGS for k in s.path if isinstance(k, str)) or is_stand_in(s.value):
            continue
        plain.add(s.path)
        out.append(_plain("P005" if s.credential else "P008", doc, s.path, s.value))
    for c in credentials(doc.data):
        if c.path in plain or _inlined(doc, c.path):
            continue
        out.append(_diag("P006", doc.position(c.path), f"{c.kind} in {dotted(c.path)}: {c.masked}",
                         "move it into an instance secret filled from a ${VAR} reference, and rotate it: it is "
                         "in the git history"))
    return out


def _inlined(doc: AnyDocument, path: tuple[Any, ...]) -> bool:
    """Whether the value at ``path`` is a file the expansion inlined (``sqlFile:``): P009 reports the
    credential in that file, at its own line."""
    origin = doc.origins.get(tuple(path)) if isinstance(doc, SourcedDocument) else None  # expanded: product.yaml
    return origin is not None and origin.path[-1:] == ("sqlFile",)


def _ignored_by_git(root: Path) -> bool:
    try:
        lines = fs.read_bytes(root / ".gitignore").decode("utf-8", "replace").splitlines()
    except OSError:
        return False
    return any(line.strip().strip("/").removeprefix("**/") == ".dataos" for line in lines)


def dataos_folders(repo: Repository, catalog: Catalog | None = None) -> list[Diagnostic]:
    """P007: a dataos-ctl folder at the repository root, a product root or in a product folder."""
    root = repo.root
    if _ignored_by_git(root):
        return []
    places = [root, *repo.product_roots]
    places += [p for r in repo.product_roots for p in fs.iterdir(r) if fs.is_dir(p) and not fs.is_link(p)]
    out = []
    for place in dict.fromkeys(places):
        folder = place / ".dataos"
        if fs.is_dir(folder) and not fs.is_link(folder):
            shown = display_path(folder, Path.cwd()) + "/"
            out.append(_diag("P007", Position(shown), f"{shown} is dataos-ctl's folder of contexts and API keys; "
                             "it must not be in the repository", "delete it and add .dataos/ to .gitignore"))
    return out
