"""Helpers of the robustness tests (tests/test_robust_*.py): dpc run as the console script runs it.

:func:`run_main` calls :func:`compiler.cli.main` in-process, the very function the ``dpc``
script calls, so its internal-error net is part of what is tested; anything it lets through
(an exception that is not SystemExit) fails the test. :func:`run_process` runs the real
``python -m compiler`` with a timeout. :func:`check_sane` is the contract every case must keep.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from compiler.cli import main

REPO = Path(__file__).resolve().parent.parent
PROCESS_TIMEOUT = 60


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_main(*args: str, cwd: Path) -> Run:
    old_cwd, old_argv = os.getcwd(), sys.argv
    os.chdir(cwd)
    try:
        with CliRunner().isolation() as streams:
            sys.argv = ["dpc", *args]
            try:
                main()
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
            out, err = streams[0].getvalue(), streams[1].getvalue()
    finally:
        sys.argv = old_argv
        os.chdir(old_cwd)
    return Run(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def run_process(*args: str, cwd: Path, timeout: float = PROCESS_TIMEOUT) -> Run:
    proc = subprocess.run([sys.executable, "-m", "compiler", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "NO_COLOR": "1"})
    return Run(proc.returncode, proc.stdout, proc.stderr)


def check_sane(run: Run) -> None:
    """Exit 0, 1 or 2; never a traceback, never the internal-error net."""
    assert run.exit_code in (0, 1, 2), run
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream, run
        assert "internal error" not in stream, run


def copy_example(dest: Path, products: tuple[str, ...] = ("marketing-360", "sales-360"), git: bool = False) -> Path:
    """A repository holding some example products, the environments and dpc.yaml of this one."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in products:
        shutil.copytree(REPO / "products" / name, dest / "products" / name)
    shutil.copytree(REPO / "environments", dest / "environments")
    shutil.copy(REPO / "dpc.yaml", dest / "dpc.yaml")
    if git:
        git_init(dest)
    return dest


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout


def git_init(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")


def snapshot(*roots: Path, skip: tuple[str, ...] = (".git",)) -> dict[str, tuple]:
    """path -> (kind, sha256 or link target, mode) of everything under ``roots``, links not followed."""
    out: dict[str, tuple] = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in skip]
            for name in [*dirs, *files]:
                path = Path(folder, name)
                st = path.lstat()
                if stat.S_ISLNK(st.st_mode):
                    out[str(path)] = ("link", os.readlink(path), st.st_mode)
                elif stat.S_ISDIR(st.st_mode):
                    out[str(path)] = ("dir", "", st.st_mode)
                else:
                    out[str(path)] = ("file", hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mode)
    return out


def tree(folder: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
