"""Repository-wide work kept for the next run (compiler/pipeline/kept.py, issue 13): the reference analysis
and the files the manifests include, which P009 scans.

Real git repositories of the example products; every run is compared with ``DPC_NO_CACHE=1`` on the same
tree. That a kept analysis really answers is shown by planting a finding in it (a crafted but well-formed
file: it can describe a wrong result, never run code): the planted finding is reported while the files'
documents and the file-system answers stay as they were, and gone as soon as either changes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, edit, make_repo
from diffrepo import warm_equals_cold as _both

from compiler.load import cache
from compiler.load.cachefile import FORMAT, MAGIC

FLARE = "products/sales-360/build/flare/orders_enriched.yaml"
SQL = "products/sales-360/build/sql/daily_sales.sql"
PLANTED = "planted by the test: the kept analysis answered"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # trust files written a moment ago (as test_cache.py)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    return make_repo(tmp_path / "repo", EXAMPLES)


def _kept(repo: Path) -> list[Path]:
    return sorted((repo / ".git" / "dpc").glob("analysis-*.json"))


def _plant(path: Path) -> None:
    """Add one finding to a kept analysis, the header's sha256 made to match (as a crafted file would)."""
    head, _, body = path.read_bytes().partition(b"\n")
    header, payload = json.loads(head), json.loads(body)
    payload["value"]["findings"].append([["R001", 3, PLANTED, [FLARE, 1, 1], None, []], None, []])
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def test_a_comment_or_a_sql_edit_keeps_the_analysis(dpc, repo: Path, monkeypatch) -> None:
    assert _both(dpc, repo, monkeypatch) == (0, "")
    assert _both(dpc, repo, monkeypatch, FLARE) == (0, "")  # its own: a partial run reads no environment file
    kept = _kept(repo)
    assert len(kept) == 2
    for path in kept:
        _plant(path)
    (repo / FLARE).write_text((repo / FLARE).read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- reviewed\n", encoding="utf-8")
    for args in ((), (FLARE,)):  # a whole run and a partial run (pre-commit) both take it
        done = dpc("lint", *args, cwd=repo)
        assert (done.exit_code, done.stdout) == (1, f"{FLARE}:1:1: error R001 {PLANTED}\n"), args
    assert _kept(repo) == kept


def test_a_changed_document_or_file_system_answer_computes_it_again(dpc, repo: Path, monkeypatch) -> None:
    assert _both(dpc, repo, monkeypatch) == (0, "")
    [kept] = _kept(repo)
    _plant(kept)
    edit(repo / FLARE, "compute: runnable-default", "compute: runable-default")  # a value: another key
    code, out = _both(dpc, repo, monkeypatch)
    assert code == 1 and PLANTED not in out and "R001 compute 'runable-default'" in out
    edit(repo / FLARE, "compute: runable-default", "compute: runnable-default")  # back: the first key again
    assert dpc("lint", cwd=repo).stdout == f"{FLARE}:1:1: error R001 {PLANTED}\n"
    (repo / SQL).rename(repo / (SQL + ".moved"))  # the same documents, but a `file:` target is gone
    code, out = _both(dpc, repo, monkeypatch)
    assert code == 1 and PLANTED not in out and "daily_sales.sql" in out


def test_a_damaged_or_foreign_kept_analysis_is_a_cold_run(dpc, repo: Path, monkeypatch) -> None:
    edit(repo / FLARE, "compute: runnable-default", "compute: runable-default")
    _both(dpc, repo, monkeypatch)
    [kept] = _kept(repo)
    for damage in (kept.read_bytes()[:-20], b"not a cache\n{}",
                   json.dumps({"magic": MAGIC, "format": FORMAT, "key": "another", "sha256": ""}).encode()
                   + b"\n{}"):
        kept.write_bytes(damage)
        code, out = _both(dpc, repo, monkeypatch)
        assert code == 1 and "R001 compute 'runable-default'" in out


def test_an_analysis_quoting_a_secret_value_is_not_kept(dpc, repo: Path, monkeypatch) -> None:
    secret = repo / "products/sales-360/depot/extra-secret.yaml"
    secret.write_text("name: extracreds\nversion: v1\ntype: instance-secret\nlayer: user\ninstance-secret:\n"
                      "  type: key-value-properties\n  acl: r\n  data:\n    username: svc\n"
                      "    password: 'Zq8rvT3x9-kq'\n", encoding="utf-8")
    edit(repo / FLARE, "compute: runnable-default", "compute: Zq8rvT3x9-kq")  # a reference quoting the value
    code, out = _both(dpc, repo, monkeypatch)
    assert code == 1 and "Zq8rvT3x9-kq" not in out and "R001 compute" in out
    assert _kept(repo) == []
    assert not any(b"Zq8rvT3x9-kq" in p.read_bytes() for p in (repo / ".git" / "dpc").rglob("*") if p.is_file())


def test_p009_scans_the_kept_files_every_run_and_finds_new_ones(dpc, repo: Path, monkeypatch) -> None:
    assert _both(dpc, repo, monkeypatch) == (0, "")
    [files] = sorted((repo / ".git" / "dpc").glob("p009-includes-*.json"))
    stamp = (files.stat().st_ino, files.stat().st_mtime_ns)
    sql = repo / SQL
    sql.write_text(sql.read_text(encoding="utf-8") + "-- postgresql://etl:Zq8rvT3x9kq1@salesdb:5432/sales\n",
                   encoding="utf-8")
    code, out = _both(dpc, repo, monkeypatch)  # the same files to scan: their text is read again
    assert code == 1 and f"{SQL}:" in out and " P009 " in out and "Zq8rvT3x9kq1" not in out
    assert (files.stat().st_ino, files.stat().st_mtime_ns) == stamp  # taken, not worked out and written again
    sql.write_text(sql.read_text(encoding="utf-8").replace("-- postgresql://etl:Zq8rvT3x9kq1@salesdb:5432/sales\n",
                                                         ""), encoding="utf-8")
    extra = sql.with_name("scratch.sql")  # a new file in a folder wholly in scope: folders are walked every run
    extra.write_text("SELECT 1 -- postgresql://etl:Wq7vB2n5Lp0x@salesdb:5432/sales\n", encoding="utf-8")
    code, out = _both(dpc, repo, monkeypatch)
    assert code == 1 and "scratch.sql:1:" in out and " P009 " in out and "Wq7vB2n5Lp0x" not in out
