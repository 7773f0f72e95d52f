"""The example products build, for two environments, into exactly the files under tests/golden/<env>/.

Regenerate with ``python tests/regen_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

GOLDEN = REPO / "tests" / "golden"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_golden_build_is_up_to_date(dpc, env: str) -> None:
    run = dpc("build", "--env", env, "--check", "--out", str(GOLDEN / env))
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr == f"dpc: tests/golden/{env} is up to date\n"


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_every_product_builds_with_no_findings(dpc, tmp_path: Path, env: str) -> None:
    run = dpc("build", "--env", env, "--out", str(tmp_path / env))
    assert run.exit_code == 0
    out = tmp_path / env
    assert run.stdout.splitlines() == [
        f"{out}/customer-churn: 7 manifests written",
        f"{out}/marketing-360: 3 manifests written",
        f"{out}/product-affinity: 7 manifests written",
        f"{out}/sales-360: 8 manifests written",
    ]
    assert tree(out) == tree(GOLDEN / env)


def _copy_repo(dest: Path, reverse: bool) -> Path:
    """The example repository, files created in sorted or reversed order (directory order differs)."""
    files = sorted(p for d in ("products", "environments") for p in (REPO / d).rglob("*") if p.is_file()
                   and "build" not in p.relative_to(REPO).parts[:1])
    for f in reversed(files) if reverse else files:
        target = dest / f.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    (dest / ".git").mkdir()
    return dest


def test_builds_are_byte_identical_across_processes_seeds_and_discovery_order(dpc_process, tmp_path: Path) -> None:
    outputs = []
    for i, (seed, reverse) in enumerate([("0", False), ("4242", True), ("random", True)]):
        repo = _copy_repo(tmp_path / f"repo{i}", reverse)
        run = dpc_process("build", "--env", "prod", cwd=repo, env={"PYTHONHASHSEED": seed})
        assert run.exit_code == 0, run
        outputs.append(tree(repo / "dist" / "prod"))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0] == tree(GOLDEN / "prod")


def test_build_does_not_depend_on_the_order_files_are_found(dpc, tmp_path: Path, monkeypatch) -> None:
    from compiler.pipeline import repository

    found = repository.discover
    monkeypatch.setattr(repository, "discover", lambda targets, cwd: list(reversed(found(targets, cwd))))
    run = dpc("build", "--env", "dev", "--out", str(tmp_path / "dev"))
    assert run.exit_code == 0
    assert tree(tmp_path / "dev") == tree(GOLDEN / "dev")


def test_no_build_output_is_left_in_the_repository(dpc) -> None:
    assert not any(n.startswith(".dev.dpc-") or n.startswith(".prod.dpc-") for n in os.listdir(GOLDEN))
