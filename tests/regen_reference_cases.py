"""Rewrite tests/cases/references/*/expected.txt and tests/golden/graph/* from dpc's current output.
Review the diff!"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compiler.cli import cli  # noqa: E402

REFERENCES = Path(__file__).resolve().parent / "cases" / "references"


def main() -> None:
    for case in sorted(p for p in REFERENCES.iterdir() if p.is_dir()):
        os.chdir(case)
        result = CliRunner().invoke(cli, ["lint", "."], catch_exceptions=False)
        (case / "expected.txt").write_text(result.stdout, encoding="utf-8")
        print(f"{case.name}: exit {result.exit_code}")


def graphs() -> None:
    """Rewrite tests/golden/graph/* from ``dpc graph`` on the example products."""
    golden = Path(__file__).resolve().parent / "golden" / "graph"
    os.chdir(Path(__file__).resolve().parent.parent)
    for path in sorted(golden.iterdir()):
        products, fmt = path.stem.split("+") if path.stem != "products" else [], path.suffix[1:]
        result = CliRunner().invoke(cli, ["graph", *products, "--format", fmt], catch_exceptions=False)
        path.write_text(result.stdout, encoding="utf-8")


if __name__ == "__main__":
    main()
    graphs()
