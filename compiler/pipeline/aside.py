"""One repository-wide check run in a forked second process while this one runs the others (issue 13 item 4).

The child starts with this process's memory as it is after loading (the repository, the catalogue, the run's
budget and open file-system recording), runs the check exactly as :func:`run_one` runs it here, and sends
back its findings, its failure line and every question it asked the file system (so the whole-result cache
depends on what the check read, as when it runs here). The parent takes them at the check's place in the
order of the checks, so the result is the serial one, to the byte. A child that cannot start, dies, or
sends something unreadable costs only the time: the check then runs here.

Only a check whose work touches nothing the others or the later stages read in memory goes aside: the SQL
check (its summaries store is its own, written by the child; the parent opens none while it runs).
"""

from __future__ import annotations

import gc
import json
import os
import signal
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from compiler.core import budget
from compiler.core.diagnostics import Diagnostic
from compiler.load import cache, fs, records
from compiler.model import Repository
from compiler.schema.catalog import Catalog

Check = Callable[[Repository, Catalog], list[Diagnostic]]
Outcome = tuple[list[Diagnostic], str | None]  # a check's findings, and its failure line (an internal error)
CRASH_ENV = "DPC_TEST_ASIDE_CRASH"  # set (tests only): the child dies before it answers, as a killed one would


def run_one(check: Check, repo: Repository, catalog: Catalog) -> Outcome:
    """A check's findings, or its failure as the run reports it (a bug in dpc must not hide the others)."""
    gc.freeze()  # what the check finds alive is the repository: no full collection walks it again
    try:
        with budget.own_comparisons():
            return check(repo, catalog), None
    except Exception as err:
        return [], f"{repo.root.name}: internal error in {check.__module__}: {type(err).__name__}: {err}"


def _recording() -> AbstractContextManager[cache.Deps]:
    active = fs.ACTIVE.get()
    return active.recording() if isinstance(active, cache.Recorder) else nullcontext({})


def _answer(check: Check, repo: Repository, catalog: Catalog) -> bytes:
    if os.environ.get(CRASH_ENV):
        os._exit(3)
    with _recording() as deps:
        found, failure = run_one(check, repo, catalog)
    body = {"found": [records.diagnostic_to_json(d) for d in found], "failure": failure, "deps": deps}
    return json.dumps(body, separators=(",", ":")).encode("ascii")  # ASCII: a path's surrogates survive


@dataclass
class Aside:
    """A check running in a child process."""

    check: Check
    pid: int
    reader: int  # the read end of the pipe the child answers through

    def outcome(self, repo: Repository, catalog: Catalog) -> Outcome:
        """The child's outcome, the questions it asked noted here; the check run here if the child failed."""
        try:
            with os.fdopen(self.reader, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                body = json.loads(data)
                found = [records.diagnostic_from_json(d) for d in body["found"]]
                failure, deps = body["failure"], body["deps"]
                if (failure is None or isinstance(failure, str)) and isinstance(deps, dict):
                    active = fs.ACTIVE.get()
                    if isinstance(active, cache.Recorder):
                        active.replay(deps)
                    return found, failure
        except (OSError, ValueError, KeyError, TypeError, records.BadRecord):
            pass
        return run_one(self.check, repo, catalog)

    def stop(self) -> None:
        """End the child (the run is failing or interrupted): it must not outlive the command."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        try:
            os.close(self.reader)
        except OSError:
            pass


def start(check: Check, repo: Repository, catalog: Catalog) -> Aside | None:
    """``check`` running in a forked child, or None when none can start (the caller runs it itself)."""
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the child: answer, then leave without running anything of the parent's (atexit, buffers)
        code = 1
        try:
            os.close(reader)
            data = _answer(check, repo, catalog)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return Aside(check, pid, reader)


def answered(aside: Aside | None, check: Check, repo: Repository, catalog: Catalog) -> Outcome:
    """The outcome of ``check``: from ``aside`` when it runs it, else run here."""
    if aside is not None and aside.check is check:
        return aside.outcome(repo, catalog)
    return run_one(check, repo, catalog)
