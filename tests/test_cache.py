"""The lint cache (.git/dpc/) is never stale: every change gives exactly what a run without cache gives.

Each scenario edits a real git repository and compares ``dpc lint`` (cache on) with
``DPC_NO_CACHE=1 dpc lint`` on the same tree. The cache's racy window (files changed within
two seconds of a run are not trusted) is set to zero here so that files the test has just
written can be cached at all; the window itself is tested on its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, edit, make_repo
from diffrepo import warm_equals_cold as both

from compiler.load import cache, cachefile, stores


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # trust files written a moment ago (see module docstring)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    return make_repo(tmp_path / "repo", EXAMPLES)


def test_warm_run_is_answered_from_the_cache(dpc, repo: Path, monkeypatch) -> None:
    first = dpc("lint", cwd=repo)
    result = repo / ".git" / "dpc" / "lint-result.json"
    assert result.is_file() and len(list((repo / ".git" / "dpc").glob("lint-files-*"))) == 1
    stamp = result.stat().st_mtime_ns
    second = dpc("lint", cwd=repo)
    assert (second.exit_code, second.stdout, second.stderr) == (first.exit_code, first.stdout, first.stderr)
    assert result.stat().st_mtime_ns == stamp  # answered without writing: a hit
    assert (first.exit_code, first.stdout) == (0, "")


def test_edit_rename_delete_and_non_yaml_inputs(dpc, repo: Path, monkeypatch) -> None:
    both(dpc, repo, monkeypatch)
    flare = repo / "products" / "sales-360" / "build" / "flare" / "orders_enriched.yaml"
    edit(flare, "compute: runnable-default", "compute: runable-default")
    code, out = both(dpc, repo, monkeypatch)
    assert code == 1 and "R001 compute 'runable-default'" in out

    flare.rename(flare.with_name("orders.yaml"))  # the bundle's file: now points at nothing
    code, out = both(dpc, repo, monkeypatch)
    assert "R003" in out and "orders.yaml" in out

    sql = repo / "products" / "sales-360" / "build" / "sql" / "daily_sales.sql"
    written = sql.read_text(encoding="utf-8")  # back as it was: the soda checks name its columns (Q010)
    sql.unlink()  # a file only a reference reads
    code, out = both(dpc, repo, monkeypatch)
    assert "daily_sales.sql" in out
    sql.write_text(written, encoding="utf-8")
    flare.with_name("orders.yaml").rename(flare)
    edit(flare, "compute: runable-default", "compute: runnable-default")
    assert both(dpc, repo, monkeypatch) == (0, "")


def test_partial_runs_share_per_file_results_but_not_whole_results(dpc, repo: Path, monkeypatch) -> None:
    both(dpc, repo, monkeypatch)
    depot = "products/sales-360/depot/salesdb.yaml"
    edit(repo / depot, "name: salesdb\n", "name: salesdb2\n")
    code, out = both(dpc, repo, monkeypatch, depot)
    assert code == 1 and "salesdb" in out


def test_spec_files_and_platform_invalidate(dpc, repo: Path, monkeypatch) -> None:
    both(dpc, repo, monkeypatch)
    (repo / "platform.yaml").write_text("computes:\n  - {name: runable-default, purpose: runnable}\n",
                                        encoding="utf-8")
    both(dpc, repo, monkeypatch)
    shutil.rmtree(repo / "environments")
    both(dpc, repo, monkeypatch)


def test_context_key_follows_schemas_and_version(tmp_path: Path, monkeypatch) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(Path(cache.schemas_dir()), schemas)
    monkeypatch.setattr(cache, "schemas_dir", lambda: schemas)
    monkeypatch.setattr(cache, "_SCHEMA_KEY", None)
    key = cache.context_key(())
    monkeypatch.setattr(cache, "_SCHEMA_KEY", None)
    assert cache.context_key(()) == key
    edit(schemas / "dataos" / "depot" / "v2alpha.json", '"', '"', )
    (schemas / "dataos" / "depot" / "v2alpha.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cache, "_SCHEMA_KEY", None)
    changed_schema = cache.context_key(())
    assert changed_schema != key
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert cache.context_key(()) != changed_schema


def test_recently_changed_files_are_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    sig = cache._stat_sig(path)
    started = sig[1] + 1  # a run that started just after the write
    assert cache._racy(sig, started) is True
    assert cache._racy(sig, sig[3] + cache.RACY_NS + 1) is False


def test_no_cache_outside_git(dpc, tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    shutil.copy(EXAMPLES / "products" / "sales-360" / "depot" / "salesdb.yaml", tmp_path / "p" / "salesdb.yaml")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    dpc("lint", ".", cwd=tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert not os.path.exists(tmp_path / ".dpc-cache")


def test_each_context_keeps_its_own_per_file_cache(dpc, repo: Path, monkeypatch) -> None:
    """lint and build --env prod check files in different contexts: neither evicts the other."""
    dpc("lint", cwd=repo)
    dpc("build", "--env", "prod", "--check", cwd=repo)
    assert len(list((repo / ".git" / "dpc").glob("lint-files-*"))) == 2
    both(dpc, repo, monkeypatch)


def _lint(dpc, repo: Path) -> tuple[int, str, str]:
    run = dpc("lint", cwd=repo)
    return run.exit_code, run.stdout, run.stderr


def test_a_warm_run_takes_each_file_s_fixable_count_from_the_cache(dpc, repo: Path, monkeypatch) -> None:
    """The summary's "N fixable" is a function of each file's bytes and findings, kept under their digest:
    a warm run says what the store holds (a planted count shows it is not computed again), a changed file
    or a damaged store is counted again, and every answer is a cold run's."""
    depot = repo / "products" / "sales-360" / "depot" / "salesdb.yaml"
    edit(depot, "version: v2alpha", "version: v2")
    assert both(dpc, repo, monkeypatch)[0] == 1
    first = _lint(dpc, repo)
    summary = first[2].rpartition("; ")[0]
    assert first[2] == f"{summary}; 1 fixable with dpc lint --fix\n" and summary.startswith("dpc: 1 error in ")
    path = repo / ".git" / "dpc" / "fixable.json"
    counts = stores.Counts.open(repo, "fixable")
    assert list(counts.stored.values()) == [1]
    stamp = path.stat().st_mtime_ns
    assert _lint(dpc, repo) == first and path.stat().st_mtime_ns == stamp  # looked up, not written
    cachefile.write_file(path, counts.key, dict.fromkeys(counts.stored, 7))
    assert _lint(dpc, repo)[2] == f"{summary}; 7 fixable with dpc lint --fix\n"
    path.write_bytes(b"damaged")
    assert _lint(dpc, repo) == first
    assert stores.Counts.open(repo, "fixable").stored == counts.stored
    edit(depot, "version: v2", "version: v3")  # another finding of the same code: counted again
    assert both(dpc, repo, monkeypatch)[0] == 1
    assert sorted(stores.Counts.open(repo, "fixable").stored.values()) == [1, 1]


def test_a_warm_run_imports_none_of_the_stages(repo: Path) -> None:
    """Answered from the whole-result cache, a run does not import the stages (start-up time): a real process."""
    probe = ("import sys\nfrom compiler.cli import main\nsys.argv = ['dpc', 'lint']\ntry:\n    main()\n"
             "except SystemExit as done:\n    code = done.code\n"
             "heavy = ('compiler.pipeline.stages', 'compiler.resolve', 'compiler.sql.check', 'compiler.expand')\n"
             "print(code, sorted(m for m in sys.modules if m in heavy))\n")
    env = {**os.environ, "DPC_NO_CACHE": ""}
    env.pop("DPC_NO_CACHE")
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=repo, capture_output=True, text=True, env=env,
                           timeout=120) for _ in range(2)]
    assert [r.stdout for r in runs] == [
        "0 ['compiler.expand', 'compiler.pipeline.stages', 'compiler.resolve', 'compiler.sql.check']\n",
        "0 []\n"]


def test_a_file_read_while_racy_is_kept_with_its_signature_once_it_settles(dpc, tmp_path: Path,
                                                                              monkeypatch) -> None:
    """A file recorded within the racy window is kept by its bytes only; the first run that finds the same
    bytes long enough after keeps it with its signature, so later runs need not read it (the real window)."""
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    flare = "products/sales-360/build/flare/orders_enriched.yaml"

    def own_read() -> list:
        shards = (repo / ".git" / "dpc").glob("lint-files-*/*.json")
        for shard in shards:
            body = json.loads(shard.read_bytes().partition(b"\n")[2])
            if flare in body:
                return body[flare]["deps"][f"read\0{repo / flare}"]
        raise AssertionError("no entry")

    os.utime(repo / flare)  # changed just now: racy for a run starting within two seconds
    assert dpc("lint", flare, cwd=repo).exit_code == 0
    blob, sig = own_read()
    assert sig is None
    time.sleep(cache.RACY_NS / 1e9 + 0.1)
    assert dpc("lint", flare, cwd=repo).exit_code == 0
    st = (repo / flare).stat()
    assert own_read() == [blob, [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]]
    edit(repo / flare, "compute: runnable-default", "compute: runable-default")  # and an edit is still seen
    assert both(dpc, repo, monkeypatch, flare)[0] == 1
