"""SQL in data products (compiler/sql): positions back into YAML scalars and templates, plain-word
syntax errors, templated SQL of a product.yaml product, and sqlglot imported only when there is SQL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from casekit import lint_inputs
from conftest import REPO

from compiler.sql import positions
from compiler.sql.parse import SPARK, TRINO, Problem, parse

YAML = """\
a:
  literal: |
    SELECT a,
      b FROM t
  folded: >
    SELECT a,
      b FROM t
  quoted: "SELECT 'it''s', b FROM t"
  single: 'SELECT ''x'', b FROM t'
"""


@pytest.mark.parametrize(("key", "line", "value", "expected"), [
    ("literal", 2, "SELECT a,\n  b FROM t\n", (4, 14)),
    ("folded", 5, "SELECT a,\n  b FROM t\n", (7, 14)),
    ("quoted", 8, "SELECT 'it''s', b FROM t", (8, 35)),
    ("single", 9, "SELECT 'x', b FROM t", (9, 33)),
])
def test_an_offset_in_a_scalar_maps_to_its_file_line_and_column(key: str, line: int, value: str,
                                                                 expected: tuple[int, int]) -> None:
    col = YAML.splitlines()[line - 1].index(":") + 3
    locate = positions.in_scalar(YAML, line, col, value)
    assert locate(value.index(" t") + 1) == expected  # the table 't'


def test_text_a_template_wrote_maps_exactly_and_an_expression_to_its_start() -> None:
    template = "SELECT '{{ vars.host }}' AS h\nFROM orders WHERE (x"
    rendered = "SELECT 'db.internal' AS h\nFROM orders WHERE (x"
    locate = positions.through_template(template, rendered, positions.in_file(template))
    assert locate(rendered.index("orders")) == (2, 6)
    assert locate(rendered.index("internal")) == (1, 9)  # inside what {{ vars.host }} produced


def test_env_references_and_templates_are_masked_by_same_length_names() -> None:
    masked = positions.mask("SELECT * FROM ${SCHEMA}.t WHERE d = '{{ day }}'\n{% if x %}AND y{% endif %}",
                            templates=True)
    assert masked.text == "SELECT * FROM _xxxxxxx_.t WHERE d = '_xxxxxxx_'\n          AND y           "
    assert masked.spans == ((14, 23), (37, 46), (48, 58), (63, 74))
    assert masked.hides(14, 16) and not masked.hides(24, 25)


@pytest.mark.parametrize(("sql", "dialect", "problem"), [
    ("SELECT a FROM t WHERE (a = 1", SPARK, Problem(28, "expected ')', found the end of the SQL")),
    ("select count(* from t", SPARK, Problem(15, "expected ')', found 'from'")),
    ("SELECT a b c FROM t", SPARK, Problem(11, "unexpected 'c'")),
    ("SELECT * FROM", TRINO, Problem(13, "expected a table name, found the end of the SQL")),
    ("SELECT CAST(a AS) FROM t", SPARK, Problem(16, "expected a type after CAST, found ')'")),
    ("SELECT a FROM t ORDER BY", SPARK,
     Problem(24, "expected the columns to sort by after ORDER BY, found the end of the SQL")),
    ("SELECT 1 +", TRINO, Problem(10, "expected an operand after '+', found the end of the SQL")),
    ("SELECT 1\nFROM t WHERE a = 'x", SPARK, Problem(26, "the string or name opened here with ' is never closed")),
    ("SELECT 1 /* no end", SPARK, Problem(9, "the comment opened here is never closed (no '*/')")),
])
def test_syntax_errors_in_plain_words_at_their_offset(sql: str, dialect: str, problem: Problem) -> None:
    assert parse(sql, dialect).problem == problem


def test_good_sql_parses_in_both_dialects() -> None:
    assert parse("SELECT a, count(*) FROM t GROUP BY a", SPARK).problem is None
    assert parse("SELECT date_trunc('day', ts) FROM lakehouse.s.t", TRINO).problem is None


FLARE = """\
name: wf-shop-orders
type: workflow
workflow:
  dag:
    - name: orders
      spec:
        stack: flare:7.0
        stackSpec:
          job:
            inputs:
              - name: orders
                dataset: dataos://lakehouse:shop/orders
            steps:
              - sequence:
                  - name: orders_by_day
                    sql: |
SQL
            outputs:
              - name: orders_by_day
                dataset: dataos://lakehouse:shop/orders_by_day?acl=rw
"""


def _product_repo(root: Path, sql: str) -> Path:
    """One product described by a product.yaml whose Flare step holds templated inline SQL."""
    (root / "products" / "shop" / "build").mkdir(parents=True)
    (root / "dpc.yaml").write_text("products: [products]\n")
    (root / "products" / "shop" / "product.yaml").write_text(textwrap.dedent("""\
        product: shop
        title: Shop
        description: Orders of the shop.
        purpose: Tests.
        domain: Sales
        owner: iamgroot
        workspace: shop
        outputs:
          - ref: dataset:lakehouse:shop:orders_by_day
        vars:
          min_total: 10
    """))
    flare = FLARE.replace("SQL\n", textwrap.indent(sql, " " * 22))
    (root / "products" / "shop" / "build" / "flare.yaml").write_text(flare)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_templated_sql_is_parsed_after_rendering_with_positions_in_the_template(dpc, tmp_path: Path) -> None:
    repo = _product_repo(tmp_path / "repo", "SELECT day, {{ vars.min_total * 100 }} AS floor\n"
                                             "FROM order o WHERE total > {{ vars.min_total }}\n")
    run = dpc("lint", cwd=repo)
    assert run.stdout == (
        "products/shop/build/flare.yaml:18:28: error Q002 sequence 'orders_by_day' reads 'order', which is not an "
        "input, an earlier sequence or a CTE of this flare job; did you mean 'orders'?\n"
        "  hint: declare the dataset as an input of the job and read it by the input's name\n")
    fixed = _product_repo(tmp_path / "fixed", "SELECT day FROM orders WHERE (total > {{ vars.min_total }}\n")
    assert dpc("lint", cwd=fixed).stdout == (
        "products/shop/build/flare.yaml:17:81: error Q001 SQL syntax error: expected ')', found the end of the SQL\n")


def test_the_example_products_sql_parses_and_their_steps_read_what_they_declare(dpc) -> None:
    run = dpc("lint", cwd=REPO)
    assert (run.exit_code, run.stdout) == (0, "")


INVALID = lint_inputs()  # every lint case side by side, as tests/cases/invalid held them
PROBE = """\
import os, sys
from click.testing import CliRunner
from compiler.cli import cli
os.chdir(sys.argv[1])
CliRunner().invoke(cli, ["lint", sys.argv[2]], catch_exceptions=False)
print(" ".join(m for m in ("sqlglot", "cronsim") if m in sys.modules) or "none")
"""


@pytest.mark.parametrize(("case", "imported"), [
    ("unknown-key.yaml", "none"), ("sql-syntax.yaml", "sqlglot"), ("schedules.yaml", "cronsim")])
def test_sqlglot_and_cronsim_are_imported_only_when_a_file_needs_them(case: str, imported: str) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(INVALID), case],
                          capture_output=True, text=True, env={"DPC_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
                          timeout=120)
    assert (done.stdout, done.returncode) == (imported + "\n", 0), done.stderr
