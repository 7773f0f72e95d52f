"""The base side of a diff kept by its commit's tree and everything else it is a function of
(compiler/diff/keptbase.py): a second diff against the same base builds only the head and prints byte for
byte what the first printed and what a run without any cache prints; a damaged or crafted kept base costs
only a recompute; a change to anything in the key (an environment file, dpc.yaml at the base commit, --env)
is seen; a base whose findings read the clock, or that holds a secret value, is not kept. Real git
repositories of the example products, the real CLI and the diff's own progress callback."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, commit_all, edit, make_repo

from compiler.diff import keptforms, reduced, sides
from compiler.diff.reads import Reading
from compiler.diff.runner import DiffOptions, run
from compiler.gitrepo.git import Repository
from compiler.gitrepo.tree import GitTreeFS
from compiler.report.diff.text import render
from compiler.schema import catalog

SQL = "products/sales-360/build/sql/daily_sales.sql"
FORMATS = ("text", "json", "markdown")


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The example products, a commit changing one product's SQL, and the working tree changing it again."""
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- reviewed\n", encoding="utf-8")
    commit_all(repo, "one product's SQL")
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- and again\n", encoding="utf-8")
    shutil.rmtree(repo / ".git" / "dpc", ignore_errors=True)
    return repo


def _kept(repo: Path) -> list[Path]:
    return sorted((repo / ".git" / "dpc").glob("diff-base-*.json"))


def _sides(repo: Path, **options: str) -> tuple[str, int]:
    """The text report and how many sides read their files (a kept base reads none)."""
    starts: list[int] = []
    outcome = run(DiffOptions(repo, progress=lambda done, total: starts.append(done) if done == 0 else None,
                              **options))
    assert outcome.report is not None and outcome.failure is None
    return render(outcome.report), len(starts)


def _three(dpc, repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[tuple[int, str, str]]:
    """A first diff, a second one, and one with DPC_NO_CACHE=1: (exit code, stdout, stderr) of each."""
    first, second = dpc("diff", *args, cwd=repo), dpc("diff", *args, cwd=repo)
    monkeypatch.setenv("DPC_NO_CACHE", "1")
    fresh = dpc("diff", *args, cwd=repo)
    monkeypatch.delenv("DPC_NO_CACHE")
    return [(r.exit_code, r.stdout, r.stderr) for r in (first, second, fresh)]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("head", [(), ("--head", "HEAD")])
def test_a_second_diff_prints_what_the_first_and_an_uncached_one_print(dpc, history: Path, monkeypatch,
                                                                       fmt: str, head: tuple[str, ...]) -> None:
    first, second, fresh = _three(dpc, history, monkeypatch, "--base", "HEAD~1", *head, "--format", fmt)
    assert second == first and fresh == first
    assert (first[0], "sales-360" in first[1], len(_kept(history))) == (0, True, 1)


def test_a_second_diff_builds_only_the_head(history: Path) -> None:
    first, second, from_head = (_sides(history, base="HEAD~1"), _sides(history, base="HEAD~1"),
                                _sides(history, base="HEAD"))
    assert (first[1], second, from_head[1], _sides(history, base="HEAD")) == (2, (first[0], 1), 2, (from_head[0], 1))
    assert first[0] != from_head[0] and len(_kept(history)) == 2


def _damaged(kept: Path, how: str) -> None:
    raw = kept.read_bytes()
    head, _, body = raw.partition(b"\n")
    if how == "truncated":
        kept.write_bytes(raw[:len(raw) // 2])
    elif how == "foreign":  # another key's file under this name
        header = json.loads(head)
        kept.write_bytes(json.dumps({**header, "key": "0" * 64}).encode() + b"\n" + body)
    else:  # crafted: a well-formed file of this key whose body is of another shape
        payload = json.dumps({"reduced": {"made": [1, 2]}, "read": []}).encode()
        header = {**json.loads(head), "sha256": hashlib.sha256(payload).hexdigest()}
        kept.write_bytes(json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize("how", ["truncated", "foreign", "crafted"])
def test_a_damaged_or_crafted_kept_base_costs_only_a_recompute(history: Path, how: str) -> None:
    cold = _sides(history, base="HEAD~1")
    (kept,) = _kept(history)
    _damaged(kept, how)
    again = _sides(history, base="HEAD~1")
    assert (again, _sides(history, base="HEAD~1")) == (cold, (cold[0], 1))


def test_a_changed_environment_file_dpc_yaml_or_env_is_seen(dpc, history: Path, monkeypatch) -> None:
    """Each change is seen as a run without the cache sees it: the working tree's environment file (the head's),
    dpc.yaml and an environment at a new base commit (another tree), and --env (another environment)."""
    seen = [_three(dpc, history, monkeypatch, "--base", "HEAD~1")]
    edit(history / "environments/dev.yaml", "campaigndb.dev.acme", "campaigndb.dev2.acme")
    seen.append(_three(dpc, history, monkeypatch, "--base", "HEAD~1"))
    seen.append(_three(dpc, history, monkeypatch, "--base", "HEAD~1", "--env", "prod"))
    edit(history / "dpc.yaml", "defaultEnvironment: dev", "defaultEnvironment: prod")
    commit_all(history, "prod by default, another dev host")
    edit(history / "dpc.yaml", "defaultEnvironment: prod", "defaultEnvironment: dev")
    seen.append(_three(dpc, history, monkeypatch, "--base", "HEAD"))
    outputs = [first for first, second, fresh in seen if second == first and fresh == first]
    assert len(outputs) == 4 and len({o[1] for o in outputs}) == 4
    assert len(_kept(history)) == 4
    assert "campaigndb.dev2.acme" in outputs[1][1] and "environment prod" in outputs[2][1]


def test_a_base_whose_findings_read_the_clock_is_not_kept(dpc, history: Path, monkeypatch) -> None:
    (history / "products/sales-360/build/expiring.yaml").write_text(
        "name: wf-expiring\nversion: v1\ntype: workflow\nworkflow:\n  schedule:\n    cron: '0 3 * * *'\n"
        "    endOn: 2027-01-01T00:00:00Z\n  dag:\n    - {name: run, spec: {stack: 'dataos-ctl', compute: "
        "runnable-default, stackSpec: {arguments: [version]}}}\n", encoding="utf-8")
    commit_all(history, "an end to the schedule")
    (history / SQL).write_text((history / SQL).read_text(encoding="utf-8") + "-- once more\n", encoding="utf-8")
    runs = []
    for now in ("2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z", "2026-06-01T00:00:00Z"):
        monkeypatch.setenv("DPC_NOW", now)
        runs.append(dpc("diff", "--base", "HEAD", cwd=history))
    before, after, again = ((r.exit_code, r.stdout, r.stderr) for r in runs)
    assert (again, before == after, _kept(history)) == (before, False, [])
    assert ") has 1 error, 1 warning of its own" in after[1]
    assert ") has 1 warning of its own" in before[1]


def test_a_base_holding_a_secret_value_is_not_kept(dpc, history: Path, monkeypatch) -> None:
    secret = "s3cr3t-Passw0rd-kept-nowhere"
    edit(history / "products/sales-360/depot/salesdb-rw.yaml", "${SALESDB_RW_PASSWORD}", secret)
    commit_all(history, "a password written out")
    (history / SQL).write_text((history / SQL).read_text(encoding="utf-8") + "-- once more\n", encoding="utf-8")
    first, second, fresh = _three(dpc, history, monkeypatch, "--base", "HEAD")
    assert (second, fresh, _kept(history)) == (first, first, [])
    stored = [p for p in (history / ".git" / "dpc").rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
    assert (stored, secret in first[1] + first[2]) == ([], False)


def test_a_reduced_base_reads_back_as_it_was_kept(history: Path) -> None:
    """Every field of the example products' reduced base, each mapping in its order (compared by repr), once
    kept and read back; a built manifest without the origins of its values (only the build's findings use them)."""
    repo = Repository(history)
    try:
        read = Reading(GitTreeFS(repo, repo.commit("HEAD~1")))
        made, index = sides.build(read, history, "dev", None, False, catalog.load())
        base = reduced.base(made, index, read, history)
    finally:
        repo.close()
    assert base.made is not None and base.index is not None and base.columns is not None
    back = keptforms.reduced_from_json(json.loads(json.dumps(keptforms.reduced_to_json(base))))
    plain = {p: tuple(replace(b, document=replace(b.document, origins={})) for b in bs)
             for p, bs in base.made.built.items()}
    expected = replace(base, made=replace(base.made, built=plain))
    unordered = {"defining": frozenset[str](), "foreign": frozenset[str]()}  # sets: their repr's order is the hash's
    assert repr(replace(back, side=replace(back.side, **unordered))) == repr(
        replace(expected, side=replace(expected.side, **unordered))) and back == expected
    assert len(base.made.built) == 4 and len(base.index.writes) > 5 and len(base.side.context.sources) > 40
