"""Rewrite tests/cases/invalid/*.expected from dpc's current output. Review the diff!"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_cases import INVALID, case_args, invalid_cases  # noqa: E402

from compiler.cli import cli  # noqa: E402


def main() -> None:
    os.chdir(INVALID)
    for case in invalid_cases():
        result = CliRunner().invoke(cli, ["lint", *case_args(case), case.name], catch_exceptions=False)
        case.with_suffix(".expected").write_text(result.stdout, encoding="utf-8")
        print(f"{case.name}: exit {result.exit_code}")


if __name__ == "__main__":
    main()
