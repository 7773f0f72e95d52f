"""Tests as data: every file in tests/cases/invalid has the exact output it must produce.

``X.yaml`` is linted from inside its folder (``dpc lint X.yaml`` plus the arguments in
``X.args``, if any) and the whole stdout must equal ``X.expected``. Regenerate the expected
files with ``python tests/regen_cases.py`` and review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES

from compiler.core.codes import RULES

INVALID = CASES / "invalid"
VALID = CASES / "valid"


def invalid_cases() -> list[Path]:
    return sorted(p for p in INVALID.iterdir() if p.suffix in (".yaml", ".yml"))


def case_args(case: Path) -> list[str]:
    args = case.with_suffix(".args")
    return args.read_text().split() if args.exists() else []


@pytest.mark.parametrize("case", invalid_cases(), ids=lambda p: p.stem)
def test_invalid_case_output(dpc, case: Path) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    run = dpc("lint", *case_args(case), case.name, cwd=INVALID)
    assert run.stdout == expected
    has_error = any(" error " in line for line in expected.splitlines())
    assert run.exit_code == (1 if has_error else 0)


def test_every_code_has_a_failing_case() -> None:
    """Every code in the table shows up in the exact expected output of some case under tests/cases."""
    seen = set()
    expected_files = [*CASES.rglob("*.expected"), *CASES.rglob("expected*.txt")]
    for expected in expected_files:
        for line in expected.read_text(encoding="utf-8").splitlines():
            parts = line.split(": ", 1)
            if not line.startswith(" ") and len(parts) == 2 and len(parts[1].split()) > 1:
                seen.add(parts[1].split()[1])
    retired = {code for code, r in RULES.items() if r.summary.startswith("retired:")}  # never emitted again
    assert sorted(set(RULES) - seen - retired) == []


@pytest.mark.parametrize("case", sorted(VALID.rglob("*.yaml")), ids=lambda p: p.relative_to(VALID).as_posix())
def test_valid_case_is_clean(dpc, case: Path) -> None:
    run = dpc("lint", case.relative_to(VALID).as_posix(), cwd=VALID)
    assert (run.exit_code, run.stdout) == (0, "")
