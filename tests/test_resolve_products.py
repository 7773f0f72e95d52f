"""The example products resolve cleanly, and ``dpc graph`` draws them exactly as the golden files say."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from compiler.cli import GRAPH_FORMATS
from compiler.report.graph import RENDERERS

GOLDEN = REPO / "tests" / "golden" / "graph"


def test_example_products_lint_clean(dpc) -> None:
    run = dpc("lint", cwd=REPO)
    assert (run.exit_code, run.stdout) == (0, "")


def test_example_products_lint_clean_as_a_subprocess(dpc_process) -> None:
    run = dpc_process("lint", cwd=REPO)
    assert (run.exit_code, run.stdout) == (0, "")


@pytest.mark.parametrize("golden", sorted(GOLDEN.iterdir()), ids=lambda p: p.name)
def test_graph_golden(dpc, golden: Path) -> None:
    products = golden.stem.split("+") if golden.stem != "products" else []
    run = dpc("graph", *products, "--format", golden.suffix[1:], cwd=REPO)
    assert run.exit_code == 0
    assert run.stdout == golden.read_text(encoding="utf-8")


def test_graph_formats_match_the_renderers() -> None:
    assert sorted(GRAPH_FORMATS) == sorted(RENDERERS)


def test_mermaid_is_github_flowchart_syntax() -> None:
    text = (GOLDEN / "products.mermaid").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert lines.count("  end") == len([p for p in (REPO / "products").iterdir() if p.is_dir()])
    for line in lines[1:]:
        assert line.startswith(("  subgraph p_", '    n_', "  end", "  n_", "  p_")), line


def test_graph_lineage_links_the_example_products(dpc) -> None:
    run = dpc("graph", "--format", "mermaid", cwd=REPO)
    lines = run.stdout.splitlines()
    assert '  p_sales_360 ==>|"dataset:lakehouse:sales360:orders_enriched"| p_customer_churn' in lines
    assert '  p_sales_360 ==>|"dataset:lakehouse:sales360:orders_enriched"| p_product_affinity' in lines


def test_graph_unknown_product_is_a_usage_error(dpc) -> None:
    run = dpc("graph", "sales-36", cwd=REPO)
    assert run.exit_code == 2
    assert "unknown product 'sales-36'; did you mean 'sales-360'?" in run.stderr
