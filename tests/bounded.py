"""A real ``python -m compiler`` run with its own wall time and peak memory measured.

:func:`bounded` starts dpc as a subprocess, waits for it with ``os.wait4`` (which gives that
one child's resource usage) and kills it at the deadline, so a regression to a hang fails
the test instead of CI. The child's address space is limited, so a runaway allocation ends
in a MemoryError (an internal error) instead of taking the machine.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ADDRESS_SPACE = 1024 * 1024 * 1024  # 1 GiB for the whole interpreter


@dataclass(frozen=True)
class Bounded:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the child's peak resident set


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def bounded(*args: str, cwd: Path, timeout: float = 60) -> Bounded:
    """dpc ``args`` in ``cwd``; fails (AssertionError) when it outlives ``timeout`` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "compiler", *args], cwd=cwd, stdout=out, stderr=err,
                                env={**os.environ, "NO_COLOR": "1"}, preexec_fn=_limited)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                os.kill(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                raise AssertionError(f"dpc {' '.join(args)} ran longer than {timeout} s")
            time.sleep(0.02)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Bounded(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                       seconds, usage.ru_maxrss / 1024)
