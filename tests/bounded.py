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


# dpc run by a launcher that writes its own peak resident set (VmHWM, of the memory the program itself
# mapped) at exit: the kernel's ru_maxrss of a child also counts the forking process (the pytest worker,
# whatever its tests made it hold) since exec keeps the larger of both
_LAUNCH = ("import atexit, os, runpy, sys\n"
           "def _peak():\n"
           "    with open('/proc/self/status') as f:\n"
           "        kb = next((l.split()[1] for l in f if l.startswith('VmHWM:')), '')\n"
           "    with open(os.environ['DPC_TEST_PEAK'], 'w') as out:\n"
           "        out.write(kb)\n"
           "atexit.register(_peak)\n"
           "sys.argv[0] = 'compiler'\n"
           "runpy.run_module('compiler', run_name='__main__', alter_sys=True)\n")


def _peak_mb(path: Path, fallback_kb: int) -> float:
    """The child's own peak (kB in the file), or the kernel's figure when it could not write one."""
    try:
        return int(path.read_text(encoding="ascii")) / 1024
    except (OSError, ValueError):
        return fallback_kb / 1024


def bounded(*args: str, cwd: Path, timeout: float = 60) -> Bounded:
    """dpc ``args`` in ``cwd``; fails (AssertionError) when it outlives ``timeout`` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, *args], cwd=cwd, stdout=out, stderr=err,
                                env={**os.environ, "NO_COLOR": "1", "DPC_TEST_PEAK": str(peak)},
                                preexec_fn=_limited)
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
                       seconds, _peak_mb(peak, usage.ru_maxrss))
