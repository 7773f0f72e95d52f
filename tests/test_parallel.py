"""Both cores for a cold run (compiler/pipeline/parallel.py): the pooled run gives the serial run's bytes.

The real CLI as a subprocess, cold then warm, once with ``DPC_JOBS=1`` and once pooled (``DPC_JOBS=2``: a small
repository uses the pool too): the same stdout, stderr and exit code, and the same cache files (so every later
run is the same too; the whole result's questions as a mapping). Then a pool whose workers die, and the run's
budget kept exact.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from diffrepo import commit_all, git

from compiler.core import budget, jobs
from compiler.load import cache
from compiler.pipeline import LintOptions, parallel
from compiler.pipeline import repository as repository_mod
from compiler.schema import catalog as catalog_mod

POOLED = {"DPC_JOBS": "2"}
SERIAL = {"DPC_JOBS": "1"}
SECRET = ("name: plaincreds\nversion: v1\ntype: instance-secret\nlayer: user\ninstance-secret:\n"
          "  type: key-value-properties\n  acl: r\n  data:\n    username: svc\n    password: Zq8-pool-s3cret\n")
QUOTES = ("name: quoting\nversion: v1\ntype: workflow\nlayer: user\ndescription: Zq8-pool-s3cret\nworkflow:\n"
          "  dag:\n    - name: a\n      spec:\n        stack: nosuchstack:1.0\n        compute: runnable-default\n")


def _make_repo(root: Path, secret: bool) -> Path:
    """Generated products (with planted findings), the example products, the docs-shaped fixture and, with
    ``secret``, a secret value and a manifest quoting it, committed to a real git repository."""
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), str(root), "--products", "6"],
                   check=True, capture_output=True)
    for product in (REPO / "products").iterdir():
        if product.is_dir():
            shutil.copytree(product, root / "products" / f"example-{product.name}")
    if secret:
        shutil.copytree(REPO / "tests/field/docs-layout/sales-360", root / "products/field-sales-360")
        (root / "products/plain").mkdir(parents=True)
        (root / "products/plain/secret.yaml").write_text(SECRET, encoding="utf-8")
        (root / "products/plain/quotes.yaml").write_text(QUOTES, encoding="utf-8")
    git(root, "config", "user.email", "t@example.com")
    commit_all(root, "more")
    return root


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two repositories: one with secret values (the workers' records are checked again in the main process)
    and one with none (they are kept as the workers made them)."""
    base = tmp_path_factory.mktemp("pool")
    made = {"plain": _make_repo(base / "plain", False), "secret": _make_repo(base / "secret", True)}
    time.sleep(cache.RACY_NS / 1e9 + 0.1)  # no file is racy for either run (both keep its stat signature)
    return made


@pytest.fixture
def repo(repos: dict[str, Path]) -> Path:
    return repos["secret"]


def _lint(repo: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "compiler", "lint", *args], cwd=repo, capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=300)
    return done.returncode, done.stdout, done.stderr


def _cold_then_warm(repo: Path, env: dict[str, str]) -> tuple[list[tuple[int, str, str]], dict[str, bytes]]:
    shutil.rmtree(repo / ".git/dpc", ignore_errors=True)
    runs = [_lint(repo, env, "--format", "json"), _lint(repo, env, "--format", "json"), _lint(repo, env)]
    shards = {p.name: p.read_bytes() for p in sorted((repo / ".git/dpc").rglob("*.json"))}
    # the whole result's questions: the SQL check's process (compiler/pipeline/aside.py) hands its own back after
    # the others', so they are compared as the mapping they are (their order changes nothing a run does)
    header, body = shards.pop("lint-result.json").split(b"\n", 1)
    shards["lint-result.json"] = json.loads(header)["key"].encode() + b" " + json.dumps(
        json.loads(body), sort_keys=True).encode()
    return runs, shards


@pytest.mark.parametrize("kind", ["plain", "secret"])
def test_a_pooled_cold_lint_and_its_cache_equal_the_serial_ones(repos: dict[str, Path], kind: str) -> None:
    repo = repos[kind]
    serial, serial_shards = _cold_then_warm(repo, SERIAL)
    pooled, pooled_shards = _cold_then_warm(repo, POOLED)
    assert serial[0][0] == 1 and '"errors": 0,' not in serial[0][1]  # findings planted and found
    assert (repo / "products/plain/secret.yaml").exists() == (kind == "secret")
    assert "Zq8-pool-s3cret" not in serial[0][1] + serial[0][2]
    assert pooled == serial
    assert pooled_shards == serial_shards and len(serial_shards) > 10


def test_a_pool_whose_workers_die_gives_the_serial_result(repo: Path) -> None:
    shutil.rmtree(repo / ".git/dpc", ignore_errors=True)
    serial = _lint(repo, {**SERIAL, "DPC_NO_CACHE": "1"}, "--format", "json")
    crashed = _lint(repo, {**POOLED, "DPC_NO_CACHE": "1", parallel.CRASH_ENV: "1"}, "--format", "json")
    assert crashed == serial


def _answered(repo: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> tuple[list[str], list[str]]:
    """(the files the workers answered, the files loaded) of one in-process load of ``repo``, nothing cached."""
    for name, value in {**env, "DPC_NO_CACHE": "1"}.items():
        monkeypatch.setenv(name, value)
    started: list[parallel.Pooled[object]] = []
    real_start = parallel.start

    def start(items, work):  # type: ignore[no-untyped-def]
        started.append(real_start(items, work))
        return started[-1]
    monkeypatch.setattr(parallel, "start", start)
    loaded = repository_mod.load_repository(LintOptions(targets=(repo,), cwd=repo), catalog_mod.load(), [])
    names = [f.display for f in loaded.files]
    return [names[i] for p in started for i in p.answered], names


def test_the_workers_answer_every_file_a_secret_and_its_quote_are_checked_here(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answered, files = _answered(repo, monkeypatch, POOLED)
    assert len(files) > 100
    assert sorted(set(files) - set(answered)) == [
        *[f"products/example-marketing-360/{name}" for name in (  # a product.yaml expands them: checked here
            "build/campaign_performance.yaml", "depot/campaigndb-secrets.yaml", "depot/campaigndb.yaml",
            "product.yaml", "quality/campaign_performance_quality.yaml")],
        "products/field-sales-360/build/depot/salesbq-r.yaml",  # each holds a secret value: checked here
        "products/field-sales-360/build/depot/salesbq-rw.yaml",
        "products/plain/secret.yaml"]
    assert len(answered) == len(set(answered))
    assert _answered(repo, monkeypatch, {**POOLED, parallel.CRASH_ENV: "1"})[0] == []
    assert _answered(repo, monkeypatch, SERIAL)[0] == []


def _spend_ten(item: int) -> int:
    budget.current().spend_values(10)
    return item


def test_the_run_budget_stays_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each item spends 10 of 1,000 YAML values: the first 100 answers are taken (and spent here), every later one
    is left to the caller, whose own check then finds the budget spent exactly where a serial run does."""
    monkeypatch.setenv("DPC_JOBS", "2")
    with budget.run(budget.Limits(run_values=1_000)) as b:
        pooled = parallel.start(list(range(150)), _spend_ten)
        taken = [pooled.take(i) for i in range(150)]
        pooled.close()
        assert taken == [*range(100), *[None] * 50]
        assert (b.values_left, b.suggest_left) == (0, budget.LIMITS.run_suggest_comparisons)


def test_the_pool_knows_every_counter_of_the_budget() -> None:
    assert [f.name for f in dataclasses.fields(budget.Budget) if f.name != "limits"] == list(parallel.SPENT)


def test_one_process_or_a_small_run_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DPC_JOBS", "1")
    serial = parallel.start(list(range(5000)), _spend_ten)
    assert [serial.take(i) for i in range(3)] == [None, None, None] and serial.answered == []
    monkeypatch.delenv("DPC_JOBS")
    small = parallel.start(list(range(jobs.MIN_FILES - 1)), _spend_ten)  # below core/jobs.py: not worth a fork
    assert [small.take(i) for i in range(3)] == [None, None, None] and small.answered == []
