"""Schedules (compiler/rules/schedules.py): the clock, cron in words, next runs, and a changed schedule
as ``dpc diff`` shows it, on a real git repository."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from diffrepo import commit_all, edit, git

from compiler.rules import schedules
from compiler.rules.schedules import CronProblem, describe, next_runs, normalise, now


def test_the_clock_is_dpc_now_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DPC_NOW", "2026-03-29T00:30:00+01:00")
    assert now() == datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
    monkeypatch.setenv("DPC_NOW", "yesterday")  # not a time: the system clock
    assert abs((now() - datetime.now(UTC)).total_seconds()) < 5


@pytest.mark.parametrize(("cron", "tz", "words"), [
    ("0 3 * * *", "UTC", "at 03:00 every day (UTC)"),
    ("0 * * * *", None, "at the start of every hour (UTC)"),
    ("@daily", "Asia/Kolkata", "at 00:00 every day (Asia/Kolkata)"),
    ("*/15 9-17 * * 1-5", "Europe/Berlin", "every 15th minute from 09:00 through 17:59 on Monday through Friday "
                                           "(Europe/Berlin)"),
    ("30 2 1 * ?", "UTC", "at 02:30 on the first day of every month (UTC)"),
    ("@every 90m", None, "every 90m (UTC)"),
])
def test_describe_says_a_schedule_in_words(cron: str, tz: str | None, words: str) -> None:
    assert describe(cron, tz) == words


def test_next_runs_follow_the_timezone_across_a_daylight_saving_change() -> None:
    after = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    assert [schedules.stamp(r) for r in next_runs("30 2 * * *", "Europe/Berlin", after)] == [
        "2026-03-29 03:00 Europe/Berlin",  # 02:30 does not exist that night: the run moves to the next minute that does
        "2026-03-30 02:30 Europe/Berlin", "2026-03-31 02:30 Europe/Berlin"]
    assert next_runs("0 */6 * * *", None, after, 2) == [datetime(2026, 3, 28, 18, tzinfo=UTC),
                                                        datetime(2026, 3, 29, 0, tzinfo=UTC)]


@pytest.mark.parametrize(("cron", "message"), [
    ("0 3 * *", "the cron expression has 4 fields; DataOS takes five: minute hour day-of-month month day-of-week"),
    ("0 0 3 * * *", "the cron expression has 6 fields; DataOS takes five: minute hour day-of-month month day-of-week"),
    ("61 * * * *", "the minute field '61' is out of range (0-59)"),
    ("0 3 * 13 *", "the month field '13' is out of range (1-12 or JAN-DEC)"),
    ("0 3 L * *", "the day-of-month field 'L' is not valid (numbers 1-31, *, ranges a-b, steps /n and lists a,b)"),
    ("@nightly", "'@nightly' is not a cron descriptor; use five fields or one of @annually, @daily, @hourly, "
                 "@midnight, @monthly, @weekly, @yearly"),
])
def test_a_cron_expression_dataos_would_refuse_says_why(cron: str, message: str) -> None:
    with pytest.raises(CronProblem) as err:
        normalise(cron)
    assert str(err.value) == message


WORKFLOW = """\
name: wf-orders
version: v1
type: workflow
workspace: public
workflow:
  schedule:
    cron: '0 3 * * *'
    timezone: UTC
  dag:
    - name: run
      spec:
        stack: dataos-ctl
        compute: runnable-default
        stackSpec:
          arguments: [version]
"""


def test_dpc_diff_shows_a_changed_schedule_in_words_with_the_next_three_runs(dpc, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "products" / "shop").mkdir(parents=True)
    (repo / "dpc.yaml").write_text("products: [products]\n")
    (repo / "products" / "shop" / "workflow.yaml").write_text(WORKFLOW)
    git(repo, "init", "-q", "-b", "main")
    base = commit_all(repo, "daily")
    edit(repo / "products" / "shop" / "workflow.yaml", "cron: '0 3 * * *'", "cron: '0 * * * *'")
    run = dpc("diff", "--base", "HEAD", cwd=repo)
    assert (run.exit_code, run.stdout) == (0, f"""\
dpc diff: HEAD ({base[:12]}) -> working tree, environment default

shop: 1 changed
  changed workflow wf-orders (workspace public)
    --- base/workflow:v1:wf-orders:public
    +++ head/workflow:v1:wf-orders:public
    @@ -4,7 +4,7 @@
     workspace: public
     workflow:
       schedule:
    -    cron: 0 3 * * *
    +    cron: 0 * * * *
         timezone: UTC
       dag:
         - name: run
    schedule: at 03:00 every day (UTC) -> at the start of every hour (UTC)
    next runs: 2026-12-01 13:00 UTC, 2026-12-01 14:00 UTC, 2026-12-01 15:00 UTC

Plan, in this order:
  1. dataos-ctl apply -f dist/default/shop/01-workflow-wf-orders.yaml
     # shop: changed workflow wf-orders (workspace public)
""")


def test_an_unchanged_schedule_adds_nothing_to_a_diff() -> None:
    other = WORKFLOW.replace("name: run", "name: run-it")
    assert schedules.change_lines(WORKFLOW, other) == []
    assert schedules.change_lines(None, WORKFLOW) == []
    assert schedules.change_lines(WORKFLOW, WORKFLOW.replace("  schedule:\n    cron: '0 3 * * *'\n    timezone: UTC\n",
                                                              "")) == [
        "schedule: at 03:00 every day (UTC) -> no schedule (runs only when applied or triggered)"]


def test_a_cached_lint_is_not_reused_once_the_clock_moves_past_end_on(dpc, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from compiler.load import cache

    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # trust files written a moment ago (tests/test_cache.py)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    repo = tmp_path / "repo"
    (repo / "products" / "shop").mkdir(parents=True)
    (repo / "dpc.yaml").write_text("products: [products]\n")
    (repo / "products" / "shop" / "workflow.yaml").write_text(
        WORKFLOW.replace("    timezone: UTC\n", "    timezone: UTC\n    endOn: 2027-01-01T00:00:00Z\n"))
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "ends next year")
    runs = []
    for moment in ("2026-12-01T12:00:00Z", "2026-12-01T12:00:00Z", "2027-02-01T12:00:00Z"):
        monkeypatch.setenv("DPC_NOW", moment)
        run = dpc("lint", cwd=repo)
        runs.append((run.exit_code, run.stdout))
    assert runs == [(0, ""), (0, ""), (1, "products/shop/workflow.yaml:9:12: error P033 endOn 2027-01-01T00:00:00Z is "
                                          "in the past (now is 2027-02-01 12:00 UTC): the schedule never runs "
                                          "again\n  hint: move endOn into the future, or remove the schedule\n")]


def test_the_markdown_diff_shows_a_changed_schedule_in_words_with_the_next_three_runs(dpc, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "products" / "shop").mkdir(parents=True)
    (repo / "dpc.yaml").write_text("products: [products]\n")
    (repo / "products" / "shop" / "workflow.yaml").write_text(WORKFLOW)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "daily")
    edit(repo / "products" / "shop" / "workflow.yaml", "cron: '0 3 * * *'", "cron: '0 * * * *'")
    run = dpc("diff", "--base", "HEAD", "--format", "markdown", cwd=repo)
    text = run.stdout
    section = text[text.index("<details>"):text.index("</details>") + len("</details>")]
    assert (run.exit_code, section.split("```\n\n", 1)[1]) == (0, """\
- schedule: at 03:00 every day (UTC) -&gt; at the start of every hour (UTC)
- next runs: 2026-12-01 13:00 UTC, 2026-12-01 14:00 UTC, 2026-12-01 15:00 UTC

</details>""")
