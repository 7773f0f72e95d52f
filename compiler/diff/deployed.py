"""``dpc mark-deployed``: record the commit an environment runs, as the git ref ``refs/dpc/deployed/<env>``.

A ref (not a file, not a tag) because it travels with ``git push``/``git fetch`` like a branch,
never shows in branch lists, costs nothing and can point at any commit (a rollback too). CI
pushes it after a successful deployment and fetches it before ``dpc diff --env``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.core.diagnostics import Failure
from compiler.gitrepo import git as gitops
from compiler.load.discover import find_repo_root
from compiler.project import specs
from compiler.project.config import load_config


@dataclass(frozen=True)
class Marked:
    ref: str
    commit: gitops.Commit
    before: str | None  # the sha the ref pointed at, None on the first record

    @property
    def push(self) -> str:
        return f"git push origin +{self.ref}:{self.ref}"


def unknown_environment(root: Path, environment: str) -> Failure | None:
    """The G006 failure when the working tree's environments folder has no ``environment``."""
    return specs.unknown_environment(root, load_config(root)[0], environment)


def mark(cwd: Path, environment: str, rev: str) -> Marked | Failure:
    """The new record, or why there is none."""
    try:
        repo = gitops.Repository(cwd)
    except gitops.GitProblem as problem:
        return problem.failure
    try:
        unknown = unknown_environment(find_repo_root(cwd) or repo.root, environment)
        if unknown:
            return unknown
        commit, before = repo.mark_deployed(environment, rev)
        return Marked(gitops.deployed_ref(environment), commit, before)
    except gitops.GitProblem as problem:
        return problem.failure
    finally:
        repo.close()
