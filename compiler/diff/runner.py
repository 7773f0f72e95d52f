"""The diff run: options in, a :class:`Outcome` out; never prints, never raises for bad input.

base revision (git objects) and head (working tree or a revision) -> source hashes -> the
products whose sources differ, built in memory on each side by the build pipeline -> units ->
comparison -> plan and impact -> :class:`~compiler.diff.model.DiffReport`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.core.diagnostics import Diagnostic, Severity
from compiler.diff import compare as compare_mod
from compiler.diff import impact, sides
from compiler.diff import plan as plan_mod
from compiler.diff.deployed import unknown_environment
from compiler.diff.model import ADDED, REMOVED, UNCHANGED, Change, DiffReport, ProductSummary, Revision
from compiler.diff.units import Unit, shown, units
from compiler.emit.runner import BuildResult, Compiled
from compiler.gitrepo.git import Commit, GitProblem, Repository
from compiler.gitrepo.tree import GitTreeFS
from compiler.load import fs
from compiler.load.discover import find_repo_root
from compiler.project.config import load_config
from compiler.project.specs import BUILTIN_ENVIRONMENT
from compiler.schema import catalog as catalog_mod

SKIPPED = "skipped"


@dataclass(frozen=True)
class DiffOptions:
    cwd: Path
    base: str | None = None
    environment: str | None = None
    head: str | None = None


@dataclass(frozen=True)
class Outcome:
    report: DiffReport | None = None
    diagnostics: tuple[Diagnostic, ...] = ()  # the head's errors, when it does not build
    failure: str | None = None  # one line; exit 2 (or 1 with diagnostics)


def run(options: DiffOptions) -> Outcome:
    try:
        repo = Repository(options.cwd)
    except GitProblem as problem:
        return Outcome(failure=f"{problem.code} {problem.message}")
    try:
        return _run(repo, options)
    except GitProblem as problem:
        return Outcome(failure=f"{problem.code} {problem.message}")
    finally:
        repo.close()


def _revisions(repo: Repository, options: DiffOptions, environment: str) -> tuple[Revision, Commit]:
    if options.base:
        commit = repo.commit(options.base)
        return Revision(options.base, commit.sha, commit.subject), commit
    deployed = repo.deployed(environment)
    if deployed is not None:
        return Revision(f"deployed to {environment}", deployed.sha, deployed.subject), deployed
    if options.environment:
        raise GitProblem("G003", f"no commit is recorded as deployed to {environment} (no ref refs/dpc/deployed/"
                         f"{environment}); fetch it (git fetch origin '+refs/dpc/*:refs/dpc/*'), record one with "
                         f"`dpc mark-deployed --env {environment}`, or compare with --base REV")
    commit = repo.commit("HEAD")
    return Revision("HEAD", commit.sha, commit.subject), commit


def _run(repo: Repository, options: DiffOptions) -> Outcome:
    catalog = catalog_mod.load()
    root = find_repo_root(options.cwd) or repo.root
    if root != repo.root and repo.root not in root.parents:
        root = repo.root
    head_fs: fs.FileSystem = fs.OS
    head = Revision("working tree", None)
    if options.head:
        commit = repo.commit(options.head)
        head, head_fs = Revision(options.head, commit.sha, commit.subject), GitTreeFS(repo, commit)
    if options.environment and unknown_environment(root, options.environment):
        return Outcome(failure=unknown_environment(root, options.environment))
    with fs.use(head_fs):
        environment = options.environment or load_config(root)[0].default_environment or BUILTIN_ENVIRONMENT
        head_src = sides.sources(root)
    base, commit = _revisions(repo, options, environment)
    base_fs = GitTreeFS(repo, commit)
    with fs.use(base_fs):
        base_src = sides.sources(root) if fs.is_dir(root) else None
    if base_src is None or (head_src.roots and not base_src.roots):
        where = ", ".join(r.relative_to(root).as_posix() + "/" for r in head_src.roots) or "the repository folder"
        return Outcome(failure=f"G005 {where} does not exist at {base}; there is nothing to compare with: pass "
                       "--base with the commit that added it, or a later one")
    wanted = sides.differing(base_src, head_src)
    base_build, base_index = sides.build(base_fs, root, environment, wanted, not base_src.roots, catalog)
    head_build, head_index = sides.build(head_fs, root, environment, wanted, not head_src.roots, catalog)
    for label, made in ((str(base), base_build), (str(head), head_build)):
        if isinstance(made, BuildResult) or (isinstance(made, Compiled) and made.failures):
            return Outcome(failure=f"{label}: " + "; ".join(made.failures))
    errors = _errors(base_build)
    if errors:
        return Outcome(failure=f"G007 the base {base} does not build ({_count(errors)}, the first {errors[0].code} "
                       f"at {errors[0].position}); compare with another --base")
    errors = _errors(head_build)
    if errors:
        return Outcome(diagnostics=tuple(errors), failure=f"the {head} does not build ({_count(errors)}); "
                       "fix, then diff again")
    compared = _compared(base_build, head_build, wanted)
    changes = compare_mod.compare(*shown(_units(base_build, compared, catalog), _units(head_build, compared, catalog)))
    names = sorted((set(base_src.products) | set(head_src.products) | compared) - {sides.WHOLE})
    ranks = plan_mod.product_order(impact.links(head_index or base_index), names)
    return Outcome(DiffReport(
        base, head, environment, _summaries(changes, names, compared, base_src, head_src), tuple(changes),
        tuple(compare_mod.renames(changes)), tuple(plan_mod.plan(changes, ranks)),
        tuple(impact.impacts(changes, head_index, base_index))))


def _errors(made: Compiled | None) -> list[Diagnostic]:
    return [d for d in made.diagnostics if d.severity >= Severity.ERROR] if made else []


def _count(errors: list[Diagnostic]) -> str:
    return f"{len(errors)} error" + ("s" if len(errors) > 1 else "")


def _compared(base: Compiled | None, head: Compiled | None, wanted: set[str] | None) -> set[str]:
    """Products compared: built on both sides, or wanted and built on one (added or removed)."""
    b, h = set(base.built) if base else set(), set(head.built) if head else set()
    return (b & h) | ((b ^ h) & (wanted if wanted is not None else b | h))


def _units(made: Compiled | None, compared: set[str], catalog) -> list[Unit]:
    if made is None:
        return []
    return [u for product, built in sorted(made.built.items()) if product in compared
            for u in units(product, made.environment, built, catalog)]


def _summaries(changes: list[Change], names: list[str], compared: set[str], base_src: sides.Sources,
               head_src: sides.Sources) -> tuple[ProductSummary, ...]:
    out = []
    for name in names:
        mine = [c for c in changes if c.product == name]
        counts = tuple(sum(1 for c in mine if c.status == s) for s in (ADDED, REMOVED, "changed", UNCHANGED))
        if name not in compared:
            status = SKIPPED
        elif head_src.roots and name not in head_src.products:
            status = REMOVED
        elif base_src.roots and name not in base_src.products:
            status = ADDED
        else:
            status = "changed" if any(c.status != UNCHANGED for c in mine) else UNCHANGED
        out.append(ProductSummary(name, status, counts))  # type: ignore[arg-type]
    return tuple(out)
