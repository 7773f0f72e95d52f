"""Columns (compiler/sql/summary, shape, columns): what a SELECT writes and reads, the columns of the
example products' datasets, and the SQL store that lets a warm run skip parsing (and sqlglot)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from diffrepo import EXAMPLES, make_repo

from compiler.sql.parse import SPARK
from compiler.sql.shape import ColumnRead, evaluate
from compiler.sql.summary import summarise


def shape_of(sql: str, views: dict[str, tuple[str, ...] | None]) -> tuple:
    query = summarise(sql, SPARK)["queries"][-1]
    s = evaluate(query, views)
    return s.columns, {k: sorted(v) for k, v in s.derived.items()}, [(r.view, r.column) for r in s.reads]


@pytest.mark.parametrize(("sql", "views", "expected"), [
    ("SELECT a, b AS c, a + b AS d FROM t", {"t": None},
     (("a", "c", "d"), {"a": [("t", "a")], "c": [("t", "b")], "d": [("t", "a"), ("t", "b")]},
      [("t", "a"), ("t", "b"), ("t", "a"), ("t", "b")])),
    ("SELECT * FROM t", {"t": None}, (None, {}, [])),
    ("SELECT *, 1 AS one FROM t", {"t": ("x", "y")},
     (("x", "y", "one"), {"x": [("t", "x")], "y": [("t", "y")], "one": []}, [])),
    ("SELECT s.*, o.total FROM t s JOIN u o ON s.id = o.id", {"t": ("id", "v"), "u": None},
     (("id", "v", "total"), {"id": [("t", "id")], "v": [("t", "v")], "total": [("u", "total")]},
      [("u", "total"), ("t", "id"), ("u", "id")])),
    ("WITH c AS (SELECT id, v * 2 AS w FROM t) SELECT w FROM c", {"t": None},
     (("w",), {"w": [("t", "v")]}, [("t", "id"), ("t", "v")])),
    ("SELECT k FROM (SELECT id AS k FROM t) q UNION ALL SELECT id FROM u", {"t": None, "u": None},
     (("k",), {"k": [("t", "id")]}, [("t", "id"), ("u", "id")])),
    ("SELECT region, COUNT(*) AS n FROM t GROUP BY region ORDER BY n", {"t": None},
     (("region", "n"), {"region": [("t", "region")], "n": []}, [("t", "region")])),  # GROUP BY: an output name
    ("SELECT id FROM t JOIN u ON t.k = u.k", {"t": None, "u": None},
     (("id",), {"id": []}, [("t", "k"), ("u", "k")])),  # unqualified among two unknown sources: not tied
])
def test_a_select_writes_its_list_and_reads_its_sources_columns(sql: str, views: dict, expected: tuple) -> None:
    assert shape_of(sql, views) == expected


def test_reads_keep_the_offsets_of_the_column_names() -> None:
    sql = "SELECT o.amount FROM orders o"
    s = evaluate(summarise(sql, SPARK)["queries"][0], {"orders": None})
    assert s.reads == (ColumnRead("orders", "amount", 9, 15),) and sql[9:15] == "amount"


def test_a_summary_is_plain_json_and_a_statement_that_is_no_query_is_unknown() -> None:
    found = summarise("INSERT INTO t SELECT 1", SPARK)
    assert json.loads(json.dumps(found)) == found
    assert found["queries"] == [{"unknown": True}] and evaluate(found["queries"][0], {}).columns is None


def test_the_example_products_datasets_have_known_columns(dpc) -> None:
    from compiler.pipeline import LintOptions, load_repository
    from compiler.project.layout import default_targets
    from compiler.schema import catalog
    from compiler.sql.columns import columns_of

    repo = load_repository(LintOptions(tuple(default_targets(REPO)), REPO), catalog.load(), [])
    found = columns_of(repo)
    assert {".".join(t): len(o.columns or ()) for t, o in sorted(found.outputs.items())} == {
        "lakehouse.customer_churn.churn_scores": 12, "lakehouse.marketing360.campaign_performance": 6,
        "lakehouse.product_affinity.product_affinity_matrix": 9, "lakehouse.sales360.daily_sales": 10,
        "lakehouse.sales360.orders_enriched": 20}
    assert sorted(found.outputs[("lakehouse", "customer_churn", "churn_scores")].derived["orders_365d"]) == [
        (("lakehouse", "sales360", "orders_enriched"), "order_id")]


PROBE = """\
import os, sys
from click.testing import CliRunner
from compiler.cli import cli
os.chdir(sys.argv[1])
r = CliRunner().invoke(cli, ["lint"], catch_exceptions=False)
print(r.exit_code, "sqlglot" in sys.modules)
"""


def test_a_warm_run_reads_sql_summaries_from_the_store_and_never_imports_sqlglot(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", PROBE, str(repo)], capture_output=True, text=True, env=env,
                           timeout=120) for _ in range(2)]
    (repo / "products" / "sales-360" / "bundle" / "bundle.yaml").write_text(
        (repo / "products" / "sales-360" / "bundle" / "bundle.yaml").read_text() + "\n")  # not the whole result
    runs.append(subprocess.run([sys.executable, "-c", PROBE, str(repo)], capture_output=True, text=True, env=env,
                               timeout=120))
    assert [r.stdout for r in runs] == ["0 True\n", "0 False\n", "0 False\n"], [r.stderr for r in runs]
    assert len(list((repo / ".git" / "dpc").glob("sql-*.json"))) == 1  # one per version of dpc's code


COLUMNS = REPO / "tests" / "golden" / "columns"  # rewrite: dpc graph --columns [PRODUCT] --format F > FILE


@pytest.mark.parametrize("golden", sorted(COLUMNS.iterdir()), ids=lambda p: p.name)
def test_graph_columns_draws_the_example_products_column_lineage(dpc, golden: Path) -> None:
    products = golden.stem.split("+") if golden.stem != "products" else []
    run = dpc("graph", "--columns", *products, "--format", golden.suffix[1:], cwd=REPO)
    assert (run.exit_code, run.stdout) == (0, golden.read_text(encoding="utf-8"))


def test_graph_columns_links_columns_across_products(dpc) -> None:
    lines = dpc("graph", "--columns", cwd=REPO).stdout.splitlines()
    assert "  c_lakehouse_sales360_orders_enriched_order_id --> c_lakehouse_customer_churn_churn_scores_orders_365d" \
        in lines
    assert ('  c_lakehouse_sales360_orders_enriched_customer_email -.->|"mask policy"| '
            'r_sales_360_policy_sales360_mask_customer_email') in lines
