"""The file system: links and paths leading out of the repository, unsafe output folders, and
proof by snapshot that a hostile build writes nothing but the output folder it owns.

The expected lint output of the hostile repository is data: tests/cases/robust/*/expected.txt.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from robust import REPO, check_sane, run_main, snapshot

CASES = REPO / "tests" / "cases" / "robust"
SQL = "SELECT 1\n"


def hostile_repo(base: Path) -> Path:
    """A repository whose product reads out of it in every way a pull request could try."""
    repo, outside = base / "repo", base / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.sql").write_text("SELECT 'outside-secret-value'\n")
    (outside / "folder" / "depot.yaml").write_text("name: outside\ntype: depot\n")
    shutil.copytree(REPO / "tests" / "cases" / "build" / "include-outside", repo,
                    ignore=shutil.ignore_patterns("expected.txt"))
    p = repo / "products" / "p"
    (p / "sql").mkdir()
    (p / "sql" / "q.sql").write_text(SQL)
    os.symlink("/etc/passwd", p / "passwd.yaml")
    os.symlink("../../../outside/folder", p / "linked-folder")
    os.symlink("../../../outside/folder/depot.yaml", p / "linked.yaml")
    os.symlink("../../../../outside/secret.sql", p / "sql" / "linked.sql")
    os.symlink("..", p / "loop")  # back into the repository: walked once, never forever
    flare = (p / "flare.yaml").read_text()
    (p / "flare.yaml").write_text(flare.replace("sql/missing.sql", "products/p/sql/linked.sql"))
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return hostile_repo(tmp_path)


def test_links_and_paths_leading_out_are_refused(repo: Path) -> None:
    run = run_main("lint", cwd=repo)
    check_sane(run)
    assert run.stdout == (CASES / "link-outside" / "expected.txt").read_text()
    assert "outside-secret-value" not in run.stdout + run.stderr


def test_a_product_root_that_is_a_link_out_is_not_walked(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "dpc.yaml").write_text("products: [products]\n")
    os.symlink("/", tmp_path / "repo" / "products")  # walking it would read the whole machine
    run = run_main("lint", cwd=tmp_path / "repo")
    assert (run.exit_code, run.stdout) == (
        1, "products:1:1: error Y012 the folder is a symbolic link leading outside the repository; not read\n")


def test_a_build_refuses_to_read_through_links(repo: Path) -> None:
    run = run_main("build", cwd=repo)
    check_sane(run)
    assert run.exit_code == 1
    assert ("products/p/flare.yaml:16:41: error T005 sqlFile 'products/p/sql/linked.sql' leaves the repository"
            in run.stdout.splitlines())
    assert not (repo / "dist").exists()


@pytest.mark.parametrize("where", ["root", "home", "repository", "holder", "non-empty", "a-file", "link-out"])
def test_unsafe_output_folders_are_refused(tmp_path: Path, where: str, monkeypatch) -> None:
    repo = tmp_path / "home" / "repo"
    shutil.copytree(REPO / "tests" / "cases" / "build" / "unknown-port", repo,
                    ignore=shutil.ignore_patterns("expected.txt"))
    (repo / "products" / "p" / "product.yaml").write_text("product: p\ndomain: Sales\n"
                                                          "inputs: [dataset:lakehouse:retail:customer]\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("keep me\n")
    (tmp_path / "file").write_text("x\n")
    (tmp_path / "empty").mkdir()
    os.symlink(tmp_path / "empty", repo / "dist")  # the default output folder, through a link leading out
    out = {"root": "/", "home": "~", "repository": ".", "holder": "..", "non-empty": str(tmp_path / "busy"),
           "a-file": str(tmp_path / "file"), "link-out": None}[where]
    before = snapshot(tmp_path)
    run = run_main("build", *(["--out", os.path.expanduser(out)] if out else []), cwd=repo)
    shown = {"root": "/", "home": tmp_path / "home", "repository": repo, "holder": tmp_path / "home",
             "non-empty": tmp_path / "busy", "a-file": tmp_path / "file", "link-out": repo / "dist" / "default"}
    expected = {
        "a-file": f"dpc: refusing to write the build into {shown[where]}: it is not a folder\n",
        "non-empty": f"dpc: refusing to replace {shown[where]}: the folder is not empty and was not written by dpc "
                     "(it has no .dpc-build marker)\n",
        "link-out": f"dpc: refusing to write the build outside the repository ({tmp_path / 'empty' / 'default'}); "
                    "pass --out to do so\n",
    }.get(where, f"dpc: refusing to write the build into {shown[where]}: it is the file system root, the home folder "
                 "or holds the repository\n")
    assert (run.exit_code, run.stderr.splitlines()[0] + "\n") == (2, expected), run
    assert snapshot(tmp_path) == before


def test_a_hostile_build_writes_only_its_output_folder(tmp_path: Path) -> None:
    repo = hostile_repo(tmp_path)
    flare = repo / "products" / "p" / "flare.yaml"  # a clean product first, so that the build writes
    flare.write_text("\n".join(line for line in flare.read_text().splitlines() if "sqlFile" not in line
                               or "a1" in line).replace("../../../../etc/passwd", "products/p/sql/q.sql") + "\n")
    for link in ("passwd.yaml", "linked-folder", "linked.yaml"):
        (repo / "products" / "p" / link).unlink()
    (tmp_path / "outside" / "build").mkdir()
    (tmp_path / "outside" / "build" / "keep.txt").write_text("not dpc's\n")
    before = snapshot(tmp_path)
    runs = [run_main("build", cwd=repo), run_main("build", "--out", str(tmp_path / "outside" / "build"), cwd=repo),
            run_main("build", "--out", str(tmp_path / "outside" / "new"), cwd=repo), run_main("build", cwd=repo)]
    for run in runs:
        check_sane(run)
    after = snapshot(tmp_path)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    owned = (str(repo / "dist"), str(tmp_path / "outside" / "new"))
    assert [r.exit_code for r in runs] == [0, 2, 0, 0]
    assert sorted(p for p in changed if not p.startswith(owned)) == []
    assert (tmp_path / "outside" / "build" / "keep.txt").read_text() == "not dpc's\n"
