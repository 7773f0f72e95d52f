"""Shared fixtures: the CLI in-process (click's runner) and as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from compiler.cli import cli

# Generated cases are the same on every run (CI failures reproduce); HYPOTHESIS_PROFILE=explore
# draws new ones. Deadlines are set per test: in-process cases have one, subprocess cases none.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("explore", parent=settings.get_profile("ci"), derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The schedules' clock (compiler/rules/schedules.py): endOn findings are the same on every day.
os.environ.setdefault("DPC_NOW", "2026-12-01T12:00:00Z")

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"


def _home_listing(home: Path) -> dict[str, int]:
    """Every entry of ``home`` and of its folders one level down, with its modification time (ns)."""
    out: dict[str, int] = {}
    for folder in (home, *(p for p in home.iterdir() if p.is_dir() and not p.is_symlink())):
        try:
            with os.scandir(folder) as entries:
                for e in entries:
                    out[e.path] = e.stat(follow_symlinks=False).st_mtime_ns
        except OSError:
            continue
    return out


@pytest.fixture(autouse=True)
def guard_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """HOME is a fresh folder (with a git identity) in every test; a test fails when something it ran wrote
    into the real one (new, changed or removed entries in it or in its folders one level down)."""
    real = Path(os.path.expanduser("~"))
    before = _home_listing(real) if real.is_dir() else {}
    home = tmp_path_factory.mktemp("home")
    (home / ".gitconfig").write_text("[user]\n\tname = dpc tests\n\temail = tests@dpc.invalid\n")  # tests commit
    monkeypatch.setenv("HOME", str(home))
    yield
    after = _home_listing(real) if real.is_dir() else {}
    touched = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert not touched, f"the test wrote into the real home folder: {touched}"


class Run:
    def __init__(self, exit_code: int, stdout: str, stderr: str):
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr

    def __repr__(self) -> str:
        return f"Run(exit={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


@pytest.fixture
def dpc():
    """Run ``dpc ARGS`` in-process inside ``cwd``; returns exit code, stdout and stderr apart."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        old = os.getcwd()
        os.chdir(cwd or REPO)
        try:
            result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        finally:
            os.chdir(old)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def dpc_process():
    """Run the real ``python -m compiler`` in a subprocess."""

    def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> Run:
        proc = subprocess.run([sys.executable, "-m", "compiler", *args], cwd=cwd or REPO, capture_output=True,
                              text=True, env={**os.environ, **(env or {})}, timeout=120)
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests choose formats and colour themselves: a CI runner's own variables must not choose for them."""
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
