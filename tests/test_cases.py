"""Tests as data: every case under tests/cases/<command>/<case>/ (see tests/casekit.py and
tests/cases/README.md) runs through the real CLI in a temporary copy of its inputs, and its whole
stdout, stderr and exit code must be the expected ones. ``python tests/regen.py [CASE...]`` rewrites
the expected files; review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from casekit import CASES, case_id, cases, changed, copy_inputs, expected, expected_changes, run

from compiler.core.codes import RULES

VALID = CASES / "valid"


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / case_id(case).replace("/", "-") / case.name
    copy_inputs(case, work)
    monkeypatch.chdir(work)
    assert run(case) == expected(case)
    assert changed(case, work) == expected_changes(case)  # whole files: after/ for those changed, none else


def test_every_case_folder_is_complete() -> None:
    """No folder of a harness command is skipped for lack of a control file."""
    commands = {c.parent for c in cases()}
    folders = [p for command in commands for p in command.iterdir() if p.is_dir()]
    assert folders and [case_id(p) for p in folders if not all(
        (p / name).is_file() for name in ("args", "stdout", "stderr", "exit"))] == []


def test_every_code_has_a_failing_case() -> None:
    """Every code in the table shows up in the exact expected output of some case under tests/cases."""
    seen = set()
    expected_files = [*CASES.rglob("*.expected"), *CASES.rglob("expected*.txt"), *CASES.glob("*/*/stdout"),
                      *CASES.glob("*/*/stderr")]
    for found in expected_files:
        for line in found.read_text(encoding="utf-8").splitlines():
            parts = line.split(": ", 1)
            if not line.startswith(" ") and len(parts) == 2 and len(parts[1].split()) > 1:
                seen.add(parts[1].split()[1])
    retired = {code for code, r in RULES.items() if r.summary.startswith("retired:")}  # never emitted again
    assert sorted(set(RULES) - seen - retired) == []


@pytest.mark.parametrize("case", sorted(VALID.rglob("*.yaml")), ids=lambda p: p.relative_to(VALID).as_posix())
def test_valid_case_is_clean(dpc, case: Path) -> None:
    run = dpc("lint", case.relative_to(VALID).as_posix(), cwd=VALID)
    assert (run.exit_code, run.stdout) == (0, "")
