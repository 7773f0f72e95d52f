"""Cross-resource references: index the whole repository, extract every reference, resolve
each one (same product, another product, the platform), then look for cycles, duplicates and
unused or undeployed resources. :func:`analyse` runs it; the pipeline's ``REPO_CHECKS`` entry
(compiler/pipeline/repochecks.py) keeps its findings for the next run and filters them to the run's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.core.kinds import Scope
from compiler.load import fs
from compiler.model import Repository
from compiler.project import platform as platform_mod
from compiler.resolve import checks, cycles, edges, lineage, lookup
from compiler.resolve import index as index_mod
from compiler.resolve.edgekit import as_dict, as_list
from compiler.resolve.files import check_reference, memo, resolve_path
from compiler.resolve.findings import Finding, Reference
from compiler.resolve.index import Index
from compiler.resolve.lookup import Resolved, Where
from compiler.schema.catalog import Catalog


@dataclass(frozen=True)
class Analysis:
    index: Index
    resolved: tuple[Resolved, ...]
    findings: tuple[Finding, ...]
    platform_display: str | None


def _cwd(repo: Repository) -> Path:
    for f in repo.files:
        text = f.found.path.as_posix()
        if not Path(f.display).is_absolute() and text.endswith("/" + f.display):
            return Path(text[: -len(f.display) - 1])
    return repo.root


def _display(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def _platform(repo: Repository, catalog: Catalog, cwd: Path) -> tuple[platform_mod.Platform, str | None]:
    path = platform_mod.find(repo.root)
    if path is None:
        return platform_mod.load(repo.root, "", None, catalog, False), None
    display = _display(path, cwd)
    known = next((f for f in repo.files if f.found.path == path), None)
    if known is not None:
        text = known.parsed.text if known.parsed else None
        return platform_mod.load(repo.root, display, text, catalog, False), display
    try:
        text = fs.read_text(path)
    except (OSError, UnicodeDecodeError):
        return platform_mod.load(repo.root, display, None, catalog, False), display
    return platform_mod.load(repo.root, display, text, catalog, True), display


def _isolated(repo: Repository) -> frozenset[str]:
    if not repo.product_roots:
        return frozenset()
    under = tuple(str(r).rstrip("/") + "/" for r in repo.product_roots)  # r in path.parents, as strings
    return frozenset(f.display for f in repo.files if not str(f.found.path).startswith(under))


def _deployed(index: Index, refs: list[Reference], root: Path) -> tuple[set[Path], set[tuple[str, str]]]:
    files = set()
    for ref in refs:
        if ref.kind == "file" and ref.edge in ("deploys", "file"):
            found = resolve_path(ref.name, root, ref.base or root)
            if found.path is not None:
                files.add(found.path)
    inline = set()
    for item in index.items:
        if item.resource.type == "bundle":
            for entry in as_list(as_dict(item.resource.data.get("bundle")).get("resources")):
                spec = as_dict(as_dict(entry).get("spec"))
                inline.add((str(spec.get("type")), str(spec.get("name"))))
    return files, inline


def analyse(repo: Repository, catalog: Catalog) -> Analysis:
    with memo():
        return _analyse(repo, catalog)


@dataclass(frozen=True)
class Setting:
    """What every reference of a run is judged against: the platform, the labels of the messages, and the files
    whose cross-file references are not judged (see :class:`~compiler.resolve.lookup.Where`)."""

    platform: platform_mod.Platform
    platform_display: str | None
    where: Where


def setting(repo: Repository, catalog: Catalog) -> Setting:
    plat, plat_display = _platform(repo, catalog, _cwd(repo))
    roots = ", ".join(r.relative_to(repo.root).as_posix() + "/" if r.is_relative_to(repo.root) else r.as_posix()
                      for r in repo.product_roots)
    return Setting(plat, plat_display, Where(roots or "the repository", plat.label, _isolated(repo)))


def scopes_of(catalog: Catalog) -> dict[str, Scope]:
    return {name: info.scope for name, info in catalog.types.items()}


def _analyse(repo: Repository, catalog: Catalog) -> Analysis:
    judged = setting(repo, catalog)
    index = index_mod.build(repo, judged.platform)
    problems, refs = edges.split(edges.extract(index, scopes_of(catalog)))
    resolved, found = judge(repo, index, judged, problems, refs)
    return Analysis(index, tuple(resolved), tuple(found), judged.platform_display)


def judge(repo: Repository, index: Index, judged: Setting, problems: list[Finding], refs: list[Reference]
          ) -> tuple[list[Resolved], list[Finding]]:
    """Every finding of the analysis, in order: the platform's, the extractors' ``problems``, the lookups of
    ``refs``, their files, then the repository-wide checks over ``index``. Also what each reference resolved to.
    (An incremental run passes the references whose outcome may have changed and every one the checks read:
    compiler/resolve/incremental.py.)"""
    isolated = judged.where.isolated
    found: list[Finding] = [Finding(d) for d in judged.platform.diagnostics] + problems
    names = [r for r in refs if r.kind not in ("file", "dir")]
    resolved, unresolved = lookup.resolve(index, names, judged.where)
    found += unresolved
    found += [f for f in (check_reference(r, repo.root) for r in refs if r.kind in ("file", "dir")) if f]
    found += checks.duplicates(index, isolated)
    found += checks.depot_secrets(index, resolved, isolated)
    found += checks.unused_secrets(index, resolved, isolated)
    files, inline = _deployed(index, refs, repo.root)
    found += checks.undeployed(index, files, inline, isolated, repo.root)
    found += checks.scanner_filters(index, isolated)
    found += cycles.local_cycles(index)
    found += lineage.unprovided(index, isolated)
    found += lineage.lineage_cycles(index)
    return resolved, found
