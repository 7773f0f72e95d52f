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
