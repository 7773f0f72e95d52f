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
    """Rewrite tests/golden/graph/* from ``dpc graph`` and tests/golden/columns/* from ``dpc graph
    --columns`` on the example products."""
    os.chdir(Path(__file__).resolve().parent.parent)
    for folder, flags in (("graph", []), ("columns", ["--columns"])):
        for path in sorted((Path(__file__).resolve().parent / "golden" / folder).iterdir()):
            products, fmt = path.stem.split("+") if path.stem != "products" else [], path.suffix[1:]
            result = CliRunner().invoke(cli, ["graph", *flags, *products, "--format", fmt], catch_exceptions=False)
            path.write_text(result.stdout, encoding="utf-8")


if __name__ == "__main__":
    graphs()
