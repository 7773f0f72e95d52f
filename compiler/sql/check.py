"""The pipeline's SQL check (a ``REPO_CHECKS`` entry): Flare jobs and lens models of the resources
in the run's scope. It runs over the whole repository (not per file) because a manifest's SQL may
live in another file (``sqlFile``, a lens model), which the per-file cache does not watch."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from compiler.core.diagnostics import Diagnostic
from compiler.model import Repository
from compiler.resolve.datasets import specs, stack_name, stack_spec
from compiler.resolve.edgekit import as_dict
from compiler.schema.catalog import Catalog
from compiler.sql import columncheck, columns, flare, lens, store
from compiler.sql.flare import diag
from compiler.sql.sources import Sources, SqlText


def _syntax(sql: SqlText) -> list[Diagnostic]:
    problem = sql.problem()
    if problem is None:
        return []
    return [diag("Q001", sql.position(problem.offset), f"SQL syntax error: {problem.message}")]


@contextmanager
def _young_only() -> Iterator[None]:
    """The garbage collector leaves the objects alive before the check (the repository) alone until it ends:
    parsing makes many short-lived trees, cyclic (a node knows its parent), and each full collection would
    otherwise walk the whole repository again (about a tenth of the check's time at 300 products)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def check(repo: Repository, catalog: Catalog) -> list[Diagnostic]:
    with _young_only(), store.opened(repo.root):  # SQL summaries by the text's hash: a warm run parses nothing
        sources = Sources(repo)
        return _check(repo, sources) + columncheck.check(repo, sources, columns.lineage(repo, sources))


def _check(repo: Repository, sources: Sources) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    models = set()
    for resource in repo.resources():
        if not repo.in_scope(resource.path):
            continue
        doc = resource.document
        if resource.type == "workflow":
            for at, spec in specs(resource):
                if stack_name(spec) != "flare":
                    continue
                key, section = stack_spec(spec)
                job = as_dict(section.get("job"))
                out += flare.check_job(doc, at + key + ("job",), job, partial(sources.at, doc))
        elif resource.type == "lens":
            folder = lens.model_folder(resource, sources)
            if folder is not None and folder not in models:
                models.add(folder)
                for sql in lens.model_sql(folder, sources):
                    out += _syntax(sql)
    return out
