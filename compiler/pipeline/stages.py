"""The stages of a lint run in order, and its one result; never prints.

files -> documents with positions -> per-document checks (YAML, schema, stacks,
placeholders) -> resources -> repository-wide checks (references) -> one sorted result.
Imported only when a run is not answered from the whole-result cache (compiler/pipeline/__init__.py).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial

from compiler.core import budget, jobs
from compiler.core.diagnostics import Diagnostic, Result
from compiler.core.paths import from_root
from compiler.expand.lintchecks import check as build_checks
from compiler.load import fs
from compiler.load.discover import find_repo_root
from compiler.model import Repository
from compiler.pipeline import aside
from compiler.pipeline.options import LintOptions
from compiler.pipeline.repochecks import file_secrets, references, sql, sql_kept
from compiler.pipeline.repository import load_repository, secret_values_of
from compiler.project.config import load_config
from compiler.redaction import scrub as redact
from compiler.redaction.masks import Hidden
from compiler.rules import secrets, suppress
from compiler.schema import catalog as catalog_mod
from compiler.schema.catalog import Catalog
from compiler.sql import store as sql_store

RepoCheck = Callable[[Repository, Catalog], list[Diagnostic]]
REPO_CHECKS: list[RepoCheck] = [references, secrets.dataos_folders, sql, file_secrets]


# The resolver (R003-R005) and the build's includes (T005, T006) both judge a file path written in a
# manifest of a product.yaml product; at the same place, the include finding (it names the field) is kept.
_PATH_FINDINGS = ("R003", "R004", "R005")
_INCLUDE_FINDINGS = ("T005", "T006")


def one_per_root_cause(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """At one place, the root cause only: the include finding (T005/T006) over the resolver's R003-R005 for
    the same path, and a docs fill-in marker (P001) over every reference or schema finding about it."""
    judged = {d.position for d in diagnostics if d.code in _INCLUDE_FINDINGS}
    marked = {d.position for d in diagnostics if d.code == "P001"}
    return [d for d in diagnostics if not (d.code in _PATH_FINDINGS and d.position in judged)
            and not (d.position in marked and d.code[0] in "RS")]


def secret_values(repo: Repository) -> Hidden:
    """Every secret value of the repository's documents, as written and as expanded."""
    return secret_values_of(repo.files)


@contextmanager
def _repository_kept_alive() -> Iterator[None]:
    """The garbage collector leaves what is alive before the repository-wide checks (the loaded repository, which
    they all read) alone until they end: each full collection would otherwise walk every file's documents again
    (about a tenth of a one-file lint's time at 1,000 products, BENCHMARKS.md)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _checked(repo: Repository, catalog: Catalog) -> list[aside.Outcome]:
    """Each of REPO_CHECKS' outcomes, in their order. The SQL check's kept findings are taken when they hold;
    else, with a second process (core/jobs.py), the SQL check runs in it while this one runs the others
    (compiler/pipeline/aside.py)."""
    try:
        known = sql_kept(repo)
    except Exception:  # a bug in the kept findings' lookup: the check is worked out, as with nothing kept
        known = None
    second = None
    if known is None and jobs.processes(len(repo.files)) > 1 and isinstance(fs.ACTIVE.get(), fs.OSFileSystem) \
            and not sql_store.is_open():
        second = aside.start(sql, repo, catalog)
    try:
        mine = {i: aside.run_one(check, repo, catalog) for i, check in enumerate(REPO_CHECKS)
                if check is not sql or (known is None and second is None)}
        if known is not None:
            mine[REPO_CHECKS.index(sql)] = (known, None)
        return [mine[i] if i in mine else aside.answered(second, check, repo, catalog)
                for i, check in enumerate(REPO_CHECKS)]
    except BaseException:
        if second is not None:
            second.stop()
        raise


def lint_repository(options: LintOptions) -> tuple[Result, Repository]:
    """The lint result and the repository it was computed from (``dpc build`` goes on from there)."""
    with budget.run():  # the command's budget, or one for this run (core/budget.py)
        return _lint_repository(options)


def _lint_repository(options: LintOptions) -> tuple[Result, Repository]:
    catalog = catalog_mod.load()
    failures: list[str] = []
    config, diagnostics = load_config(find_repo_root(options.cwd) or options.cwd, options.cwd)
    repo = load_repository(options, catalog, failures, config)
    diagnostics += [d for f in repo.files if repo.in_scope(f.display) for d in f.diagnostics]
    with _repository_kept_alive():
        for found, failure in _checked(repo, catalog):
            diagnostics.extend(found)
            failures.extend([failure] if failure is not None else [])
    diagnostics.extend(build_checks(repo, config, catalog, options.environment, options.cwd))  # T007, T008
    diagnostics = one_per_root_cause(diagnostics)
    texts = {f.display: f.parsed.text for f in repo.files if f.parsed and repo.in_scope(f.display)}
    diagnostics, silenced = suppress.apply_all(diagnostics, config, texts,
                                                   partial(from_root, cwd=options.cwd, root=repo.root))
    diagnostics = list(dict.fromkeys(diagnostics))  # once each, in order
    hidden = secret_values(repo)  # the one scrub: no secret value leaves in a message
    diagnostics = redact.scrub_diagnostics(diagnostics, hidden)
    silenced = sorted(dict.fromkeys(replace(s, diagnostic=d) for s, d in zip(
        silenced, redact.scrub_diagnostics([s.diagnostic for s in silenced], hidden), strict=True)),
        key=lambda s: s.diagnostic.sort_key())
    failures = [redact.scrub(f, hidden) for f in failures]
    diagnostics.sort(key=Diagnostic.sort_key)
    documents = sum(len(f.parsed.documents) for f in repo.files if f.parsed and repo.in_scope(f.display))
    base = os.path.relpath(options.cwd, repo.root).replace(os.sep, "/")
    base = "" if base == "." or base.startswith("..") else base
    return Result(tuple(diagnostics), len(repo.scope), documents, tuple(failures), base,
                  suppressed=tuple(silenced)), repo
