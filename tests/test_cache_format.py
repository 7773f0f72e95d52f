"""The cache is data only (issue 16): JSON with a version and a sha256, no secret value in it, and a
damaged or crafted file is ignored and rewritten, never executed."""

from __future__ import annotations

import hashlib
import json
import math
import pickle
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, edit, make_repo

from compiler.core.diagnostics import Diagnostic, Position, Result, Severity
from compiler.load import cache, records
from compiler.load.yamlload import parse_text

PASSWORD = "Tr0ub4dor-planted-7731"
DEPOT = "products/marketing-360/depot/campaigndb-secrets.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    return make_repo(tmp_path / "repo", EXAMPLES)


def cache_files(repo: Path) -> list[Path]:
    return sorted(p for p in (repo / ".git" / "dpc").rglob("*") if p.is_file())


def cold(dpc, monkeypatch, *args: str, cwd: Path):
    monkeypatch.setenv("DPC_NO_CACHE", "1")
    try:
        return dpc(*args, cwd=cwd)
    finally:
        monkeypatch.delenv("DPC_NO_CACHE")


def test_no_secret_value_reaches_the_cache(dpc, repo: Path, monkeypatch) -> None:
    edit(repo / DEPOT, "password: ${CAMPAIGNDB_PASSWORD}", f"password: {PASSWORD}")
    first = dpc("lint", cwd=repo)
    assert first.exit_code == 1 and "P005" in first.stdout and PASSWORD not in first.stdout
    dpc("build", "--check", cwd=repo)
    files = cache_files(repo)
    assert files and all(PASSWORD.encode() not in p.read_bytes() for p in files)
    again = dpc("lint", cwd=repo)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


def test_every_cache_file_is_a_json_header_and_payload(dpc, repo: Path) -> None:
    dpc("lint", cwd=repo)
    for path in cache_files(repo):
        head, _, body = path.read_bytes().partition(b"\n")
        header = json.loads(head)
        assert header["magic"] == "dpc-cache" and header["format"] == cache.FORMAT
        assert header["sha256"] == hashlib.sha256(body).hexdigest()
        json.loads(body)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong version", "payload edited", "pickle"])
def test_a_damaged_cache_is_ignored_and_rewritten(dpc, repo: Path, monkeypatch, tmp_path: Path,
                                                  damage: str) -> None:
    edit(repo / "products/marketing-360/build/campaign_performance.yaml", "UTC", "Mars/Olympus")
    first = dpc("lint", cwd=repo)
    expected = cold(dpc, monkeypatch, "lint", cwd=repo)
    assert (first.exit_code, first.stdout, first.stderr) == (expected.exit_code, expected.stdout, expected.stderr)
    witness = tmp_path / "ran"

    class Boom:
        def __reduce__(self):
            return (Path.write_text, (witness, "code ran"))

    for path in cache_files(repo):
        raw = path.read_bytes()
        path.write_bytes({
            "truncated": raw[: len(raw) // 2],
            "garbage": b"\x00\xff garbage \x80" * 50,
            "wrong version": raw.replace(b'"format": 2', b'"format": 1', 1),
            "payload edited": raw.replace(b"Mars", b"Mart"),
            "pickle": pickle.dumps(Boom()),
        }[damage])
    again = dpc("lint", cwd=repo)
    assert (again.exit_code, again.stdout, again.stderr) == (expected.exit_code, expected.stdout, expected.stderr)
    assert not witness.exists()
    for path in cache_files(repo):  # rewritten whole
        head = path.read_bytes().partition(b"\n")[0]
        assert b'"magic": "dpc-cache"' in head
    third = dpc("lint", cwd=repo)
    assert (third.exit_code, third.stdout) == (expected.exit_code, expected.stdout)


def test_records_round_trip_exactly() -> None:
    text = ("a: 1\nb: [x, 2.5, .nan, true, null]\n1: int key\ntrue: bool key\n? null\n: null key\n"
            "'\\0': nul\nnested: {c: {d: [1, {e: f}]}}\n---\n- just\n- a list\n")
    parsed = parse_text("p.yaml", text)
    back = records.parsed_from_json("p.yaml", text, records.parsed_to_json(parsed))
    for a, b in zip(parsed.documents, back.documents, strict=True):
        assert (a.path, a.index, a.values, a.keys) == (b.path, b.index, b.values, b.keys)
        assert repr(a.data) == repr(b.data)  # repr: nan != nan
        assert [type(k) for k in (a.data if isinstance(a.data, dict) else [])] == \
            [type(k) for k in (b.data if isinstance(b.data, dict) else [])]
    assert back.diagnostics == parsed.diagnostics and back.text == parsed.text
    d = Diagnostic("R001", Severity.WARNING, "m", Position("a", 3, 4), "hint", (Position("b", 1, 2),))
    result = Result((d, Diagnostic("Y001", Severity.ERROR, "x", Position("c"))), 7, 9, ("f: boom",))
    assert records.result_from_json(records.result_to_json(result)) == result
    assert math.isnan(records.value_from_json(records.value_to_json(math.nan)))


@pytest.mark.parametrize("bad", [None, 3, "x", [], [[], 1, 2], [[["E1", 9, "m", ["p", 1, 1], None, []]], 1, 1, []],
                                 [[["E1", 3, "m", ["p", "1", 1], None, []]], 1, 1, []]])
def test_a_malformed_result_is_no_result(bad) -> None:
    assert records.result_from_json(bad) is None


def _without_documents(repo: Path) -> list[str]:
    out = []
    for path in cache_files(repo):
        if not path.parent.name.startswith("lint-files-"):
            continue
        body = json.loads(path.read_bytes().partition(b"\n")[2])
        out += [name for name, entry in body.items() if entry["record"] and entry["record"]["documents"] is None
                    and entry["record"]["parsed"]]
    return sorted(out)


def test_only_files_holding_a_secret_value_keep_no_documents(dpc, repo: Path) -> None:
    """A file whose text only looks as if it could hold a secret (a ``data:`` key, a ``password:`` set from a
    stand-in) keeps its documents, so a warm run does not parse it again; one holding a value keeps none."""
    dpc("lint", cwd=repo)
    assert _without_documents(repo) == []
    edit(repo / DEPOT, "password: ${CAMPAIGNDB_PASSWORD}", f"password: {PASSWORD}")
    dpc("lint", cwd=repo)
    assert _without_documents(repo) == [DEPOT]
