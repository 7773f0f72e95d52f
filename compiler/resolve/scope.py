"""Partial runs (pre-commit passes only the staged files): which findings to report.

The whole product root is always indexed and resolved; then a finding is reported when
1. it is located in a file the user asked about (the scope), or
2. it involves a scope file (the other place of a duplicate, a cycle through it), or
3. it is a dangling reference (R001/R003) in another file whose missing target a scope file
   took away: the name was defined at HEAD by a scope file or by a file staged for deletion
   (asked from git), or the name is close to one a scope file defines now (a rename git
   cannot see yet).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from compiler.core.diagnostics import Diagnostic
from compiler.core.suggest import closest
from compiler.gitrepo import git as gitops
from compiler.load.yamlload import parse_text
from compiler.model import Repository
from compiler.resolve.findings import Finding

ALIASES = {"compute": ("compute-purpose",), "instance-secret": ("secret-any", "secret-id"),
           "secret": ("secret-any", "secret-id"), "lakehouse": ("depot",)}


def _names(text: str, path: str) -> set[tuple[str, str]]:
    """(kind, name) pairs the manifests of a text define, as the index files them."""
    out: set[tuple[str, str]] = set()
    for doc in parse_text(path, text).documents:
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not isinstance(data.get("type"), str):
            continue
        kind, name = data["type"], data["name"]
        out.add((kind, name))
        for alias in ALIASES.get(kind, ()):
            out.add((alias, name))
        if isinstance(data.get("version"), str):
            base = f"{kind}:{data['version']}:{name}"
            ws = data.get("workspace") if isinstance(data.get("workspace"), str) else "public"
            out.update({("identity", base), ("identity", f"{base}:{ws}")})
    return out


class Defined(Protocol):
    """What the partial-run filter asks of the names a repository defines: an :class:`~compiler.resolve.index.Index`,
    or the names kept with the analysis's findings (compiler/pipeline/repochecks.py)."""

    def is_defined(self, kind: str, name: str) -> bool: ...
    def defined_in(self, paths: frozenset[str]) -> set[tuple[str, str]]: ...


def removed(repo: Repository, index: Defined, scope_files: list[Path]) -> set[tuple[str, str]]:
    rels = [p.relative_to(repo.root).as_posix() for p in scope_files if p.is_relative_to(repo.root)]
    deleted = gitops.staged_deletions(repo.root)
    rels += deleted
    before: set[tuple[str, str]] = {(kind, rel) for rel in deleted for kind in ("file", "dir")}
    for rel, text in gitops.head_texts(repo.root, sorted(set(rels))).items():
        before |= _names(text, rel)
    return {(k, n) for k, n in before if not index.is_defined(k, n)}


def select(repo: Repository, findings: list[Finding], index: Defined) -> list[Diagnostic]:
    scope = repo.scope
    if all(f.display in scope for f in repo.files):
        return [f.diagnostic for f in findings]
    scope_files = [f.found.path for f in repo.files if f.display in scope]
    defined_here = index.defined_in(scope)
    gone: set[tuple[str, str]] | None = None
    out: list[Diagnostic] = []
    for f in findings:
        d = f.diagnostic
        if d.position.path in scope or any(p in scope for p in f.places):
            out.append(d)
            continue
        if f.target is None:
            continue
        kind, name = f.target
        if closest(name, [n for k, n in defined_here if k == kind]):
            out.append(d)
            continue
        if gone is None:
            gone = removed(repo, index, scope_files)
        if f.target in gone:
            out.append(d)
    return out
