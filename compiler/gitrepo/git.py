"""Every git call dpc makes, in one module. gitpython is imported lazily, and only here.

Each function answers "nothing" (an empty list, None) when the folder is not a git
repository, has no commit yet, or git is missing: callers treat git as optional knowledge.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.core.diagnostics import Failure
from compiler.core.suggest import did_you_mean


def _repo(root: Path) -> Any | None:
    try:
        import git

        repo = git.Repo(root)
        return repo if repo.head.is_valid() else None
    except Exception:  # not a repository, no git binary, a broken .git: git knowledge is optional
        return None


def _staged(root: Path, kinds: str) -> list[str]:
    """Repository-relative paths changed in the index against HEAD, of git's ``--diff-filter`` kinds; before
    the first commit, every path in the index counts as added."""
    try:
        import git

        repo = git.Repo(root)
        if not repo.head.is_valid():
            out = repo.git.ls_files("-z") if "A" in kinds else ""
        else:
            out = repo.git.diff("--cached", "--name-only", f"--diff-filter={kinds}", "-z", "--no-renames")
    except Exception:  # not a repository, no git binary, a broken .git: git knowledge is optional
        return []
    return sorted(p for p in out.split("\0") if p)


def staged_deletions(root: Path) -> list[str]:
    """Repository-relative paths that are deleted in the index (staged for the next commit)."""
    return _staged(root, "D")


def staged_files(root: Path) -> list[str]:
    """Repository-relative paths added, copied or modified in the index: what the next commit writes."""
    return _staged(root, "ACM")


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


# --- dpc diff and dpc mark-deployed: revisions, the deployed-commit refs, trees and blobs -------------------

DEPLOYED_PREFIX = "refs/dpc/deployed/"
SHALLOW_FIX = ("fetch the whole history: `fetch-depth: 0` in actions/checkout (`clone: depth: full` on "
               "Bitbucket), or `git fetch --deepen=100` / `git fetch --unshallow`")
_ENV_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
_HISTORY = re.compile(r"[~^]|^[0-9a-fA-F]{4,40}$")


class GitProblem(Exception):
    """A git condition dpc cannot work around; ``code`` is a G code, the message says what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message

    @property
    def failure(self) -> Failure:
        return Failure(self.message, self.code)


@dataclass(frozen=True)
class Commit:
    sha: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:12]


@dataclass(frozen=True)
class TreeEntry:
    name: str
    kind: str  # "file", "dir", "link" (a symbolic link: the blob holds its target) or "module"
    sha: str
    size: int = -1  # a blob's size in bytes (-1: a folder or a submodule)


_KINDS = {"040000": "dir", "120000": "link", "160000": "module"}


def deployed_ref(environment: str) -> str:
    return DEPLOYED_PREFIX + environment


class Repository:
    """One opened repository. Read-only except :meth:`mark_deployed`; never touches the working tree
    or the index."""

    def __init__(self, start: Path):
        try:
            import git

            self._repo = git.Repo(start, search_parent_directories=True)
        except ImportError as err:  # gitpython could not find a git executable
            raise GitProblem("G001", f"git is not available: {str(err).splitlines()[0]}") from None
        except Exception:
            raise GitProblem("G001", f"{start} is not inside a git repository; dpc diff and mark-deployed "
                             "work on git commits "
                             "(run `git init` and commit, or run dpc where the repository is)") from None
        if self._repo.working_tree_dir is None:
            raise GitProblem("G001", f"{start} is a bare git repository; dpc diff needs a working tree")
        self.root = Path(self._repo.working_tree_dir)

    def close(self) -> None:
        self._repo.close()

    def _git(self, *args: str) -> str | None:
        try:
            git = self._repo.git
            return git.execute([git.GIT_PYTHON_GIT_EXECUTABLE or "git", *args], with_extended_output=False,
                               strip_newline_in_stdout=True)
        except Exception:  # GitCommandError: a non-zero exit, which callers read as "no"
            return None

    def commit(self, rev: str) -> Commit:
        """The commit ``rev`` names: a sha, branch, tag, ``origin/main``, ``HEAD~1``..."""
        if not rev or rev.startswith("-") or any(c.isspace() or c == "\0" for c in rev):
            raise GitProblem("G002", f"'{rev}' is not a revision")
        sha = self._git("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")
        if sha:
            return Commit(sha, self._git("log", "-1", "--format=%s", sha) or "")
        if self._git("rev-parse", "--verify", "--quiet", "HEAD^{commit}") is None:
            raise GitProblem("G002", f"'{rev}' names no commit: the repository has no commit yet")
        if self.shallow() and _HISTORY.search(rev):
            raise GitProblem("G004", f"'{rev}' is not in this shallow clone, which holds only the newest commits; "
                             + SHALLOW_FIX)
        names = (self._git("for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags",
                           "refs/remotes") or "").split()
        raise GitProblem("G002", f"unknown revision '{rev}'{did_you_mean(rev, names)}")

    def shallow(self) -> bool:
        return self._git("rev-parse", "--is-shallow-repository") == "true"

    def deployed(self, environment: str) -> Commit | None:
        """The commit recorded as deployed to ``environment``, or None when nothing is recorded."""
        ref = deployed_ref(environment)
        sha = self._git("rev-parse", "--verify", "--quiet", ref) if _ENV_NAME.fullmatch(environment) else None
        if not sha:
            return None
        if self._git("cat-file", "-e", sha + "^{commit}") is None:
            raise GitProblem("G004" if self.shallow() else "G002",
                             f"{ref} records commit {sha[:12]}, which this clone does not have; "
                             + (SHALLOW_FIX if self.shallow() else f"fetch it: git fetch origin {sha}"))
        return self.commit(sha)

    def mark_deployed(self, environment: str, rev: str) -> tuple[Commit, str | None]:
        """Point ``refs/dpc/deployed/<environment>`` at ``rev``; the commit and the sha it pointed at before."""
        ref = deployed_ref(environment)
        if not _ENV_NAME.fullmatch(environment) or self._git("check-ref-format", ref) is None:
            raise GitProblem("G006", f"'{environment}' cannot name an environment in a git ref; use letters, "
                             "digits, '.', '_' and '-'")
        commit = self.commit(rev)
        before = self._git("rev-parse", "--verify", "--quiet", ref)
        if self._git("update-ref", "-m", f"dpc mark-deployed --env {environment}", ref, commit.sha) is None:
            raise GitProblem("G001", f"git could not write {ref} (is the repository read-only?)")
        return commit, before or None

    def tree_of(self, commit: Commit) -> str:
        return self._repo.commit(commit.sha).tree.hexsha

    def tree_files(self, tree_sha: str) -> dict[str, TreeEntry]:
        """Every entry of a tree, folders included, by its '/'-separated path: one ``git ls-tree -r -t -l``."""
        out = self._run(["ls-tree", "-r", "-t", "-l", "-z", "--full-tree", tree_sha], b"")
        if out is None:
            raise GitProblem("G001", f"git could not list tree {tree_sha[:12]}")
        entries: dict[str, TreeEntry] = {}
        for line in out.split(b"\0"):
            meta, tab, raw = line.partition(b"\t")
            if not tab:
                continue
            mode, _, sha, size = meta.decode("ascii").split()
            path = raw.decode("utf-8", "surrogateescape")
            entries[path] = TreeEntry(path.rpartition("/")[2], _KINDS.get(mode, "file"), sha,
                                      int(size) if size.isdigit() else -1)
        return entries

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The bytes of many blobs through one ``git cat-file --batch`` (missing ones left out)."""
        wanted = list(dict.fromkeys(shas))
        out = self._run(["cat-file", "--batch"], "".join(f"{s}\n" for s in wanted).encode()) if wanted else b""
        found: dict[str, bytes] = {}
        at = 0
        while out and at < len(out):
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3:  # "<sha> missing"
                continue
            size = int(header[2])
            found[header[0].decode("ascii")] = out[at:at + size]
            at += size + 1
        return found

    def _run(self, args: list[str], stdin: bytes) -> bytes | None:
        """One git process over the repository's objects, ``stdin`` in, its whole output out (None: it failed)."""
        git = self._repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git"
        try:
            done = subprocess.run([git, "--git-dir", str(self._repo.git_dir), *args], input=stdin,
                                  capture_output=True, check=False)
        except OSError:
            return None
        return done.stdout if done.returncode == 0 else None

    def blob(self, sha: str) -> bytes:
        return self._repo.odb.stream(bytes.fromhex(sha)).read()

    def blob_size(self, sha: str) -> int:
        return self._repo.odb.info(bytes.fromhex(sha)).size
