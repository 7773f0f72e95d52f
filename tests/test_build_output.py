"""The build folder: atomic replacement, --check, and the folders dpc refuses to touch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_build_golden import tree

PRODUCT = """\
product: shop
domain: Retail
inputs: [dataset:lakehouse:retail:orders]
"""
SECRET = """\
name: shop-r
type: instance-secret
description: '{{ env.name }} credentials'
instance-secret: {type: key-value, acl: r, data: {k: '${SHOP_K}'}}
---
name: shop
type: depot
depot:
  type: POSTGRESQL
  external: true
  secrets: [{name: shop-r, allkeys: true}]
  postgresql: {host: h, port: 5432, database: shop}
"""


def make_repo(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "products" / "shop").mkdir(parents=True)
    (root / "products" / "shop" / "product.yaml").write_text(PRODUCT)
    (root / "products" / "shop" / "depot.yaml").write_text(SECRET)
    return root


def test_first_build_writes_marker_manifests_and_index(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    run = dpc("build", cwd=repo)
    assert (run.exit_code, run.stdout) == (0, "dist/default/shop: 3 manifests written\n")
    assert sorted(tree(repo / "dist" / "default")) == [
        ".dpc-build", "shop/01-bundle-shop-bundle.yaml", "shop/02-data-product-shop.yaml",
        "shop/03-workflow-scan-dp-shop.yaml", "shop/index.json"]
    assert dpc("build", cwd=repo).stdout == "dist/default/shop: 3 manifests unchanged\n"


def test_a_failing_build_leaves_the_previous_build_intact(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert dpc("build", cwd=repo).exit_code == 0
    before = tree(repo / "dist")
    (repo / "products" / "shop" / "depot.yaml").write_text(SECRET.replace("env.name", "env.nme"))
    run = dpc("build", cwd=repo)
    assert run.exit_code == 1
    assert run.stdout == ("products/shop/depot.yaml:3:14: error T001 undefined name 'env.nme' in template; env has: "
                          "layer, name, owner, query, runnable, schedules, tenant, workspace; did you mean 'name'?\n")
    assert tree(repo / "dist") == before


def test_a_write_failing_halfway_leaves_the_previous_build_intact(dpc, tmp_path: Path, monkeypatch) -> None:
    from compiler.emit import write
    repo = make_repo(tmp_path)
    assert dpc("build", cwd=repo).exit_code == 0
    before = tree(repo / "dist")
    (repo / "products" / "shop" / "product.yaml").write_text(PRODUCT + "description: changed\n")

    def broken(tmp: Path, out: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "_swap", broken)
    run = dpc("build", cwd=repo)
    assert run.exit_code == 2  # an environment error, not a finding
    assert run.stderr == f"dpc: cannot write {repo}/dist/default: [Errno 28] No space left on device\n"
    assert tree(repo / "dist") == before  # and no temporary folder is left next to it


def test_check_exit_codes_and_listing(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    first = dpc("build", "--check", cwd=repo)
    assert first.exit_code == 1
    assert first.stdout.splitlines() == [f"dist/default/shop/{n}: missing" for n in (
        "01-bundle-shop-bundle.yaml", "02-data-product-shop.yaml", "03-workflow-scan-dp-shop.yaml", "index.json")]
    assert dpc("build", cwd=repo).exit_code == 0
    clean = dpc("build", "--check", cwd=repo)
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "", "dpc: dist/default is up to date\n")
    out = repo / "dist" / "default" / "shop"
    (out / "02-data-product-shop.yaml").write_text("edited\n")
    (out / "stray.yaml").write_text("x: 1\n")
    stale = dpc("build", "--check", cwd=repo)
    assert stale.exit_code == 1
    assert stale.stdout == ("dist/default/shop/02-data-product-shop.yaml: differs\n"
                            "dist/default/shop/stray.yaml: extra\n")
    assert stale.stderr == "dpc: dist/default is out of date\n"


@pytest.mark.parametrize("where", ["repo-root", "non-empty", "home"])
def test_refused_output_folders(dpc, tmp_path: Path, where: str, monkeypatch) -> None:
    repo = make_repo(tmp_path / "repo")
    target = {"repo-root": repo, "non-empty": repo / "docs", "home": tmp_path / "home"}[where]
    target.mkdir(exist_ok=True)
    (target / "keep.txt").write_text("mine\n")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    run = dpc("build", "--out", str(target), cwd=repo)
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("dpc: refusing to ")
    assert (target / "keep.txt").read_text() == "mine\n"


def test_explicit_out_outside_the_repository_is_allowed(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    run = dpc("build", "--out", str(tmp_path / "elsewhere"), cwd=repo)
    assert (run.exit_code, run.stdout) == (0, f"{tmp_path}/elsewhere/shop: 3 manifests written\n")


def test_unknown_environment_and_product_are_usage_errors(dpc, tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    (repo / "environments").mkdir()
    (repo / "environments" / "prod.yaml").write_text("tenant: t\n")
    run = dpc("build", "--env", "prd", cwd=repo)
    assert (run.exit_code, run.stderr) == (2, "dpc: error G006 unknown environment 'prd'; did you mean 'prod'?; "
                                              "environments/ holds: prod\n")
    run = dpc("build", "shpo", cwd=repo)
    assert (run.exit_code, run.stderr) == (2, "dpc: unknown product 'shpo'; did you mean 'shop'?; products: shop\n")


def _shop_and_cart(tmp_path: Path) -> Path:
    """The repository of :func:`make_repo` with a second product, ``cart``."""
    repo = make_repo(tmp_path)
    (repo / "products" / "cart").mkdir()
    (repo / "products" / "cart" / "product.yaml").write_text(PRODUCT.replace("shop", "cart"))
    (repo / "products" / "cart" / "depot.yaml").write_text(SECRET.replace("shop", "cart").replace("SHOP", "CART"))
    return repo


def test_a_rebuild_rewrites_only_the_outputs_that_changed(dpc, tmp_path: Path) -> None:
    """Unchanged outputs keep their file (inode and modification time) across a rebuild; changed ones are new."""
    repo = _shop_and_cart(tmp_path)
    assert dpc("build", cwd=repo).exit_code == 0
    out = repo / "dist" / "default"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(out.rglob("*.yaml"))}
    (repo / "products" / "cart" / "product.yaml").write_text(PRODUCT.replace("shop", "cart").replace("Retail", "Web"))
    run = dpc("build", cwd=repo)
    assert run.exit_code == 0, run.stdout
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(out.rglob("*.yaml"))}
    kept = sorted(p.relative_to(out).as_posix() for p in after if after[p] == before.get(p))
    assert kept == ["shop/01-bundle-shop-bundle.yaml", "shop/02-data-product-shop.yaml",
                    "shop/03-workflow-scan-dp-shop.yaml"]
    assert "DPDomain.Web" in (out / "cart" / "02-data-product-cart.yaml").read_text()  # the domain is in all three


def test_a_deleted_products_output_folder_goes_with_the_next_build(dpc, tmp_path: Path) -> None:
    """A product folder deleted from the repository is out of date for --check and gone after the next build."""
    repo = _shop_and_cart(tmp_path)
    assert dpc("build", cwd=repo).exit_code == 0
    shutil.rmtree(repo / "products" / "cart")
    run = dpc("build", "--check", cwd=repo)
    assert (run.exit_code, run.stdout, run.stderr) == (1, "dist/default/cart: extra\n",
                                                       "dpc: dist/default is out of date\n")
    run = dpc("build", cwd=repo)
    assert (run.exit_code, run.stdout) == (0, "dist/default/shop: 3 manifests written\n")
    assert sorted(tree(repo / "dist" / "default")) == [
        ".dpc-build", "shop/01-bundle-shop-bundle.yaml", "shop/02-data-product-shop.yaml",
        "shop/03-workflow-scan-dp-shop.yaml", "shop/index.json"]
