"""Rewrite the build goldens from dpc's current output. Review the diff before committing!

tests/golden/<env>/: ``dpc build --env <env>`` of the repository's example products (the build cases
are harness cases now: ``python tests/regen.py build``).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from compiler.cli import cli  # noqa: E402

REPO = HERE.parent
GOLDEN = HERE / "golden"
ENVIRONMENTS = ("dev", "prod")


def build(args: list[str], cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def main() -> None:
    for env in ENVIRONMENTS:
        shutil.rmtree(GOLDEN / env, ignore_errors=True)
        result = build(["--env", env, "--out", str(GOLDEN / env)], REPO)
        print(f"golden/{env}: exit {result.exit_code}")


if __name__ == "__main__":
    main()
