"""Every path from user input stays in the repository (issue 16, compiler/load/confine.py): nothing
outside is read, printed or written, and each refusal is one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REPO
from diffrepo import EXAMPLES, edit, git, make_repo

SECRET = "OUTSIDE-SECRET-VALUE"
CASE = REPO / "tests" / "cases" / "robust" / "environments-outside" / "expected.txt"  # the code's case (test_cases)
Y013 = CASE.read_text(encoding="utf-8").replace("dpc.yaml:2:15", "dpc.yaml:3:15").replace(
    "leaves the repository", "{why}")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "dev.yaml").write_text(f'tenant: acme\nvars:\n  campaigndb_host: "{{{{ {SECRET} }}}}"\n',
                                      encoding="utf-8")
    (outside / "products").mkdir()
    return make_repo(tmp_path / "repo", EXAMPLES)


def _all_output(run) -> str:
    return run.stdout + run.stderr


@pytest.mark.parametrize("folder, why, files", [
    ("ABS", "leaves the repository", 47),  # the default folder environments/ applies instead
    ("../outside", "leaves the repository", 47),
    ("envs", "leads outside the repository through a symbolic link", 45),  # nothing of envs/ is read
])
def test_an_environments_folder_outside_is_a_finding_and_never_read(dpc, repo: Path, folder: str,
                                                                    why: str, files: int) -> None:
    outside = repo.parent / "outside"
    if folder == "envs":
        (repo / "envs").symlink_to(outside)
    edit(repo / "dpc.yaml", "environments: environments", f"environments: {outside if folder == 'ABS' else folder}")
    lint = dpc("lint", cwd=repo)
    assert (lint.exit_code, lint.stdout) == (1, Y013.format(why=why))
    assert lint.stderr == f"dpc: 1 error in {files} files checked\n"
    for args in (("lint", "--format", "github"), ("lint", "--format", "json"), ("build", "--check"), ("build",)):
        run = dpc(*args, cwd=repo)
        assert run.exit_code == 1 and SECRET not in _all_output(run) and "Y013" in _all_output(run)
    assert not (repo / "build").exists()


@pytest.mark.parametrize("name", ["../../outside/dev", "/etc/passwd", "..", ".hidden"])
def test_an_env_name_with_a_folder_is_unknown(dpc, repo: Path, name: str) -> None:
    for args in (("build",), ("diff",)):
        run = dpc(*args, "--env", name, cwd=repo)
        assert (run.exit_code, run.stdout, run.stderr) == (
            2, "", f"dpc: error G006 unknown environment '{name}'; environments/ holds: dev, prod\n")


def test_a_default_environment_with_a_folder_is_never_read(dpc, repo: Path) -> None:
    edit(repo / "dpc.yaml", "defaultEnvironment: dev", "defaultEnvironment: ../../outside/dev")
    run = dpc("build", "--check", cwd=repo)
    assert run.exit_code == 1 and SECRET not in _all_output(run)
    assert "dpc.yaml:4:21: error S008 '../../outside/dev' does not match the format of defaultEnvironment" \
        in run.stdout


@pytest.mark.parametrize("value, shown", [
    ("a\\0b.sql", "sqlFile 'a\\0b.sql' names no file: the path contains a NUL byte"),
    ("x" * 5000, "sqlFile '" + "x" * 60 + "...' names no file: the path is 5,000 characters long, more than 4,096"),
    ("d/" + "y" * 300 + ".sql", "sqlFile 'd/" + "y" * 58 + "...' names no file: the path has a name longer than "
     "255 bytes"),
])
def test_an_unusable_sql_file_path_is_a_finding(dpc, repo: Path, value: str, shown: str) -> None:
    flow = repo / "products/marketing-360/build/campaign_performance.yaml"
    edit(flow, "sqlFile: products/marketing-360/build/sql/campaign_performance.sql", f'sqlFile: "{value}"')
    run = dpc("lint", cwd=repo)
    assert run.exit_code == 1 and "internal error" not in _all_output(run)
    assert f"products/marketing-360/build/campaign_performance.yaml:24:30: error T006 {shown}\n" in run.stdout


def test_schema_export_never_deletes_through_a_committed_link(dpc, repo: Path) -> None:
    (repo / ".dpc").mkdir()
    (repo / ".dpc" / "schemas").symlink_to(repo / "products")
    (repo / "products" / ".dpc-schemas").write_text("dpc schema export\nREADME.md\nmarketing-360/product.yaml\n"
                                                    "dataos/x.json\n", encoding="utf-8")
    git(repo, "add", "-A")
    before = {p: p.read_bytes() for p in (repo / "products").rglob("*") if p.is_file()}
    run = dpc("schema", "export", ".dpc/schemas", cwd=repo)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (f"dpc: refusing to export into {repo}/.dpc/schemas: {repo}/.dpc/schemas is a symbolic "
                          "link; nothing written\n")
    assert {p: p.read_bytes() for p in (repo / "products").rglob("*") if p.is_file()} == before


def test_init_never_writes_through_a_product_root_leaving_the_repository(dpc, repo: Path) -> None:
    outside = repo.parent / "outside" / "products"
    (repo / "elsewhere").symlink_to(outside)
    edit(repo / "dpc.yaml", "products: [products]", "products: [elsewhere]")
    run = dpc("init", "fresh-product", cwd=repo)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ("dpc: refusing to write elsewhere/fresh-product/: the path leads outside the repository "
                          "through a symbolic link; nothing written\n")
    assert list(outside.iterdir()) == []


def test_the_default_build_folder_never_leads_outside(dpc, repo: Path) -> None:
    outside = repo.parent / "outside" / "built"
    outside.mkdir()
    (repo / "dist").symlink_to(outside)
    run = dpc("build", cwd=repo)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == (f"dpc: refusing to write the build outside the repository ({outside}/dev); pass --out "
                          "to do so\n")
    assert list(outside.iterdir()) == []
    assert os.path.islink(repo / "dist")


def test_an_absolute_environments_folder_case(dpc, repo: Path) -> None:
    (repo / "dpc.yaml").write_text("products: [products]\nenvironments: /etc\n", encoding="utf-8")
    run = dpc("lint", cwd=repo)
    assert (run.exit_code, run.stdout) == (1, CASE.read_text(encoding="utf-8"))
