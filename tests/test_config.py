"""dpc.yaml (rule severities, families, ignore globs) and inline suppressions, in real git repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from casekit import lint_inputs

INVALID = lint_inputs()  # every lint case side by side, as tests/cases/invalid held them


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "products" / "orders").mkdir(parents=True)
    (tmp_path / "products" / "legacy").mkdir(parents=True)
    shutil.copy(INVALID / "unknown-stack.yaml", tmp_path / "products" / "orders" / "stack.yaml")
    shutil.copy(INVALID / "unknown-version.yaml", tmp_path / "products" / "legacy" / "depot.yaml")
    return tmp_path


STACK = ("products/orders/stack.yaml:8:16: {} S013 unknown stack 'flair:7.0'; did you mean 'flare'?\n"
         "  hint: stacks are written name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0\n")
DEPOT = ("products/legacy/depot.yaml:2:10: {} S002 depot has no version 'v2'; it has: v2alpha, v1\n"
         "  hint: use 'version: v2alpha' (current)\n")


def test_without_dpc_yaml_the_defaults_apply(dpc, repo: Path) -> None:
    run = dpc("lint", cwd=repo)
    assert (run.exit_code, run.stdout) == (1, DEPOT.format("error") + STACK.format("warning"))


def test_severities_per_code_and_per_family_and_ignored_paths(dpc, repo: Path) -> None:
    (repo / "dpc.yaml").write_text("rules:\n  S: warning\n  S013: error\nignore:\n  - products/legacy\n")
    run = dpc("lint", cwd=repo)
    assert (run.exit_code, run.stdout) == (1, STACK.format("error"))
    assert run.stderr == "dpc: 1 error in 1 file checked\n"


def test_a_code_turned_off_is_gone_and_a_glob_ignores_files(dpc, repo: Path) -> None:
    (repo / "dpc.yaml").write_text("rules:\n  S013: off\nignore: ['**/depot.yaml']\n")
    run = dpc("lint", cwd=repo)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "dpc: 1 file checked, no findings\n")


def test_a_broken_dpc_yaml_is_reported_with_positions_and_the_rest_applies(dpc, repo: Path) -> None:
    (repo / "dpc.yaml").write_text("rules:\n  S066: off\n  S013: loud\n  s002: off\n  S002: info\n"
                                   "ignore: products/legacy\ncolour: true\n")
    run = dpc("lint", cwd=repo)
    assert run.stdout == (
        "dpc.yaml:2:3: warning P004 rules: dpc has no code 'S066'; did you mean 'S006'?\n"
        "  hint: 'dpc rules' lists every code\n"
        "dpc.yaml:3:9: error S005 'loud' is not an allowed value for rules.S013; allowed: off, error, warning, info\n"
        "dpc.yaml:4:3: error S008 key 's002' in rules does not match ^[A-Z]([0-9]{3})?$\n"
        "  hint: rules: A diagnostic code such as S006, or a stage letter such as S for the whole family.\n"
        "dpc.yaml:6:9: error S004 ignore must be a list, not a string\n"
        "  hint: ignore: Glob patterns, relative to the repository root, of files dpc never reads.\n"
        "dpc.yaml:7:1: error S006 unknown key 'colour'\n"
        "  hint: allowed keys: $schema, defaultEnvironment, environments, ignore, maxFileSize, output, overrides, "
        "products, "
        "rules\n"
        + DEPOT.format("info") + STACK.format("warning")
    )
    assert run.exit_code == 1


def test_dpc_yaml_sets_the_product_roots(dpc, repo: Path) -> None:
    (repo / "products").rename(repo / "data-products")
    (repo / "dpc.yaml").write_text("products: [data-products]\nrules: {S002: off}\n")
    (repo / "notes.yaml").write_text("name: x\ntype: nosuchtype\n")  # outside the product roots: not read
    run = dpc("lint", cwd=repo)
    assert run.stdout == STACK.format("warning").replace("products/", "data-products/")
    assert run.stderr == "dpc: 1 warning in 2 files checked\n"


def test_inline_suppressions_on_the_line_and_above(dpc, repo: Path) -> None:
    stack = repo / "products" / "orders" / "stack.yaml"
    stack.write_text(stack.read_text().replace("stack: flair:7.0", "stack: flair:7.0  # dpc: ignore[S013] custom"))
    depot = repo / "products" / "legacy" / "depot.yaml"
    depot.write_text(depot.read_text().replace("version:", "# dpc: ignore[S002,S007] waiting for v2 support\nversion:"))
    run = dpc("lint", cwd=repo)
    assert run.stdout == (
        "products/legacy/depot.yaml:2:1: warning P003 ignore[S002,S007] suppresses nothing: no S007 finding on "
        "line 3\n"
        "  hint: delete the comment, or move it next to the finding\n"
    )
    assert run.exit_code == 0


def test_a_suppressed_code_turned_off_in_dpc_yaml_counts_as_unused(dpc, repo: Path) -> None:
    (repo / "dpc.yaml").write_text("rules: {S013: off, P003: info}\nignore: [products/legacy]\n")
    stack = repo / "products" / "orders" / "stack.yaml"
    stack.write_text(stack.read_text().replace("stack: flair:7.0", "stack: flair:7.0  # dpc: ignore[S013] custom"))
    run = dpc("lint", cwd=repo)
    assert run.stdout == (
        "products/orders/stack.yaml:8:27: info P003 ignore[S013] suppresses nothing: no S013 finding on line 8\n"
        "  hint: delete the comment, or move it next to the finding\n"
    )


def test_max_file_size_from_dpc_yaml_and_the_flag_overrides_it(dpc, tmp_path) -> None:
    (tmp_path / "dpc.yaml").write_text("products: [products]\nmaxFileSize: 100\n")
    (tmp_path / "products" / "p").mkdir(parents=True)
    (tmp_path / "products" / "p" / "big.yaml").write_text("name: salesdb\ndescription: " + "x" * 200 + "\n")
    run = dpc("lint", cwd=tmp_path)
    assert run.stdout == "products/p/big.yaml:1:1: error Y009 the file has 228 bytes, more than the limit of 100\n"
    run = dpc("lint", "--max-file-size", "1000", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (0, "")
