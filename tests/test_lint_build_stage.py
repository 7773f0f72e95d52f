"""``dpc lint`` (and so the pre-commit hook) reports the build-stage check that needs no output folder,
T007, at the line build reports it, and build reports it once: a real git repository with environments."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

_UNDECLARED = ("products/orders-360/depot/orders360db-r.yaml:15:15: error T007 ${NOPE_USER} is not declared by "
              "environment '{env}'\n  hint: add NOPE_USER to the secrets or env list of the environment file, so "
              "that the deployment knows to set it\n")


def undeclared(env: str) -> str:
    return _UNDECLARED.replace("{env}", env)


@pytest.fixture
def repo(tmp_path: Path, dpc_process) -> Path:
    """A git repository with dev and prod environments and one product scaffolded by ``dpc init``."""
    shutil.copy(REPO / "dpc.yaml", tmp_path / "dpc.yaml")
    shutil.copytree(REPO / "environments", tmp_path / "environments")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    made = dpc_process("init", "orders-360", "--owner", "iamgroot", "--domain", "Sales", cwd=tmp_path,
                       env={"DPC_NO_CACHE": "1"})
    assert made.exit_code == 0, made
    return tmp_path


def test_init_then_lint_and_build_are_clean_in_a_repository_with_environments(repo: Path, dpc_process) -> None:
    env = {"DPC_NO_CACHE": "1"}
    linted = dpc_process("lint", cwd=repo, env=env)
    assert (linted.exit_code, linted.stdout, linted.stderr) == (0, "", "dpc: 11 files checked, no findings\n")
    for name in ("dev", "prod"):
        built = dpc_process("build", "--env", name, cwd=repo, env=env)
        assert (built.exit_code, built.stdout, built.stderr) == (0, f"dist/{name}/orders-360: 6 manifests written\n",
                                                                 ""), built


def test_an_undeclared_variable_is_found_by_lint_at_builds_line_and_once_by_build(repo: Path, dpc_process) -> None:
    secret = repo / "products" / "orders-360" / "depot" / "orders360db-r.yaml"
    secret.write_text(secret.read_text().replace("${ORDERS360DB_USERNAME}", "${NOPE_USER}"))
    env = {"DPC_NO_CACHE": "1"}
    linted = dpc_process("lint", cwd=repo, env=env)
    assert (linted.exit_code, linted.stdout, linted.stderr) == (1, undeclared("dev"),
                                                                "dpc: 1 error in 11 files checked\n")
    built = dpc_process("build", cwd=repo, env=env)
    assert (built.exit_code, built.stdout, built.stderr) == (
        1, undeclared("dev"), "dpc: 1 error in 9 files checked\ndpc: nothing written: 1 error in 1 file; "
        "fix them or record them with dpc baseline\n")
    prod = dpc_process("build", "--env", "prod", cwd=repo, env=env)
    assert (prod.exit_code, prod.stdout) == (1, undeclared("prod"))
    staged = subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    assert staged.returncode == 0
    hook = dpc_process("lint", "--staged", cwd=repo, env=env)  # what the pre-commit hook runs
    assert (hook.exit_code, hook.stdout) == (1, undeclared("dev"))


def test_a_variable_in_an_included_sql_file_is_found_at_the_sqlfile_line(tmp_path: Path, dpc_process) -> None:
    shutil.copy(REPO / "dpc.yaml", tmp_path / "dpc.yaml")
    shutil.copytree(REPO / "environments", tmp_path / "environments")
    shutil.copytree(REPO / "products" / "marketing-360", tmp_path / "products" / "marketing-360")
    sql = tmp_path / "products" / "marketing-360" / "build" / "sql" / "campaign_performance.sql"
    sql.write_text(sql.read_text().replace("FROM campaign_events e", "FROM campaign_events_${NOPE_SUFFIX} e", 1))
    assert "${NOPE_SUFFIX}" in sql.read_text()
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    expected = ("products/marketing-360/build/campaign_performance.yaml:24:30: error T007 ${NOPE_SUFFIX} is not "
                "declared by environment 'dev'\n  hint: add NOPE_SUFFIX to the secrets or env list of the "
                "environment file, so that the deployment knows to set it\n")
    linted = dpc_process("lint", cwd=tmp_path, env={"DPC_NO_CACHE": "1"})
    assert (linted.exit_code, linted.stdout) == (1, expected)
    built = dpc_process("build", cwd=tmp_path, env={"DPC_NO_CACHE": "1"})
    assert (built.exit_code, built.stdout) == (1, expected)


def test_a_default_environment_without_a_file_is_found_by_lint_and_the_hook(repo: Path, dpc_process) -> None:
    config = repo / "dpc.yaml"
    config.write_text(config.read_text().replace("defaultEnvironment: dev", "defaultEnvironment: staging"))
    missing = ("dpc.yaml:4:1: error T008 defaultEnvironment 'staging' has no file environments/staging.yaml\n"
               "  hint: create the file or name another environment\n")
    env = {"DPC_NO_CACHE": "1"}
    linted = dpc_process("lint", cwd=repo, env=env)
    assert (linted.exit_code, linted.stdout, linted.stderr) == (1, missing, "dpc: 1 error in 11 files checked\n")
    built = dpc_process("build", cwd=repo, env=env)
    assert (built.exit_code, built.stdout) == (1, missing)  # once, though build runs the lint stages first
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    hook = dpc_process("lint", "--staged", cwd=repo, env=env)
    assert (hook.exit_code, hook.stdout) == (1, missing)
    prod = dpc_process("build", "--env", "prod", cwd=repo, env=env)  # an environment named: the default is moot
    assert prod.exit_code == 0, prod
