"""Every file read goes through the fs seam (issue 17): a lint, build and the diff's source hashing of a
commit's tree touch no path of the working tree, and an untracked folder there cannot change the base."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, make_repo

from compiler.diff import sides
from compiler.emit.runner import BuildOptions, Compiled, compile_products
from compiler.gitrepo.git import Repository
from compiler.gitrepo.tree import GitTreeFS
from compiler.load import fs
from compiler.pipeline import LintOptions, lint_repository
from compiler.schema import catalog


class DiskGuard:
    """Records every path under ``root`` (but not its .git folder) asked of the operating system."""

    def __init__(self, root: Path, monkeypatch) -> None:
        self.root, self.git, self.touched = str(root) + os.sep, str(root / ".git"), []
        for module, name in ((os, "stat"), (os, "lstat"), (os, "scandir"), (os, "listdir"), (os, "open"),
                             (builtins, "open"), (io, "open"), (os.path, "exists"), (os.path, "realpath")):
            monkeypatch.setattr(module, name, self._wrap(getattr(module, name)))

    def _wrap(self, original):
        def guarded(path, *args, **kwargs):
            text = os.fspath(path) if isinstance(path, (str, os.PathLike)) else ""
            if isinstance(text, str) and text.startswith(self.root) and not text.startswith(self.git):
                self.touched.append(text)
            return original(path, *args, **kwargs)
        return guarded


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo", EXAMPLES)
    (root / "products" / "sales-360" / ".dataos").mkdir()  # untracked: the base knows nothing of it
    (root / "products" / "sales-360" / ".dataos" / "ctx.yaml").write_text("apikey: x\n", encoding="utf-8")
    (root / "products" / "stray").mkdir()
    (root / "products" / "stray" / "x.yaml").write_text("name: [\n", encoding="utf-8")
    return root


def test_a_commit_tree_is_linted_built_and_hashed_without_touching_the_disk(repo: Path, monkeypatch) -> None:
    git_repo = Repository(repo)
    side = GitTreeFS(git_repo, git_repo.commit("HEAD"))
    monkeypatch.chdir(repo)
    monkeypatch.setenv("DPC_NO_CACHE", "1")
    catalog.load()  # package data, read before the guard
    guard = DiskGuard(repo, monkeypatch)
    try:
        with fs.use(side):
            result, _ = lint_repository(LintOptions((repo / "products", repo / "environments"), repo))
            compiled = compile_products(BuildOptions(repo))
            sides.sources(repo)
    finally:
        monkeypatch.undo()
        git_repo.close()
    assert guard.touched == []
    assert (result.diagnostics, result.failures) == ((), ())
    assert isinstance(compiled, Compiled) and (compiled.diagnostics, compiled.failures) == ((), ())
    assert sorted(compiled.outputs) == ["customer-churn", "marketing-360", "product-affinity", "sales-360"]


def test_an_untracked_folder_is_the_working_tree_s_finding_not_the_base_s(dpc, tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", EXAMPLES)
    (root / "products" / "sales-360" / ".dataos").mkdir()
    (root / "products" / "sales-360" / ".dataos" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    depot = root / "products" / "sales-360" / "depot" / "salesdb.yaml"
    depot.write_text(depot.read_text(encoding="utf-8").replace("description: ", "description: x ", 1),
                     encoding="utf-8")
    run = dpc("diff", "--base", "HEAD", cwd=root)
    p007 = ("products/sales-360/.dataos/:1:1: error P007 products/sales-360/.dataos/ is dataos-ctl's folder of "
            "contexts and API keys; it must not be in the repository\n")
    assert run.exit_code == 1 and "G007" not in run.stdout + run.stderr  # the base builds: it has no .dataos/
    assert p007 in run.stdout + run.stderr and "changed depot salesdb" in run.stdout
