"""A diff run twice (cold, then warm: the SQL store of .git/dpc filled by the first) prints byte for byte the
same, on real git histories of the example products, for the working tree and for --head REV; and a warm
diff parses no SQL text it parsed before, on either side (counted by the run's own store: the diff runs in
the store the test opens, as it runs in the one a caller holds). Real git repositories, the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, commit_all, edit, git, make_repo

from compiler.diff.runner import DiffOptions, run
from compiler.load import blobcache
from compiler.report.diff.json_format import render as render_json
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
    assert (history / ".git" / "dpc" / store.file_name()).is_file()
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


# --- the per-file records of the sides, by blob id (compiler/load/blobcache.py) ------------------------

def _blob_store(repo: Path) -> Path:
    (found,) = (repo / ".git" / "dpc").glob("blob-files-*")
    return found


def _counted(repo: Path, **options: str) -> tuple[str, str, int, int]:
    """The text and json reports, and how many files the sides restored from the store and checked anew (the
    base the previous diff kept is dropped first, compiler/diff/keptbase.py, so that both sides read their files)."""
    for kept in (repo / ".git" / "dpc").glob("diff-base-*.json"):
        kept.unlink()
    with blobcache.opened() as stores:
        outcome = run(DiffOptions(cwd=repo, **options))
    assert outcome.report is not None and outcome.failure is None
    hits, misses = sum(s.hits for s in stores.values()), sum(s.misses for s in stores.values())
    return render(outcome.report), render_json(outcome.report), hits, misses


@pytest.mark.parametrize("args", [("--base", "HEAD~1"), ("--base", "HEAD~1", "--head", "HEAD"),
                                  ("--base", "HEAD~1", "--format", "json"),
                                  ("--base", "HEAD~1", "--head", "HEAD", "--format", "json")])
def test_cold_warm_and_partly_warm_diffs_print_the_same(dpc, history: Path, args: tuple[str, ...]) -> None:
    with (history / SQL).open("a", encoding="utf-8") as sql:
        sql.write("-- and again\n")
    shutil.rmtree(history / ".git" / "dpc", ignore_errors=True)
    cold = dpc("diff", *args, cwd=history)
    warm = dpc("diff", *args, cwd=history)
    shards = sorted(_blob_store(history).glob("*.json"))
    for shard in shards[::2]:  # half the records gone: partly warm
        shard.unlink()
    partly = dpc("diff", *args, cwd=history)
    assert len(shards) > 2
    assert [(r.exit_code, r.stdout, r.stderr) for r in (warm, partly)] == [(cold.exit_code, cold.stdout,
                                                                             cold.stderr)] * 2
    assert cold.exit_code == 0 and "sales-360" in cold.stdout


def test_a_warm_diff_checks_only_the_files_that_changed(history: Path) -> None:
    shutil.rmtree(history / ".git" / "dpc", ignore_errors=True)
    cold = _counted(history, base="HEAD~1")
    warm = _counted(history, base="HEAD~1")
    (history / SQL).write_text("SELECT 1 AS one\n", encoding="utf-8")
    edit(history / "products/sales-360/build/flare/orders_enriched.yaml", "\n", "\n# reviewed\n")
    edited = _counted(history, base="HEAD~1")
    files = cold[2] + cold[3]
    assert (cold[2], warm[:2], warm[3], edited[3]) == (0, cold[:2], 0, 1)
    assert warm[2] == files and edited[2] == files - 1 and files > 80


def test_a_cold_diffs_head_takes_the_records_its_base_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty store, both sides of the same setting (only SQL changed): the base checks every file and the head
    takes the record of each file whose blob it shares, in the same run, as a later run would take it from the
    file; the reports are those of a run without any cache."""
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- reviewed\n", encoding="utf-8")
    commit_all(repo, "one product's SQL")
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- and again\n", encoding="utf-8")
    cold = _counted(repo, base="HEAD~1")
    monkeypatch.setenv("DPC_NO_CACHE", "1")
    uncached = _counted(repo, base="HEAD~1")
    assert (cold[2], cold[3], cold[:2]) == (cold[3], cold[3], uncached[:2])
    assert uncached[2:] == (0, 0) and cold[3] > 40  # every file of the base's taken by the head


def test_a_commits_tree_reuses_the_records_the_working_tree_made(history: Path) -> None:
    """The diff from HEAD~1 keeps records of HEAD~1's tree and of the working tree (which is HEAD's, but for
    a manifest edit): the diff from HEAD then checks only that manifest, on HEAD's tree."""
    manifest = history / "products/sales-360/build/flare/orders_enriched.yaml"
    edit(manifest, "\n", "\n# reviewed\n")
    shutil.rmtree(history / ".git" / "dpc", ignore_errors=True)
    first = _counted(history, base="HEAD~1")
    from_head = _counted(history, base="HEAD")
    files = first[3] // 2
    assert (first[2], from_head[2], from_head[3]) == (0, 2 * files - 1, 1)
    shutil.rmtree(history / ".git" / "dpc")
    assert _counted(history, base="HEAD")[:2] == from_head[:2]  # as a cold run prints it


def test_a_damaged_store_is_a_cold_diff(history: Path) -> None:
    shutil.rmtree(history / ".git" / "dpc", ignore_errors=True)
    cold = _counted(history, base="HEAD~1")
    for shard in _blob_store(history).glob("*.json"):
        raw = shard.read_bytes()
        shard.write_bytes(raw[:len(raw) // 2] + b"garbage" if shard.name < "08" else raw.replace(b'"', b"'", 9))
    damaged = _counted(history, base="HEAD~1")
    again = _counted(history, base="HEAD~1")
    assert (damaged[:2], damaged[2], again[:2], again[3]) == (cold[:2], 0, cold[:2], 0)


# Two revisions whose files have the same blobs but whose setting differs (dpc.yaml, product.yaml, an
# environment): the store filled from the first must not answer for the second. Each change makes a file's
# own findings differ (a file too large; a template name no longer defined), after an optional first edit.
PRODUCT, DEV = "products/marketing-360/product.yaml", "environments/dev.yaml"
HOST_DEFAULT = "  campaigndb_host: campaigndb.acme-retail.internal\n"
HOST_DEV = "  campaigndb_host: campaigndb.dev.acme-retail.internal\n"
SETTINGS = {
    "dpc.yaml": (None, ("dpc.yaml", "defaultEnvironment: dev", "defaultEnvironment: dev\nmaxFileSize: 900")),
    "product.yaml": ((DEV, HOST_DEV, ""), (PRODUCT, HOST_DEFAULT, "")),
    "environment": ((PRODUCT, HOST_DEFAULT, ""), (DEV, HOST_DEV, "")),
}


@pytest.mark.parametrize("changed", sorted(SETTINGS))
def test_a_changed_setting_gives_the_cold_result(dpc, tmp_path: Path, changed: str) -> None:
    """History: A, C (A and one SQL edit), B (C and the setting's change). Filled by the diff A -> C (A's
    setting), the store holds a record of every file of B with B's blob; the diff A -> B must not take them."""
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    first, then = SETTINGS[changed]
    if first is not None:
        edit(repo / first[0], first[1], first[2])
        commit_all(repo, "a first edit")
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- reviewed\n", encoding="utf-8")
    commit_all(repo, "one SQL edit")
    edit(repo / then[0], then[1], then[2])
    commit_all(repo, f"only {changed}")
    shutil.rmtree(repo / ".git" / "dpc", ignore_errors=True)
    cold = dpc("diff", "--base", "HEAD~2", "--head", "HEAD", cwd=repo)
    shutil.rmtree(repo / ".git" / "dpc")
    filled = dpc("diff", "--base", "HEAD~2", "--head", "HEAD~1", cwd=repo)
    warm = dpc("diff", "--base", "HEAD~2", "--head", "HEAD", cwd=repo)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert (filled.exit_code, filled.stderr, cold.exit_code, len(list(_blob_store(repo).glob("*.json"))) > 2) \
        == (0, "", 1, True)
    head = git(repo, "rev-parse", "--short=12", "HEAD")
    if changed == "dpc.yaml":  # which example files pass 900 bytes is the examples' business
        assert "error Y009 the file has " in cold.stderr and cold.stderr.endswith(f" in HEAD ({head})\n")
    else:
        assert cold.stderr == ("products/marketing-360/depot/campaigndb.yaml:13:11: error T001 undefined name "
                               f"'vars.campaigndb_host' in template; vars has: ingest_cron\n"
                               f"dpc: 1 error in HEAD ({head})\n")
