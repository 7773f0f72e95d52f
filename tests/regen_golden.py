"""Rewrite the build goldens from dpc's current output. Review the diff before committing!

- tests/golden/<env>/: ``dpc build --env <env>`` of the repository's example products;
- tests/cases/build/<case>/expected.txt: stdout of ``dpc build`` inside each case folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from compiler.cli import cli  # noqa: E402

REPO = HERE.parent
GOLDEN = HERE / "golden"
BUILD_CASES = HERE / "cases" / "build"
ENVIRONMENTS = ("dev", "prod")


def build(args: list[str], cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def case_args(case: Path) -> list[str]:
    args = case / "args"
    return args.read_text(encoding="utf-8").split() if args.exists() else []


def run_case(case: Path, workdir: Path):
    """Run a build case in a copy of its folder (a build must not write into tests/)."""
    copy = workdir / case.name
    shutil.copytree(case, copy, ignore=shutil.ignore_patterns("expected.txt", "args"))
    return build(case_args(case), copy)


def main() -> None:
    for env in ENVIRONMENTS:
        shutil.rmtree(GOLDEN / env, ignore_errors=True)
        result = build(["--env", env, "--out", str(GOLDEN / env)], REPO)
        print(f"golden/{env}: exit {result.exit_code}")
    with tempfile.TemporaryDirectory() as tmp:
        for case in sorted(p for p in BUILD_CASES.iterdir() if p.is_dir()):
            result = run_case(case, Path(tmp))
            (case / "expected.txt").write_text(result.stdout, encoding="utf-8")
            print(f"cases/build/{case.name}: exit {result.exit_code}")


if __name__ == "__main__":
    main()
