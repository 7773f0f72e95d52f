"""The SQL check in a second process (compiler/pipeline/aside.py, core/jobs.py): the serial result, to the byte.

Real forks, real git repositories in tmp dirs, the real CLI as a subprocess. ``DPC_JOBS=2`` makes a run use the
second process whatever the repository's size; ``DPC_JOBS=1`` keeps it in one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from diffrepo import commit_all, git

from compiler.core import budget, jobs
from compiler.core.diagnostics import Diagnostic, Position, Severity
from compiler.load import cache, fs
from compiler.model import Repository
from compiler.pipeline import aside
from compiler.schema.catalog import Catalog

CASES = REPO / "tests" / "cases" / "lint"
pytestmark = pytest.mark.skipif(not jobs.can_fork(), reason="a second process is forked only on Linux")


def _repo(tmp_path: Path, case: str) -> Path:
    repo = tmp_path / case
    shutil.copytree(CASES / case, repo, ignore=shutil.ignore_patterns("args", "exit", "stdout", "stderr"))
    git(repo, "init", "-q")
    commit_all(repo, "products")
    return repo


@pytest.mark.parametrize("case", ["sql-files", "columns"])
def test_a_second_process_prints_what_one_prints(tmp_path, dpc_process, case):
    repo = _repo(tmp_path, case)
    expected = (CASES / case / "stdout").read_text(encoding="utf-8")
    for fmt in ("text", "json"):
        runs = [dpc_process("lint", ".", "--format", fmt, cwd=repo, env={"DPC_JOBS": n, "DPC_NO_CACHE": "1"})
                for n in ("1", "2")]
        assert (runs[1].exit_code, runs[1].stdout, runs[1].stderr) == (runs[0].exit_code, runs[0].stdout,
                                                                       runs[0].stderr)
    assert runs[0].exit_code == 1
    assert dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": "2", "DPC_NO_CACHE": "1"}).stdout == expected


@pytest.mark.parametrize(("edited", "old", "new", "gone"), [
    ("products/p/build/sql/daily.sql", "HAVING", "HAVING count(*) > 1", "daily.sql"),
    ("products/p/lens/model/sqls/orders.sql", " AND\n", "\n", "sqls/orders.sql"),
    ("products/p/lens/model/tables/orders.yml", "IN ('a', 'b'", "IN ('a', 'b')", "tables/orders.yml"),  # read by
    # the SQL check alone
])
def test_a_sql_edit_after_a_run_with_two_processes_is_seen(tmp_path, dpc_process, edited, old, new, gone):
    """The child's file-system questions are noted in the parent: the whole-result cache of a run whose SQL check
    ran aside is not taken once a SQL file it read has changed."""
    repo = _repo(tmp_path, "sql-files")
    first = dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": "2"})
    assert gone in first.stdout
    sql = repo / edited
    sql.write_text(sql.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    then = os.stat(sql).st_mtime_ns - 10_000_000_000
    os.utime(sql, ns=(then, then))  # old enough to be trusted by its times, as a file edited a while ago
    again = dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": "2"})
    cold = dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": "1", "DPC_NO_CACHE": "1"})
    assert (again.exit_code, again.stdout) == (cold.exit_code, cold.stdout)
    assert gone not in again.stdout and "enriched.sql:4:11: error Q002" in again.stdout


def test_a_child_that_dies_costs_only_the_time(tmp_path, dpc_process):
    repo = _repo(tmp_path, "sql-files")
    serial = dpc_process("lint", ".", "--format", "json", cwd=repo, env={"DPC_JOBS": "1", "DPC_NO_CACHE": "1"})
    crashed = dpc_process("lint", ".", "--format", "json", cwd=repo,
                          env={"DPC_JOBS": "2", "DPC_NO_CACHE": "1", aside.CRASH_ENV: "1"})
    assert (crashed.exit_code, crashed.stdout, crashed.stderr) == (serial.exit_code, serial.stdout, serial.stderr)


FOUND = Diagnostic("Q001", Severity.ERROR, "SQL syntax error: é\udce9", Position("p/a.sql", 2, 3), "a hint",
                   (Position("p/b.sql", 1, 1),))


def _checker(calls: list[int]) -> aside.Check:
    def check(repo: Repository, catalog: Catalog) -> list[Diagnostic]:
        calls.append(os.getpid())
        fs.is_file(repo.root / "x.sql")  # a question the parent must note as if it had asked it
        return [FOUND]
    return check


def _empty(root: Path) -> Repository:
    return Repository(root, (), (), frozenset(), (), None)


def test_the_check_runs_in_the_child_and_its_questions_are_noted_here(tmp_path):
    calls: list[int] = []
    check = _checker(calls)
    repo = _empty(tmp_path)
    with fs.use(cache.TrackingFS(0)) as tracker:
        second = aside.start(check, repo, None)  # type: ignore[arg-type]
        assert second is not None
        assert aside.answered(second, check, repo, None) == ([FOUND], None)  # type: ignore[arg-type]
    assert calls == []  # not run here: in the child, whose list this is not
    assert tracker.run == {f"file\0{tmp_path / 'x.sql'}": False}


def test_a_child_that_dies_is_replaced_by_the_check_run_here(tmp_path, monkeypatch):
    monkeypatch.setenv(aside.CRASH_ENV, "1")
    calls: list[int] = []
    check = _checker(calls)
    second = aside.start(check, _empty(tmp_path), None)  # type: ignore[arg-type]
    assert second is not None
    assert second.outcome(_empty(tmp_path), None) == ([FOUND], None)  # type: ignore[arg-type]
    assert calls == [os.getpid()]


def test_a_failing_check_fails_alike_in_the_child(tmp_path):
    def broken(repo: Repository, catalog: Catalog) -> list[Diagnostic]:
        raise RuntimeError("no luck")
    repo = _empty(tmp_path)
    second = aside.start(broken, repo, None)  # type: ignore[arg-type]
    assert second is not None
    expected = ([], f"{tmp_path.name}: internal error in {__name__}: RuntimeError: no luck")
    assert second.outcome(repo, None) == expected == aside.run_one(broken, repo, None)  # type: ignore[arg-type]


def test_each_check_has_its_own_comparisons():
    with budget.run() as run:
        run.suggest_left = 5
        with budget.own_comparisons():
            assert run.suggest_left == budget.LIMITS.run_suggest_comparisons
            run.spend_comparisons(7)
        assert run.suggest_left == 5


@pytest.mark.parametrize(("value", "wanted"), [("", None), ("0", None), ("1", 1), ("2", 2), ("8", 2)])
def test_dpc_jobs(monkeypatch, value, wanted):
    monkeypatch.setenv(jobs.ENV, value)
    automatic = 2 if (os.cpu_count() or 1) > 1 else 1
    assert jobs.processes(jobs.MIN_FILES) == (wanted or automatic)
    assert jobs.processes(jobs.MIN_FILES - 1) == (wanted or 1)
    assert jobs.problem() is None


def test_dpc_jobs_that_is_no_number_is_a_usage_error(dpc_process):
    done = dpc_process("lint", env={"DPC_JOBS": "two"})
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.splitlines()[-1] == ("Error: DPC_JOBS must be a whole number (1: one process; unset or 0: "
                                            "dpc decides), not 'two'")


def test_the_sql_check_is_kept_until_a_file_it_read_changes(tmp_path, dpc_process):
    """compiler/pipeline/repochecks.py ``sql``: after a comment edited in a manifest (its facts unchanged) the kept
    findings are taken (their file is not written again); after a SQL file changed they are worked out again;
    both runs print what a run without the cache prints."""
    repo = _repo(tmp_path, "sql-files")
    first = dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": "1"})
    kept = list((repo / ".git/dpc").glob("sqlcheck-*.json"))
    assert len(kept) == 1 and first.exit_code == 1
    before = kept[0].stat().st_mtime_ns
    flow = repo / "products/p/build/flare.yaml"
    flow.write_text(flow.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    for n in ("1", "2"):
        again = dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": n})
        assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert [p.stat().st_mtime_ns for p in (repo / ".git/dpc").glob("sqlcheck-*.json")] == [before]
    sql = repo / "products/p/build/sql/daily.sql"
    sql.write_text(sql.read_text(encoding="utf-8").replace("HAVING", "HAVING count(*) > 1"), encoding="utf-8")
    edited = dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": "1"})
    cold = dpc_process("lint", ".", cwd=repo, env={"DPC_JOBS": "1", "DPC_NO_CACHE": "1"})
    assert (edited.exit_code, edited.stdout) == (cold.exit_code, cold.stdout) != (first.exit_code, first.stdout)
