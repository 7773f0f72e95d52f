"""``dpc init``: a new product that lints and builds clean at once, and never overwrites a file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from compiler.cli import cli

LISTING = [
    "products/orders-360/build/access_control/orders_360_read.yaml",
    "products/orders-360/build/flare/orders_360.yaml",
    "products/orders-360/build/quality/orders_360_quality.yaml",
    "products/orders-360/build/sql/orders_360.sql",
    "products/orders-360/bundle/bundle.yaml",
    "products/orders-360/deploy/data_product_spec.yaml",
    "products/orders-360/deploy/scanner.yaml",
    "products/orders-360/depot/orders360db-r.yaml",
    "products/orders-360/depot/orders360db-rw.yaml",
    "products/orders-360/depot/orders360db.yaml",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts}


def test_init_creates_a_product_that_lints_clean(dpc, repo: Path) -> None:
    run = dpc("init", "orders-360", "--owner", "iamgroot", "--domain", "Sales", cwd=repo)
    assert (run.exit_code, run.stdout.splitlines()) == (0, LISTING)
    assert run.stderr == "dpc: created data product orders-360 (10 files); next: dpc lint\n"
    lint = dpc("lint", cwd=repo)
    assert (lint.exit_code, lint.stdout, lint.stderr) == (0, "", "dpc: 9 files checked, no findings\n")
    secret = (repo / "products/orders-360/depot/orders360db-rw.yaml").read_text()
    assert "    username: ${ORDERS360DB_RW_USERNAME}\n    password: ${ORDERS360DB_RW_PASSWORD}\n" in secret
    flare = (repo / "products/orders-360/build/flare/orders_360.yaml").read_text()
    assert "                    sqlFile: products/orders-360/build/sql/orders_360.sql\n" in flare
    spec = (repo / "products/orders-360/deploy/data_product_spec.yaml").read_text()
    assert "tags:\n  - DPDomain.Sales\n  - DPTier.Source Aligned\n" in spec
    assert "    collaborators:\n      - name: iamgroot\n        description: owner\n" in spec


def test_init_next_to_the_example_products_keeps_the_repository_clean(dpc, repo: Path) -> None:
    (repo / "dpc.yaml").write_text("products: [data-products]\n")
    (repo / "data-products").mkdir()
    assert dpc("init", "a1", cwd=repo).exit_code == 0
    assert dpc("init", "b-2", cwd=repo).exit_code == 0
    assert sorted(p.name for p in (repo / "data-products").iterdir()) == ["a1", "b-2"]
    assert (repo / "data-products/a1/depot/a1db.yaml").is_file()
    lint = dpc("lint", cwd=repo)
    assert (lint.exit_code, lint.stdout) == (0, "")


@pytest.mark.skipif("build" not in cli.commands, reason="dpc build does not exist yet")
def test_init_builds_clean(dpc, repo: Path) -> None:
    assert dpc("init", "orders-360", cwd=repo).exit_code == 0
    run = dpc("build", cwd=repo)
    assert run.exit_code == 0, run
    assert run.stdout.endswith("dist/default/orders-360: 6 manifests written\n")
    assert dpc("build", "--check", cwd=repo).exit_code == 0


def test_init_refuses_to_overwrite_and_writes_nothing(dpc, repo: Path) -> None:
    (repo / "products/orders-360/bundle").mkdir(parents=True)
    (repo / "products/orders-360/bundle/bundle.yaml").write_text("# mine\n")
    run = dpc("init", "orders-360", cwd=repo)
    assert (run.exit_code, run.stdout) == (2, "")
    assert run.stderr == ("dpc: refusing to overwrite 1 existing file, nothing written: "
                          "products/orders-360/bundle/bundle.yaml\n")
    assert files(repo) == {"products/orders-360/bundle/bundle.yaml": "# mine\n"}


@pytest.mark.parametrize("name, hint", [
    ("Orders_360", "; try 'orders-360'"),
    ("-orders", "; try 'orders'"),
    ("a" * 39, "; try '" + "a" * 38 + "'"),
])
def test_init_checks_the_product_name(dpc, repo: Path, name: str, hint: str) -> None:
    run = dpc("init", "--", name, cwd=repo)
    assert run.exit_code == 2
    assert run.stderr == (f"dpc: '{name}' is not a valid data product name: DataOS names allow lowercase letters, "
                          "digits and '-', starting and ending with a letter or digit, and dpc init keeps them to "
                          f"38 characters so that derived names fit in 48{hint}\n")
    assert files(repo) == {}


def test_depot_name_has_no_hyphen_and_starts_with_a_letter(dpc, repo: Path) -> None:
    assert dpc("init", "360-view", cwd=repo).exit_code == 0
    assert (repo / "products/360-view/depot/db360viewdb.yaml").is_file()
    assert dpc("lint", cwd=repo).stdout == ""


def test_init_declares_its_variables_in_every_environment_so_the_product_builds_clean(dpc, repo: Path) -> None:
    (repo / "environments").mkdir()
    (repo / "environments/dev.yaml").write_text(
        "# Development\ndescription: dev\n# set in CI\nsecrets:\n  - OTHER_PASSWORD  # another product's\n")
    (repo / "environments/prod.yaml").write_text("description: prod\nenv:\n  - ORDERS360DB_USERNAME\n")
    run = dpc("init", "orders-360", cwd=repo)
    assert (run.exit_code, run.stdout.splitlines()) == (0, LISTING)
    assert run.stderr == ("dpc: created data product orders-360 (10 files); declared its variables in "
                          "environments/dev.yaml, environments/prod.yaml; next: dpc lint\n")
    assert (repo / "environments/dev.yaml").read_text() == (
        "# Development\ndescription: dev\n# set in CI\nsecrets:\n  - OTHER_PASSWORD  # another product's\n"
        "  - ORDERS360DB_PASSWORD\n  - ORDERS360DB_RW_PASSWORD\n  - ORDERS360DB_RW_USERNAME\n"
        "  - ORDERS360DB_USERNAME\n")
    assert (repo / "environments/prod.yaml").read_text() == (
        "description: prod\nenv:\n  - ORDERS360DB_USERNAME\nsecrets:\n  - ORDERS360DB_PASSWORD\n"
        "  - ORDERS360DB_RW_PASSWORD\n  - ORDERS360DB_RW_USERNAME\n")
    for env in ("dev", "prod"):
        built = dpc("build", "--env", env, cwd=repo)
        assert (built.exit_code, built.stderr) == (0, ""), built
    again = dpc("init", "orders-361", cwd=repo)  # its own names are added, nothing twice
    assert again.exit_code == 0
    assert (repo / "environments/prod.yaml").read_text().count("ORDERS360DB_PASSWORD") == 1
