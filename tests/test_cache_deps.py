"""A cached file result is reused only while everything it read is unchanged (issue 16, stale cache).

Each test edits a real git repository between two runs with the cache on, and compares with a
cold run (DPC_NO_CACHE=1): the whole output must be the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from diffrepo import EXAMPLES, edit, make_repo

from compiler.load import cache

SQL = "products/marketing-360/build/sql/campaign_performance.sql"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # trust files written a moment ago
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    return make_repo(tmp_path / "repo", EXAMPLES)


def cold(dpc, monkeypatch, *args: str, cwd: Path):
    monkeypatch.setenv("DPC_NO_CACHE", "1")
    try:
        return dpc(*args, cwd=cwd)
    finally:
        monkeypatch.delenv("DPC_NO_CACHE")


def same(dpc, monkeypatch, repo: Path, *args: str):
    warm = dpc(*args, cwd=repo)
    fresh = cold(dpc, monkeypatch, *args, cwd=repo)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr)
    return warm


def test_an_edited_sql_file_reaches_a_warm_build(dpc, repo: Path, monkeypatch) -> None:
    assert dpc("build", cwd=repo).exit_code == 0
    edit(repo / SQL, "SELECT", "SELECT /* edited */")
    check = same(dpc, monkeypatch, repo, "build", "--check")
    assert check.exit_code == 1 and "out of date" in check.stdout + check.stderr
    built = dpc("build", cwd=repo)
    assert built.exit_code == 0
    out = (repo / "dist" / "dev" / "marketing-360").rglob("*.yaml")
    assert any("/* edited */" in p.read_text(encoding="utf-8") for p in out)
    assert same(dpc, monkeypatch, repo, "build", "--check").exit_code == 0


def test_an_edited_sql_file_reaches_a_warm_lint(dpc, repo: Path, monkeypatch) -> None:
    assert dpc("lint", cwd=repo).exit_code == 0
    (repo / SQL).write_text("{{ nope.nothing }}\n", encoding="utf-8")
    same(dpc, monkeypatch, repo, "lint")
    (repo / SQL).unlink()
    lint = same(dpc, monkeypatch, repo, "lint")
    assert lint.exit_code == 1 and "campaign_performance.sql" in lint.stdout


def test_a_custom_environments_folder_is_followed(dpc, repo: Path, monkeypatch) -> None:
    (repo / "environments").rename(repo / "envs")
    edit(repo / "dpc.yaml", "environments: environments", "environments: envs")
    assert same(dpc, monkeypatch, repo, "build", "--check").exit_code in (0, 1)
    dpc("build", cwd=repo)
    edit(repo / "envs" / "dev.yaml", "campaigndb.dev.acme", "campaigndb.dev2.acme")
    check = same(dpc, monkeypatch, repo, "build", "--check")
    assert check.exit_code == 1
    same(dpc, monkeypatch, repo, "lint")
