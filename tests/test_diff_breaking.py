"""Breaking changes in dpc diff (B001, B002): the head stops writing a dataset or a column another
product of the repository reads; listed first, in every format, with the readers named. Whole outputs:
tests/cases/diff/history/expected-breaking-*.txt (DPC_REGEN=1 rewrites them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from diffrepo import edit, git, make_repo
from test_diff_history import whole

B001 = ("products/shop/orders.yaml:22:26: error B001 the change stops writing dataset lakehouse:shop/orders_clean "
        "(written by workflow 'wf-shop-orders' at the base), which product 'reports' reads")

RENAME = ("lakehouse:shop/orders_clean?acl=rw", "lakehouse:shop/orders_clean_v2?acl=rw")  # what reports reads, moved


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_a_dropped_column_another_product_reads_is_b002_listed_first(dpc, repo: Path) -> None:
    edit(repo / "products/shop/sql/orders.sql", "       customer_id,\n", "")
    whole(dpc("diff", "--base", "HEAD", cwd=repo), "breaking-column", base=git(repo, "rev-parse", "HEAD"))


def test_a_dataset_no_longer_written_is_b001_first_in_the_markdown_comment(dpc, repo: Path) -> None:
    edit(repo / "products/shop/orders.yaml", *RENAME)
    whole(dpc("diff", "--base", "HEAD", "--format", "markdown", cwd=repo), "breaking-dataset-markdown",
          base=git(repo, "rev-parse", "HEAD"))


def test_breaking_changes_in_json_name_their_consumers(dpc, repo: Path) -> None:
    edit(repo / "products/shop/orders.yaml", *RENAME)
    run = dpc("diff", "--base", "HEAD", "--format", "json", cwd=repo)
    assert run.exit_code == 1
    assert json.loads(run.stdout)["breaking"] == [{
        "code": "B001", "position": B001.split(": error")[0], "message": B001.split("error B001 ")[1],
        "consumers": ["reports"]}]


def test_a_change_inside_the_producing_product_only_breaks_nothing(dpc, repo: Path) -> None:
    edit(repo / "products/shop/sql/orders.sql", "       customer_id,\n", "       customer_id,\n       1 AS one,\n")
    run = dpc("diff", "--base", "HEAD", "--format", "json", cwd=repo)
    assert (run.exit_code, json.loads(run.stdout)["breaking"]) == (0, [])


def test_the_b_family_is_listed_and_selectable(dpc) -> None:
    run = dpc("rules", "B")
    assert (run.exit_code, run.stdout) == (0, """\
B001  error    dataset-no-longer-written   the change stops writing a dataset another product reads
B002  error    column-no-longer-written    the change stops writing a column another product reads
""")
    assert dpc("explain", "B002").stdout.startswith("B002 column-no-longer-written (error, stage: breaking changes)")
