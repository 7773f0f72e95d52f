"""Concurrent and interrupted builds: the output folder is always one complete build.

Real ``dpc build`` processes are started together, or killed with SIGKILL at points spread
over a build's run time; afterwards the output folder must equal, byte for byte, the complete
old build or the complete new one, and the next build must clear whatever a killed one left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robust import copy_example, tree

from compiler.emit import atomic

PRODUCTS = ("marketing-360", "sales-360", "product-affinity", "customer-churn")


def start(repo: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "compiler", "build", *args], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> tuple[int, str]:
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in out + err
    return proc.returncode, err


def retitle(repo: Path, title: str) -> None:
    spec = repo / "products" / "marketing-360" / "product.yaml"
    lines = [f"title: {title}" if line.startswith("title:") else line for line in spec.read_text().splitlines()]
    spec.write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A repository whose dist/dev holds the old build, and the new build's files."""
    repo = copy_example(tmp_path_factory.mktemp("kill") / "repo", PRODUCTS)
    out = repo / "dist" / "dev"
    assert finish(start(repo))[0] == 0
    old = tree(out)
    retitle(repo, "Marketing 360, retitled")
    assert finish(start(repo, "--out", str(repo.parent / "new")))[0] == 0
    new = tree(repo.parent / "new")
    assert old != new
    return repo, old, new


def test_a_build_killed_at_any_point_leaves_a_complete_build(builds) -> None:
    repo, old, new = builds
    out = repo / "dist" / "dev"
    began = time.monotonic()
    finish(start(repo, "--check"))  # how long a build takes, for spreading the kill points
    took = time.monotonic() - began
    for step in range(10):
        proc = start(repo)
        time.sleep(took * (0.5 + step / 9))  # from start-up to the swap and past it
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = tree(out)
        assert now in (old, new), f"killed after {step}: neither the old nor the new build"
        if now == new:  # roll back to the old build for the next attempt, as a real build would
            retitle(repo, "Marketing 360")
            assert finish(start(repo))[0] == 0
            retitle(repo, "Marketing 360, retitled")
    assert finish(start(repo))[0] == 0
    assert tree(out) == new
    assert atomic.leftovers(out) == []
    assert sorted(p.name for p in out.parent.iterdir()) == ["dev"]


def test_two_builds_at_once_leave_one_of_them(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo", PRODUCTS)
    shared = tmp_path / "out"
    expected = {}
    for env in ("dev", "prod"):
        assert finish(start(repo, "--env", env, "--out", str(tmp_path / env)))[0] == 0
        expected[env] = tree(tmp_path / env)
    for _ in range(3):
        procs = [start(repo, "--env", env, "--out", str(shared)) for env in ("dev", "prod")]
        codes = [finish(p)[0] for p in procs]
        assert codes == [0, 0]
        assert tree(shared) in expected.values()
        assert atomic.leftovers(shared) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == ["dev", "out", "prod", "repo"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "repo", ("marketing-360",))
    assert finish(start(repo))[0] == 0
    build = repo / "dist"
    stale = build / ".dev.dpc-tmp-killed"
    stale.mkdir()
    (stale / ".dpc-build").write_text("x\n")
    (build / ".dev.dpc-old-killed").mkdir()  # empty: killed before it was written to
    (build / ".dev.dpc-tmp-marker-unfinished").mkdir()  # killed while its marker was being written
    (build / ".dev.dpc-tmp-marker-unfinished" / ".dpc-build.dpc-4242-0").write_text("")
    (build / ".dev.dpc-tmp-not-ours").mkdir()
    (build / ".dev.dpc-tmp-not-ours" / "notes.txt").write_text("no marker: not dpc's, kept\n")
    retitle(repo, "Marketing 360, again")
    assert finish(start(repo))[0] == 0
    assert sorted(p.name for p in build.iterdir()) == [".dev.dpc-tmp-not-ours", "dev"]
    assert os.path.exists(build / "dev" / ".dpc-build")
