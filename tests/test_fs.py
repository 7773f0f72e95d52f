"""The file-system seam: a commit's tree answers like the working tree did, without touching it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from diffrepo import commit_all, git

from compiler.gitrepo.git import Repository
from compiler.gitrepo.tree import GitTreeFS
from compiler.load import fs
from compiler.report.diff.text import render


@pytest.fixture
def tree(tmp_path: Path):
    root = tmp_path / "repo"
    (root / "products" / "shop" / "sql").mkdir(parents=True)
    (root / "products" / "shop" / "a.yaml").write_text("name: a\n")
    (root / "products" / "shop" / "sql" / "q.sql").write_text("SELECT 1\n")
    os.symlink("a.yaml", root / "products" / "shop" / "link.yaml")
    os.symlink("sql", root / "products" / "shop" / "linked-sql")
    os.symlink("../../../../outside.txt", root / "products" / "shop" / "out.txt")
    (tmp_path / "outside.txt").write_text("secret\n")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "files")
    for p in sorted(root.rglob("*"), reverse=True):  # the working tree goes away: only git answers now
        if ".git" in p.relative_to(root).parts:
            continue
        if p.is_symlink() or p.is_file():
            p.unlink()
        else:
            p.rmdir()
    repo = Repository(root)
    yield root, GitTreeFS(repo, repo.commit("HEAD"))
    repo.close()


def test_a_commit_tree_reads_like_a_folder(tree) -> None:
    root, side = tree
    shop = root / "products" / "shop"
    assert not shop.exists()
    with fs.use(side):
        assert fs.read_text(shop / "a.yaml") == "name: a\n"
        assert fs.read_text(shop / "link.yaml") == "name: a\n"  # a link inside the tree is followed
        assert fs.read_text(shop / "linked-sql" / "q.sql") == "SELECT 1\n"
        assert fs.is_dir(shop) and fs.is_dir(root) and not fs.is_file(shop) and fs.is_file(shop / "a.yaml")
        assert fs.iterdir(shop) == [shop / n for n in ("a.yaml", "link.yaml", "linked-sql", "sql")]
        assert sorted((e.name, e.is_dir(), e.is_symlink()) for e in fs.scandir(shop)) == [
            ("a.yaml", False, False), ("link.yaml", False, True), ("linked-sql", True, True), ("sql", True, False)]
        assert fs.resolve(shop / "link.yaml") == shop / "a.yaml"
        assert fs.size(shop / "sql" / "q.sql") == 9
        assert fs.content_id(shop / "a.yaml") == git(root, "rev-parse", "HEAD:products/shop/a.yaml")
        assert not fs.exists(shop / "out.txt")  # leads out of the repository: missing
        assert not fs.exists(root.parent / "outside.txt") and not fs.exists(shop / "nope.yaml")
        with pytest.raises(FileNotFoundError):
            fs.read_bytes(shop / "nope.yaml")
        with pytest.raises(IsADirectoryError):
            fs.read_bytes(shop / "sql")
        with pytest.raises(NotADirectoryError):
            fs.scandir(shop / "a.yaml")
    assert fs.ACTIVE.get() is fs.OS


def test_blob_id_is_gits() -> None:
    assert fs.blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"


def test_text_colour_only_when_asked(dpc, tmp_path: Path) -> None:
    from compiler.diff.model import CHANGED, Change, DiffReport, Manifest, ProductSummary, Revision

    m = Manifest("p", "depot:v1:d", "depot", "d", None, "f", None, 1, "")
    report = DiffReport(Revision("HEAD", "b" * 40), Revision("working tree", None), "dev",
                        (ProductSummary("p", CHANGED, (0, 0, 1, 0)),), (Change(CHANGED, m, m, "-a\n+b\n"),), (), (), ())
    assert "\x1b[32m+b\x1b[0m" in render(report, True)
    assert "\x1b" not in render(report, False)
