"""The diff run: options in, a :class:`Outcome` out; never prints, never raises for bad input.

base revision (git objects) and head (working tree or a revision) -> source hashes -> the
products whose sources differ, built in memory on each side by the build pipeline (the base reduced to
what the comparison reads, :mod:`compiler.diff.reduced`, before the head is read) -> units ->
comparison -> plan and impact -> :class:`~compiler.diff.model.DiffReport`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from compiler import __version__
from compiler.core.diagnostics import Diagnostic, Failure, Severity
from compiler.diff import accounting, breaking, dangling, heap, impact, keptbase, reads, reduced, sides
from compiler.diff import compare as compare_mod
from compiler.diff import plan as plan_mod
from compiler.diff.deployed import unknown_environment
from compiler.diff.model import (
    ADDED,
    CHANGED,
    REMOVED,
    RENAMED,
    UNCHANGED,
    Change,
    DiffReport,
    NotCompiled,
    ProductSummary,
    Revision,
)
from compiler.diff.reads import Reading
from compiler.diff.reduced import Kept
from compiler.diff.units import Context, Unit, shown, units
from compiler.emit.runner import Compiled
from compiler.gitrepo.git import Commit, GitProblem, Repository
from compiler.gitrepo.tree import GitTreeFS
from compiler.load import blobcache, fs
from compiler.load.discover import find_repo_root
from compiler.project.config import load_config
from compiler.project.specs import BUILTIN_ENVIRONMENT
from compiler.redaction.masks import Hidden
from compiler.resolve.depgraph import product_ranks
from compiler.schema import catalog as catalog_mod
from compiler.sql import store

SKIPPED = "skipped"


@dataclass(frozen=True)
class DiffOptions:
    cwd: Path
    base: str | None = None
    environment: str | None = None
    head: str | None = None
    progress: Callable[[int, int], None] | None = None  # (files read, files to read) on each side


@dataclass(frozen=True)
class Outcome:
    report: DiffReport | None = None
    diagnostics: tuple[Diagnostic, ...] = ()  # the head's errors: reported, and the diff still printed
    failure: Failure | None = None  # one line; exit 2 (or 1 with diagnostics)


def run(options: DiffOptions) -> Outcome:
    try:
        repo = Repository(options.cwd)
    except GitProblem as problem:
        return Outcome(failure=problem.failure)
    try:
        # one SQL store for both sides and their comparison (by text alone), one store of per-file records;
        # the collector's full collections leave what survived the previous ones alone (compiler/diff/heap.py)
        with store.opened(repo.root), blobcache.opened(), heap.survivors_frozen():
            return _run(repo, options)
    except GitProblem as problem:
        return Outcome(failure=problem.failure)
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
    unknown = unknown_environment(root, options.environment) if options.environment else None
    if unknown is not None:
        return Outcome(failure=unknown)
    with fs.use(head_fs):
        config = load_config(root)[0]
        environment = options.environment or config.default_environment or BUILTIN_ENVIRONMENT
        head_src = sides.sources(root)
    base, commit = _revisions(repo, options, environment)
    base_fs = GitTreeFS(repo, commit)

    def base_sources() -> sides.Sources | None:
        with fs.use(base_fs):
            return sides.sources(root) if fs.is_dir(root) else None

    base_src = keptbase.sources(repo.root, root, base_fs.tree, base_sources)  # a function of the tree: kept
    with fs.use(base_fs):
        empty = not fs.iterdir(root)  # an empty tree (nothing deployed yet): everything is added
    if not empty and (base_src is None or (head_src.roots and not base_src.roots)):
        where = ", ".join(r.relative_to(root).as_posix() + "/" for r in head_src.roots) or "the repository folder"
        return Outcome(failure=Failure(f"{where} does not exist at {base}; there is nothing to compare with: "
                                       "pass --base with the commit that added it, or a later one", "G005"))
    if base_src is None:  # an empty base tree: nothing there, everything is added
        base_src = sides.Sources((), "", {})
    wanted = sides.differing(base_src, head_src)
    head_read = Reading(head_fs)
    key = keptbase.base_key(repo.root, root, base_fs.tree, environment, wanted, not base_src.roots)
    kept = None if empty else keptbase.taken(repo.root, key)  # the base as the last diff against it reduced it
    if kept is None:
        kept, hidden = _base(Reading(base_fs), root, environment, wanted, not base_src.roots, catalog,
                             options.progress, empty)
        if not empty:
            keptbase.keep(repo.root, key, kept, hidden)
    b = kept.reduced
    head_build, head_index = sides.build(head_read, root, environment, wanted, not head_src.roots, catalog,
                                         options.progress)
    h = reduced.head(head_build, head_read, root)
    for label, failures in ((str(base), b.failures), (str(head), h.failures)):
        if failures is not None:
            return Outcome(failure=Failure(f"{label}: " + "; ".join(failures)))
    h_repo = head_build.repository if isinstance(head_build, Compiled) else None
    b_made, h_made, b_side, h_side = b.made, h.made, b.side, h.side
    compared = _compared(b_made, h_made, wanted)
    same = _same_product(b_made, h_made, base_src, head_src)
    # a file a side could not compile defines nothing there, even where lint still knows its resource
    before = _defined(_units(b_made, compared, catalog, b_side.context, config.output, same), b_side.not_compiled)
    after = _defined(_units(h_made, compared, catalog, h_side.context, config.output), h_side.not_compiled)
    changes = compare_mod.compare(*shown(before, after),
                                  [n.path for n in b_side.not_compiled], [n.path for n in h_side.not_compiled])
    names = sorted((set(base_src.products) | set(head_src.products) | compared) - {sides.WHOLE} - set(same))
    # the head's index is there whenever the base's is: both sides build the same wanted products
    ranks = product_ranks(impact.links(head_index), names)
    with fs.use(head_read):
        problems = dangling.problems(changes, b.index, h_repo, catalog)
    broken = breaking.findings(b.columns, h_repo, b.index, head_index, head_read)
    not_compiled = b_side.not_compiled + h_side.not_compiled
    others = accounting.others(reads.changed(b.files, h.files), root, options.cwd, (b_side, h_side),
                               set(kept.read) | head_read.read)
    return Outcome(DiffReport(
        base, head, environment, _summaries(changes, names, compared, base_src, head_src), tuple(changes),
        tuple(compare_mod.renames(changes)), tuple(plan_mod.plan(changes, ranks)),
        tuple(impact.impacts(changes, head_index, b.index)), not_compiled, tuple(others), tuple(problems),
        _findings_line(b_made, base), __version__, _command(base, head, environment), tuple(broken)),
        diagnostics=tuple(_errors(h_made)))


def _base(read: Reading, root: Path, environment: str, wanted: set[str] | None, plain: bool,
          catalog: catalog_mod.Catalog, progress: Callable[[int, int], None] | None,
          empty: bool) -> tuple[keptbase.Base, Hidden | None]:
    """The base built and reduced, with the secret values its kept form must not hold (None: not to be kept).
    Its repository goes before the head's is read: one alive at a time."""
    made, index = (None, None) if empty else sides.build(read, root, environment, wanted, plain, catalog, progress)
    hidden = keptbase.secrets(made)
    b = reduced.base(made, index, read, root)
    del made, index
    heap.thaw()  # and its cycles, frozen with it, go at the next full collection
    return keptbase.Base(b, frozenset(read.read)), hidden


def _same_product(base: Kept | None, head: Kept | None, base_src: sides.Sources,
                  head_src: sides.Sources) -> dict[str, str]:
    """A repository without product folders is one product on each side, whatever its spec is named:
    the base's name -> the head's."""
    if base_src.roots or head_src.roots or not base or not head or len(base.built) != 1 or len(head.built) != 1:
        return {}
    old, new = next(iter(base.built)), next(iter(head.built))
    return {old: new} if old != new else {}


def _findings_line(made: Kept | None, base: Revision) -> str:
    if made is None or not made.diagnostics:
        return ""
    counts = [(sum(1 for d in made.diagnostics if d.severity == s), word) for s, word in
              ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note"))]
    parts = [f"{n} {word}" + ("s" if n > 1 else "") for n, word in counts if n]
    return f"the base {base} has {', '.join(parts)} of its own; it is compared as it is"


def _command(base: Revision, head: Revision, environment: str) -> str:
    return f"dpc diff --base {base.sha or base.label}" + (f" --head {head.sha}" if head.sha else "") \
        + f" --env {environment}"


def _errors(made: Kept | None) -> list[Diagnostic]:
    return [d for d in made.diagnostics if d.severity >= Severity.ERROR] if made else []


def _compared(base: Kept | None, head: Kept | None, wanted: set[str] | None) -> set[str]:
    """Products compared: built on both sides, or wanted and built on one (added or removed)."""
    b, h = set(base.built) if base else set(), set(head.built) if head else set()
    return (b & h) | ((b ^ h) & (wanted if wanted is not None else b | h))


def _defined(units_: list[Unit], not_compiled: Iterable[NotCompiled]) -> list[Unit]:
    bad = {n.path for n in not_compiled}
    return [u for u in units_ if u.manifest.source not in bad]


def _units(made: Kept | None, compared: set[str], catalog: catalog_mod.Catalog, known: Context,
           output: str, same: dict[str, str] | None = None) -> list[Unit]:
    if made is None:
        return []
    same = same or {}
    return [u for product, built in sorted(made.built.items()) if product in compared
            for u in units(same.get(product, product), made.environment, built, catalog, known, output)]


def _renamed_products(changes: list[Change]) -> dict[str, str]:
    """Old product folder -> new one, for each data product spec renamed with its folder."""
    return {c.before.product: c.after.product for c in changes if c.status == RENAMED and c.after and c.before
            and c.after.type == "data" and c.before.product != c.after.product}


def _summaries(changes: list[Change], names: list[str], compared: set[str], base_src: sides.Sources,
               head_src: sides.Sources) -> tuple[ProductSummary, ...]:
    moved = _renamed_products(changes)
    out = []
    for name in names:
        if name in moved:
            continue
        mine = [c for c in changes if c.product == name]
        counts = tuple(sum(1 for c in mine if c.status in s) for s in ((ADDED,), (REMOVED,), (CHANGED, RENAMED),
                                                                        (UNCHANGED,)))
        old = next((o for o, n in moved.items() if n == name), "")
        if name not in compared:
            status = SKIPPED
        elif old:
            status = RENAMED
        elif head_src.roots and name not in head_src.products:
            status = REMOVED
        elif base_src.roots and name not in base_src.products:
            status = ADDED
        else:
            status = CHANGED if any(c.status != UNCHANGED for c in mine) else UNCHANGED
        out.append(ProductSummary(name, status, counts, old))  # type: ignore[arg-type]
    return tuple(out)
