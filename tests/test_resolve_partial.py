"""Partial runs, as pre-commit makes them: only some files are named, the whole product root is
resolved, and what the named files break elsewhere is reported. Real git repositories in tmp dirs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "products", tmp_path / "products")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "products")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unrelated_scope_file_hides_other_files_findings(dpc, repo: Path) -> None:
    flare = repo / "products/sales-360/build/flare/orders_enriched.yaml"
    edit(flare, "dataos://salesdb:public/orders\n", "dataos://nowhere:public/orders\n")
    run = dpc("lint", "products/sales-360/observability/pager/orders_workflow_pager.yaml", cwd=repo)
    assert (run.exit_code, run.stdout) == (0, "")


def test_renamed_depot_is_reported_where_it_is_used(dpc, repo: Path) -> None:
    depot = repo / "products/sales-360/depot/salesdb.yaml"
    edit(depot, "name: salesdb\n", "name: salesdb2\n")
    run = dpc("lint", "products/sales-360/depot/salesdb.yaml", cwd=repo)
    assert run.stdout.splitlines()[::2] == [  # one finding per missing name, every use as related
        "products/sales-360/build/flare/orders_enriched.yaml:40:26: error R001 depot 'salesdb' (from "
        "dataos://salesdb:public/orders) is not defined in products/ nor in the built-in platform catalogue; "
        "did you mean 'salesdb2'? (used 7 times; also at products/sales-360/build/flare/orders_enriched.yaml:44:26, "
        "products/sales-360/build/flare/orders_enriched.yaml:48:26, "
        "products/sales-360/deploy/data_product_spec.yaml:34:14, "
        "products/sales-360/deploy/data_product_spec.yaml:37:14, "
        "products/sales-360/deploy/data_product_spec.yaml:40:14 and 1 more)",
    ]
    assert run.exit_code == 1


def test_staged_deletion_is_reported_where_it_is_used(dpc, repo: Path) -> None:
    git(repo, "rm", "-q", "products/sales-360/lens/git_secret_r.yaml")
    run = dpc("lint", "products/sales-360/bundle/bundle.yaml", cwd=repo)
    assert run.stdout == (
        "products/sales-360/lens/deployment.yaml:13:13: error R001 instance secret 'sales360-git-r' is not "
        "defined in products/ nor in the built-in platform catalogue\n"
        "  hint: define an instance secret named 'sales360-git-r' in the repository, or list it under "
        "'instanceSecrets' in platform.yaml\n")
    assert run.exit_code == 1


def test_deletion_without_git_is_not_guessed(dpc, repo: Path) -> None:
    shutil.rmtree(repo / ".git")
    (repo / "dpc.yaml").write_text("products: [products]\n", encoding="utf-8")
    (repo / "products/sales-360/lens/git_secret_r.yaml").unlink()
    run = dpc("lint", "products/sales-360/bundle/bundle.yaml", cwd=repo)
    assert (run.exit_code, run.stdout) == (0, "")


def test_rename_without_git_is_found_by_closeness(dpc, repo: Path) -> None:
    shutil.rmtree(repo / ".git")
    (repo / "dpc.yaml").write_text("products: [products]\n", encoding="utf-8")
    edit(repo / "products/sales-360/lens/git_secret_r.yaml", "name: sales360-git-r\n", "name: sales360-git-ro\n")
    run = dpc("lint", "products/sales-360/lens/git_secret_r.yaml", cwd=repo)
    assert run.stdout.splitlines()[0] == (
        "products/sales-360/lens/deployment.yaml:13:13: error R001 instance secret 'sales360-git-r' is not "
        "defined in products/ nor in the built-in platform catalogue; did you mean 'sales360-git-ro'?")


def test_scope_file_findings_are_reported(dpc, repo: Path) -> None:
    edit(repo / "products/sales-360/bundle/bundle.yaml", "        - orders-quality\n", "        - orders-qualty\n")
    run = dpc("lint", "products/sales-360/bundle/bundle.yaml", cwd=repo)
    assert run.stdout == (
        "products/sales-360/bundle/bundle.yaml:47:11: error R001 bundle resource id 'orders-qualty' is not "
        "defined in this bundle's resources; did you mean 'orders-quality'?\n")
