"""includes.locate, the one ``file:`` path rule, on a real tree: every kind of text (relative forms, ``..``,
absolute forms, links inside and out of the repository) gets its whole resolution, with and without the
per-run memo of real folders that the resolver passes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compiler.load.includes import (
    ABSOLUTE,
    MISSING,
    OUTSIDE,
    PRODUCT,
    RELATIVE,
    ROOT,
    FileResolution,
    _real_folder,
    locate,
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for rel in ("top.sql", "products/p/build/q.sql", "products/p/deploy/own.sql", "products/p/deploy/sub/x.sql"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("select 1\n", encoding="utf-8")
    (tmp_path / "secret.sql").write_text("x\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.sql", root / "products/p/deploy/out.sql")
    os.symlink(root / "top.sql", root / "products/p/deploy/in.sql")
    os.symlink(tmp_path, root / "products/p/deploy/away")
    return root


CASES = [  # text, status, found (from the repository root), from_root
    ("top.sql", ROOT, "top.sql", "top.sql"),
    ("./top.sql", ROOT, "top.sql", "top.sql"),
    ("products//p/build/q.sql", ROOT, "products/p/build/q.sql", "products/p/build/q.sql"),
    ("build/q.sql", PRODUCT, "products/p/build/q.sql", "products/p/build/q.sql"),
    ("build/../build/q.sql", PRODUCT, "products/p/build/q.sql", "products/p/build/q.sql"),
    ("own.sql", RELATIVE, "products/p/deploy/own.sql", "products/p/deploy/own.sql"),
    ("sub/x.sql/", RELATIVE, "products/p/deploy/sub/x.sql", "products/p/deploy/sub/x.sql"),
    ("in.sql", RELATIVE, "products/p/deploy/in.sql", "products/p/deploy/in.sql"),
    ("out.sql", OUTSIDE, None, "out.sql"),
    ("away/secret.sql", OUTSIDE, None, "away/secret.sql"),
    ("../../../../secret.sql", OUTSIDE, None, "../../../../secret.sql"),
    ("../own.sql", OUTSIDE, None, "../own.sql"),  # from the root it leaves the repository: refused
    ("nope.sql", MISSING, None, "nope.sql"),
    ("", MISSING, None, ""),
    ("/etc/passwd", ABSOLUTE, None, "/etc/passwd"),
    ("//host/x", ABSOLUTE, None, "//host/x"),
    ("\\x.sql", ABSOLUTE, None, "\\x.sql"),
    ("~/x.sql", ABSOLUTE, None, "~/x.sql"),
    ("C:x.sql", ABSOLUTE, None, "C:x.sql"),
]


@pytest.mark.parametrize("memo", [False, True])
@pytest.mark.parametrize(("text", "status", "found", "from_root"), CASES)
def test_locate_answers_every_form_of_path(tree: Path, memo: bool, text: str, status: str, found: str | None,
                                           from_root: str) -> None:
    manifest_dir = tree / "products/p/deploy"
    tried = () if status == ABSOLUTE else (tree, tree / "products/p", manifest_dir)
    expected = FileResolution(status, tree / found if found else None, from_root, tried)
    assert locate(text, tree, manifest_dir, real_dirs={} if memo else None) == expected


def test_locate_a_folder(tree: Path) -> None:
    manifest_dir = tree / "products/p/deploy"
    tried = (tree, tree / "products/p", manifest_dir)
    assert locate("sub", tree, manifest_dir, want_dir=True) == FileResolution(RELATIVE, manifest_dir / "sub",
                                                                              "products/p/deploy/sub", tried)
    assert locate("sub", tree, manifest_dir) == FileResolution(MISSING, None, "sub", tried)


def test_a_folder_s_real_path_is_the_one_the_operating_system_gives(tmp_path: Path) -> None:
    """The memo's real path of a folder (its parent's real path plus its name when it is no link) equals
    os.path.realpath for folders under links at every level, links leading out, and folders that do not exist."""
    (tmp_path / "repo/a/b/c").mkdir(parents=True)
    (tmp_path / "elsewhere/d").mkdir(parents=True)
    (tmp_path / "repo/link").symlink_to(tmp_path / "repo/a/b")
    (tmp_path / "repo/a/out").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "repo/a/b/c/up").symlink_to("../..")
    memo: dict[Path, Path] = {}
    for rel in ("repo", "repo/a/b/c", "repo/link", "repo/link/c", "repo/link/c/up", "repo/link/c/up/b/c",
                "repo/a/out/d", "repo/a/out/d/missing/deeper", "repo/missing", "repo/link/missing"):
        folder = tmp_path / rel
        assert _real_folder(folder, memo) == Path(os.path.realpath(folder)), rel
        assert _real_folder(folder, None) == Path(os.path.realpath(folder)), rel
