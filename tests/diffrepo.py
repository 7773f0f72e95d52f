"""Real git repositories for the diff tests: the fixture in tests/cases/diff/repo, committed in a tmp dir."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from conftest import CASES, REPO

FIXTURE = CASES / "diff" / "repo"
EXAMPLES = REPO  # products/, environments/ and dpc.yaml of this repository
# fixed identity and dates: the same content gives the same commit ids; no user or system git config is read
GIT_ENV = {
    "GIT_AUTHOR_NAME": "dpc tests", "GIT_AUTHOR_EMAIL": "tests@dpc.invalid", "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "dpc tests", "GIT_COMMITTER_EMAIL": "tests@dpc.invalid",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def make_repo(root: Path, source: Path = FIXTURE) -> Path:
    """``source``'s dpc.yaml, environments/ and products/ committed as the first commit of a new repository."""
    root.mkdir(parents=True, exist_ok=True)
    for part in ("products", "environments"):
        shutil.copytree(source / part, root / part)
    shutil.copy(source / "dpc.yaml", root / "dpc.yaml")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "data products")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def warm_equals_cold(dpc, repo: Path, monkeypatch, *args: str) -> tuple[int, str]:
    """``dpc lint ARGS`` with the cache on, which must give exactly what it gives with DPC_NO_CACHE=1:
    (exit code, stdout)."""
    cached = dpc("lint", *args, cwd=repo)
    monkeypatch.setenv("DPC_NO_CACHE", "1")
    fresh = dpc("lint", *args, cwd=repo)
    monkeypatch.delenv("DPC_NO_CACHE")
    assert (cached.exit_code, cached.stdout, cached.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr)
    return cached.exit_code, cached.stdout


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root``, .git included (index, refs, objects), by content hash; except .git/dpc/,
    the lint cache dpc keeps for itself (compiler/cache.py)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()
            and not p.relative_to(root).as_posix().startswith(".git/dpc/")}
