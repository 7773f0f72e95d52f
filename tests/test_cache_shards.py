"""The per-file cache's shards (issue 13 item 3): a one-file run rewrites only the shard whose entry changed,
and two processes saving at once, or a shard crafted to hold positions that do not decode, leave a cache
whose every later run prints exactly what a cold run prints. Real processes and real files throughout."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, edit, make_repo

from compiler.load import cache, stores

FLOW = "products/marketing-360/build/campaign_performance.yaml"
DEPOT = "products/marketing-360/depot/campaigndb.yaml"


def _age(repo: Path, *only: str) -> None:
    """Every file of the repository (or ``only`` these) written a minute ago; then the racy window is waited out,
    since a file's change time cannot be set back: no run's read is racy, so no later run settles one and rewrites
    its shard (compiler/load/cache.py), whatever the load. Only the files named are touched: another file's new
    change time would be a new signature, and its entry would be kept again with it."""
    past = time.time() - 60
    for p in [repo / rel for rel in only] or repo.rglob("*"):
        if ".git" not in p.parts and p.is_file():
            os.utime(p, (past, past))
    time.sleep(cache.RACY_NS / 1e9 + 0.2)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    out = make_repo(tmp_path / "repo", EXAMPLES)
    edit(out / FLOW, "dataos://campaigndb:", "dataos://campaigndbx:")  # R001 at a line and column
    _age(out)
    return out


def start(repo: Path, *args: str, cold: bool = False) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "DPC_NO_CACHE"}
    if cold:
        env["DPC_NO_CACHE"] = "1"
    return subprocess.Popen([sys.executable, "-m", "compiler", *args], cwd=repo, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(repo: Path, *args: str, cold: bool = False) -> tuple[int, str, str]:
    proc = start(repo, *args, cold=cold)
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


def shards(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted((repo / ".git" / "dpc").glob("lint-files-*/*"))}


def test_a_one_file_run_rewrites_only_the_shard_of_the_file_that_changed(repo: Path) -> None:
    run(repo, "lint")
    before = shards(repo)
    assert len(before) == len({p.rpartition("/")[2] for p in before}) > 1
    run(repo, "lint", FLOW)
    assert shards(repo) == before  # nothing changed: nothing written
    edit(repo / DEPOT, "port: 5432", "port: 5433")
    _age(repo, DEPOT)
    expected = run(repo, "lint", DEPOT, cold=True)
    assert run(repo, "lint", DEPOT) == expected
    after = shards(repo)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [next(n for n in after if n.endswith(f"/{stores._shard(DEPOT):02x}.json"))]


def test_two_processes_saving_at_once_leave_a_cache_that_gives_the_cold_result(repo: Path) -> None:
    for step, (old, new) in enumerate([("port: 5432", "port: 5433"), ("port: 5433", "port: 99999"),
                                       ("port: 99999", "port: 5432")]):
        edit(repo / DEPOT, old, new)
        _age(repo)
        expected = run(repo, "lint", cold=True)
        assert expected[0] == 1 and f"{FLOW}:16:26: error R001" in expected[1]
        together = [start(repo, "lint"), start(repo, "lint", DEPOT), start(repo, "lint")]
        outputs = [(p.wait(timeout=300), *p.communicate()) for p in together]
        assert outputs[0] == outputs[2] == expected, step
        assert outputs[1] == run(repo, "lint", DEPOT, cold=True)
        assert run(repo, "lint") == expected
        assert run(repo, "lint", FLOW) == run(repo, "lint", FLOW, cold=True)


def _craft(path: Path, positions: str) -> int:
    """Every document's packed positions replaced, with a header whose sha256 fits: what a crafted cache
    file (not a damaged one, which fails its sha256) holds. Returns how many documents were changed."""
    head, _, body = path.read_bytes().partition(b"\n")
    entries = json.loads(body)
    count = 0
    for entry in entries.values():
        documents = (entry["record"] or {}).get("documents")
        for d in (documents[0] if documents else []):
            d[3] = positions
            count += 1
    new_body = json.dumps(entries, separators=(",", ":"), ensure_ascii=False).encode()
    header = json.loads(head)
    header["sha256"] = hashlib.sha256(new_body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + new_body)
    return count


@pytest.mark.parametrize("positions", ["garbage", '[[5,"name"],[1,1,1,1],[0,0,0,0]]', "[[],[],[]]"])
def test_positions_that_do_not_decode_give_the_cold_result(repo: Path, positions: str) -> None:
    expected = run(repo, "lint", cold=True)
    assert run(repo, "lint") == expected
    (repo / ".git" / "dpc" / "lint-result.json").unlink()  # the whole result would answer without the shards
    assert sum(_craft(repo / name, positions) for name in shards(repo)) > 10
    assert run(repo, "lint") == expected
    assert run(repo, "lint", FLOW) == run(repo, "lint", FLOW, cold=True)


def test_a_truncated_shard_gives_the_cold_result_and_is_written_again(repo: Path) -> None:
    # _age changed every file's ctime just now: an entry recorded within two seconds of that is "racy" (kept
    # without its stat, compared by bytes) and the rewrite below would differ from it in those stats alone
    time.sleep(cache.RACY_NS / 1e9 + 0.1)
    expected = run(repo, "lint", cold=True)
    run(repo, "lint")
    (repo / ".git" / "dpc" / "lint-result.json").unlink()
    name = next(n for n in shards(repo) if n.endswith(f"/{stores._shard(FLOW):02x}.json"))
    whole = (repo / name).read_bytes()
    (repo / name).write_bytes(whole[: len(whole) // 3])
    assert run(repo, "lint", FLOW) == run(repo, "lint", FLOW, cold=True)
    assert (repo / name).read_bytes() == whole  # checked again, and written as it was
    assert run(repo, "lint") == expected
