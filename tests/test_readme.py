"""The README's ``dpc lint`` examples are real runs: each console block's ``$ dpc lint ...`` line is run
beside the example products (as the lint cases run) on the case files it names, and what it shows after
the command (stdout, then the summary line of stderr) must be the whole output, with no "..." left out."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases" / "lint"
CASE_FILES = {p.name: p for p in CASES.glob("*/*.yaml") if p.is_file() and (p.parent / "inherit").is_file()
              and p.name not in ("dpc.yaml", "platform.yaml")}  # the one-file cases beside the examples


def _examples() -> list[tuple[list[str], str]]:
    """(arguments after ``dpc``, the output shown) for each ``$ dpc lint`` line naming only case files."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"^```console\n(.*?)^```", readme, re.M | re.S):
        for command, shown in re.findall(r"^\$ dpc (lint[^\n]*)\n(.*?)(?=^\$ |\Z)", block, re.M | re.S):
            args = shlex.split(command.split("#")[0])
            files = [a for a in args[1:] if not a.startswith("-") and a.endswith(".yaml")]
            if files and all(f in CASE_FILES for f in files):
                out.append((args, shown))
    return out


def test_every_readme_lint_example_is_the_whole_real_output(tmp_path: Path) -> None:
    examples = _examples()
    assert len(examples) >= 6, [a for a, _ in examples]
    assert any("--fix" in a for a, _ in examples) and any("--diff" in a for a, _ in examples)
    env = {**os.environ, "DPC_NO_CACHE": "1", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    for n, (args, shown) in enumerate(examples):
        here = tmp_path / str(n)  # a fresh copy each: lint --fix rewrites the files it names
        here.mkdir()
        for part in ("dpc.yaml", "environments", "products"):
            copy = shutil.copytree if (REPO / part).is_dir() else shutil.copy
            copy(REPO / part, here / part)
        for path in CASE_FILES.values():
            shutil.copy(path, here / path.name)
        run = subprocess.run([sys.executable, "-m", "compiler", *args], cwd=here, env=env,
                             capture_output=True, text=True)
        assert "..." not in shown
        assert run.stdout + run.stderr == shown, args
