"""``dpc graph``: load the repository as lint does, analyse references, render the graph."""

from __future__ import annotations

from pathlib import Path

from compiler.core.suggest import did_you_mean
from compiler.pipeline import LintOptions, load_repository, secret_values
from compiler.project.layout import default_targets
from compiler.redaction.scrub import scrub
from compiler.report import colgraph as render_columns
from compiler.report.graph import RENDERERS
from compiler.resolve import analyse
from compiler.resolve.graph import NO_PRODUCT, build
from compiler.schema import catalog as catalog_mod
from compiler.sql import colgraph


def run(cwd: Path, products: tuple[str, ...], fmt: str, columns: bool = False) -> tuple[str, str | None]:
    """The rendered graph (with ``columns``: the column lineage), or an error message for the command
    line (unknown product)."""
    catalog = catalog_mod.load()
    repo = load_repository(LintOptions(tuple(default_targets(cwd)), cwd), catalog, [])
    analysis = analyse(repo, catalog)
    known = {i.resource.product or NO_PRODUCT for i in analysis.index.items}
    for p in products:
        if p not in known:
            return "", f"unknown product '{p}'{did_you_mean(p, known)}; products: {', '.join(sorted(known))}"
    if columns:
        text = render_columns.RENDERERS[fmt](colgraph.build(repo, products, NO_PRODUCT))
    else:
        text = RENDERERS[fmt](build(analysis, repo.root, products))
    return scrub(text, secret_values(repo)), None  # names may hold one
