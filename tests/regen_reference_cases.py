"""Rewrite tests/golden/graph/* from dpc's current output (the reference cases are harness cases now:
``python tests/regen.py lint``). Review the diff!"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compiler.cli import cli  # noqa: E402


def graphs() -> None:
    """Rewrite tests/golden/graph/* from ``dpc graph`` on the example products."""
    golden = Path(__file__).resolve().parent / "golden" / "graph"
    os.chdir(Path(__file__).resolve().parent.parent)
    for path in sorted(golden.iterdir()):
        products, fmt = path.stem.split("+") if path.stem != "products" else [], path.suffix[1:]
        result = CliRunner().invoke(cli, ["graph", *products, "--format", fmt], catch_exceptions=False)
        path.write_text(result.stdout, encoding="utf-8")


if __name__ == "__main__":
    graphs()
