"""Progress for long runs goes to stderr only on a terminal; pipes and stdout never see it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    for i in range(260):
        (folder / f"f{i:03}.yaml").write_text(f"setting: {i}\n")
    return folder


def test_no_progress_when_stderr_is_not_a_terminal(dpc_process, many: Path) -> None:
    run = dpc_process("lint", ".", cwd=many)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "dpc: 260 files checked, no findings\n")


def test_a_counter_on_a_terminal_cleared_before_the_summary(many: Path) -> None:
    leader, follower = pty.openpty()  # a real terminal for stderr; stdout stays a pipe
    try:
        proc = subprocess.run([sys.executable, "-m", "compiler", "lint", "."], cwd=many, stdout=subprocess.PIPE,
                              stderr=follower, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    seen = b"".join(chunks).decode().replace("\r\n", "\n")  # the terminal turns \n into \r\n
    counters = "".join(f"\rdpc: reading files {n}/260" for n in range(0, 260, 25))
    assert seen == counters + "\r\x1b[K" + "dpc: 260 files checked, no findings\n"
    assert (proc.returncode, proc.stdout) == (0, b"")


def test_short_runs_on_a_terminal_show_no_counter() -> None:
    from compiler.report.progress import Progress

    leader, follower = pty.openpty()
    try:
        with open(follower, "w", closefd=True) as stream:
            progress = Progress(stream)
            assert progress.enabled
            for done in range(200):
                progress.update(done, 200)
            progress.close()
            stream.write("end\n")  # a sentinel: everything before it came from the progress counter
        assert os.read(leader, 100) == b"end\r\n"
    finally:
        os.close(leader)


def _on_terminal(args: list[str], cwd: Path) -> tuple[str, int, bytes]:
    """What a terminal on stderr shows of one run (stdout is a pipe), the exit code and stdout."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "compiler", *args], cwd=cwd, stdout=subprocess.PIPE,
                              stderr=follower, env={**os.environ, "PYTHONPATH": str(REPO), "DPC_NO_CACHE": "1"},
                              timeout=120)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return b"".join(chunks).decode().replace("\r\n", "\n"), proc.returncode, proc.stdout


@pytest.fixture(scope="module")
def many_repo(tmp_path_factory) -> Path:
    """A git repository of 260 files in one product folder, committed, with one file changed since."""
    folder = tmp_path_factory.mktemp("many-repo")
    product = folder / "products" / "big"
    product.mkdir(parents=True)
    for i in range(259):
        (product / f"f{i:03}.yaml").write_text(f"setting: {i}\n")
    (product / "secret.yaml").write_text("name: big-r\nversion: v1\ntype: instance-secret\nlayer: user\n"
                                         "instance-secret:\n  type: key-value\n  acl: r\n  data:\n"
                                         "    token: ${BIG_TOKEN}\n")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "a"]):
        subprocess.run(["git", *args], cwd=folder, check=True)
    (product / "f000.yaml").write_text("setting: changed\n")
    return folder


COUNTS = "".join(f"\rdpc: reading files {n}/260" for n in range(0, 260, 25))
CLEAR = "\r\x1b[K"
UNUSED = ("products/big/secret.yaml:1:7: warning R012 instance secret 'big-r' is used by no depot, lens, lakehouse, "
          "cluster or job\n  hint: delete it, or reference it where it is needed\n")


def test_build_shows_the_counter_on_a_terminal_and_clears_it(many_repo: Path, tmp_path: Path) -> None:
    seen, code, stdout = _on_terminal(["build", "--out", str(tmp_path / "out")], many_repo)
    assert (seen, code) == (COUNTS + CLEAR + "dpc: 1 warning in 260 files checked\n", 0), seen
    assert stdout.decode() == UNUSED + f"{tmp_path / 'out' / 'big'}: 1 manifests written\n"


def test_diff_shows_the_counter_for_each_side_on_a_terminal(many_repo: Path) -> None:
    seen, code, stdout = _on_terminal(["diff"], many_repo)
    assert (seen, code) == (COUNTS + COUNTS + CLEAR, 0), seen  # the base, then the head
    sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=many_repo, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert stdout.decode() == (f"dpc diff: HEAD ({sha}) -> working tree, environment default\n"
                               f"the base HEAD ({sha}) has 1 warning of its own; it is compared as it is\n\n"
                               "no changes: the head compiles to the same 1 resources as the base\n"
                               "compiled, no difference: big\n"
                               "changed, not DataOS files: products/big/f000.yaml\n")


def test_build_and_diff_show_no_counter_in_a_pipe(dpc_process, many_repo: Path, tmp_path: Path) -> None:
    built = dpc_process("build", "--out", str(tmp_path / "out"), cwd=many_repo)
    assert (built.exit_code, built.stderr) == (0, "dpc: 1 warning in 260 files checked\n")
    diffed = dpc_process("diff", cwd=many_repo)
    assert (diffed.exit_code, diffed.stderr) == (0, "")
