"""Every git call dpc makes, in one module. gitpython is imported lazily, and only here.

Each function answers "nothing" (an empty list, None) when the folder is not a git
repository, has no commit yet, or git is missing: callers treat git as optional knowledge.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _repo(root: Path) -> Any | None:
    try:
        import git

        repo = git.Repo(root)
        return repo if repo.head.is_valid() else None
    except Exception:  # not a repository, no git binary, a broken .git: git knowledge is optional
        return None


def staged_deletions(root: Path) -> list[str]:
    """Repository-relative paths that are deleted in the index (staged for the next commit)."""
    repo = _repo(root)
    if repo is None:
        return []
    try:
        out = repo.git.diff("--cached", "--name-only", "--diff-filter=D", "-z", "--no-renames")
    except Exception:
        return []
    return sorted(p for p in out.split("\0") if p)


def head_text(root: Path, relpath: str) -> str | None:
    """A file's text at HEAD, or None when it is not there (or not text)."""
    repo = _repo(root)
    if repo is None:
        return None
    try:
        blob = repo.head.commit.tree / relpath
        return blob.data_stream.read().decode("utf-8")
    except Exception:  # not in HEAD, a folder, binary
        return None


def head_texts(root: Path, relpaths: list[str]) -> dict[str, str]:
    """Several files at HEAD with one repository handle."""
    repo = _repo(root)
    out: dict[str, str] = {}
    if repo is None:
        return out
    tree = repo.head.commit.tree
    for rel in relpaths:
        try:
            out[rel] = (tree / rel).data_stream.read().decode("utf-8")
        except Exception:
            continue
    return out
