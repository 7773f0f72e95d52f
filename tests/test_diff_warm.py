"""A diff run twice (cold, then warm: the SQL store of .git/dpc filled by the first) prints byte for byte the
same, on real git histories of the example products, for the working tree and for --head REV; and a warm
diff parses no SQL text it parsed before, on either side (counted by the run's own store: the diff runs in
the store the test opens, as it runs in the one a caller holds). Real git repositories, the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, commit_all, edit, make_repo

from compiler.diff.runner import DiffOptions, run
from compiler.report.diff.text import render
from compiler.sql import store

SQL = "products/sales-360/build/sql/daily_sales.sql"


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The example products, then a commit changing one product's SQL and another's manifest."""
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- reviewed\n", encoding="utf-8")
    edit(repo / "products/marketing-360/product.yaml", "description:", "description: changed;")
    commit_all(repo, "one product's SQL, another's spec")
    return repo


@pytest.mark.parametrize("args", [("--base", "HEAD~1"), ("--base", "HEAD~1", "--head", "HEAD")])
def test_a_warm_diff_prints_what_the_cold_one_printed(dpc, history: Path, args: tuple[str, ...]) -> None:
    with (history / SQL).open("a", encoding="utf-8") as sql:  # the working tree differs from HEAD
        sql.write("-- and again\n")
    shutil.rmtree(history / ".git" / "dpc", ignore_errors=True)
    cold = dpc("diff", *args, cwd=history)
    assert (history / ".git" / "dpc" / store.NAME).is_file()
    warm = dpc("diff", *args, cwd=history)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert cold.exit_code == 0 and "sales-360" in cold.stdout


def _diff(repo: Path, **options: str) -> tuple[str, int]:
    """The text report and the number of SQL texts the run parsed."""
    with store.opened(repo) as opened:
        outcome = run(DiffOptions(cwd=repo, **options))
    assert outcome.report is not None and outcome.failure is None
    return render(outcome.report), opened.parsed


def test_a_warm_diff_parses_only_the_sql_that_changed(history: Path) -> None:
    cold, parsed_cold = _diff(history, base="HEAD~1")
    warm, parsed_warm = _diff(history, base="HEAD~1")
    (history / SQL).write_text("SELECT 1 AS one\n", encoding="utf-8")
    edited, parsed_edited = _diff(history, base="HEAD~1")
    assert (parsed_warm, parsed_edited, warm == cold, edited == cold) == (0, 1, True, False)
    assert parsed_cold > 10
