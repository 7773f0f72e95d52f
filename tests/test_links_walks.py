"""Links and walks (issue 16): loops, links to '.', deep folders and FIFOs never crash or hang a command;
and a diff never leaves out a product that includes a changed file kept in another product's folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import REPO
from diffrepo import EXAMPLES, commit_all, edit, git, make_repo

LINT_CLEAN = "dpc: 47 files checked, no findings\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", EXAMPLES)


def no_internal_error(run) -> None:
    assert "internal error" not in run.stdout + run.stderr and "Traceback" not in run.stderr


def test_a_link_to_itself_under_products_crashes_no_command(dpc_process, repo: Path) -> None:
    (repo / "products" / "loop").symlink_to("loop")
    lint = dpc_process("lint", cwd=repo)
    assert (lint.exit_code, lint.stdout, lint.stderr) == (0, "", LINT_CLEAN)
    for args in (("build", "--check"), ("build",), ("graph",), ("diff",), ("lint", "products/loop")):
        run = dpc_process(*args, cwd=repo)
        no_internal_error(run)
        assert run.exit_code in (0, 1), (args, run)
    commit_all(repo, "a looping link")
    run = dpc_process("diff", "--base", "HEAD~1", cwd=repo)
    no_internal_error(run)
    assert run.exit_code == 0


def test_two_links_to_dot_end_every_walk(dpc_process, repo: Path) -> None:
    (repo / "products" / "a").symlink_to(".")
    (repo / "products" / "b").symlink_to(".")
    commit_all(repo, "two links to .")
    lint = dpc_process("lint", cwd=repo)
    assert (lint.exit_code, lint.stdout, lint.stderr) == (0, "", LINT_CLEAN)
    for base in ("HEAD", "HEAD~1"):  # links on both sides (git trees too), then on the head side only
        run = dpc_process("diff", "--base", base, cwd=repo)
        no_internal_error(run)
        assert run.exit_code == 0


def test_fifteen_hundred_nested_folders(dpc_process, repo: Path) -> None:
    here = os.getcwd()
    os.chdir(repo / "products")
    try:
        os.mkdir("deep")
        os.chdir("deep")
        for _ in range(1500):
            os.mkdir("d")
            os.chdir("d")
        Path("x.yaml").write_text("a: 1\n", encoding="utf-8")
    finally:
        os.chdir(here)
    try:
        commit_all(repo, "deep folders")
        lint = dpc_process("lint", cwd=repo)
        assert (lint.exit_code, lint.stdout, lint.stderr) == (0, "", "dpc: 48 files checked, no findings\n")
        for base in ("HEAD", "HEAD~1"):
            run = dpc_process("diff", "--base", base, cwd=repo)
            no_internal_error(run)
            assert run.exit_code == 0
    finally:  # pytest removes old temporary folders recursively: 1,500 levels would overflow its stack later
        subprocess.run(["rm", "-rf", str(repo / "products" / "deep")], check=True)


def test_a_fifo_named_yaml_is_a_finding(dpc_process, repo: Path) -> None:
    os.mkfifo(repo / "products" / "sales-360" / "x.yaml")
    line = (REPO / "tests" / "cases" / "robust" / "fifo" / "expected.txt").read_text(encoding="utf-8")
    lint = dpc_process("lint", cwd=repo)
    assert (lint.exit_code, lint.stdout, lint.stderr) == (1, line, "dpc: 1 error in 48 files checked\n")
    named = dpc_process("lint", "products/sales-360/x.yaml", cwd=repo)
    assert (named.exit_code, named.stdout) == (1, line)
    build = dpc_process("build", "--check", cwd=repo)
    assert build.exit_code == 1 and line in build.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_finding(dpc_process, repo: Path) -> None:
    path = repo / "products" / "sales-360" / "depot" / "salesdb.yaml"
    path.chmod(0)
    lint = dpc_process("lint", cwd=repo)
    no_internal_error(lint)
    assert "products/sales-360/depot/salesdb.yaml:1:1: error Y011 cannot read the file: Permission denied\n" \
        in lint.stdout


def test_a_diff_compiles_a_product_including_a_changed_file_of_another_product(dpc, repo: Path) -> None:
    sql = "products/marketing-360/build/sql/campaign_performance.sql"
    git(repo, "mv", sql, "products/customer-churn/campaign_shared.sql")
    edit(repo / "products/marketing-360/build/campaign_performance.yaml", f"sqlFile: {sql}",
         "sqlFile: products/customer-churn/campaign_shared.sql")
    commit_all(repo, "marketing-360 reads a SQL file kept in customer-churn's folder")
    edit(repo / "products/customer-churn/campaign_shared.sql", "SELECT", "SELECT DISTINCT")
    run = dpc("diff", "--base", "HEAD", cwd=repo)
    assert run.exit_code == 0
    lines = [line for line in run.stdout.splitlines() if not line.startswith("    ")]
    assert lines[2:] == [
        "marketing-360: 1 changed, 7 unchanged",
        "  changed workflow wf-marketing360-campaign-performance (workspace marketing-360), in bundle "
        "marketing-360-bundle",
        "",
        "Plan, in this order:",
        "  1. dataos-ctl apply -f dist/dev/marketing-360/01-bundle-marketing-360-bundle.yaml",
        "",
        "not compiled, same sources on both sides: product-affinity, sales-360",
        "compiled, no difference: customer-churn",
    ]
    assert "+                      SELECT DISTINCT\n" in run.stdout
