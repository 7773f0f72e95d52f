"""Reference cases as data: each folder under tests/cases/references is a small repository
(its ``dpc.yaml`` makes it the repository root) and ``expected.txt`` is the exact stdout of
``dpc lint .`` run inside it. Regenerate with ``python tests/regen_reference_cases.py`` and
review the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES

REFERENCES = CASES / "references"


def reference_cases() -> list[Path]:
    return sorted(p for p in REFERENCES.iterdir() if (p / "expected.txt").exists())


@pytest.mark.parametrize("case", reference_cases(), ids=lambda p: p.name)
def test_reference_case_output(dpc, case: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    run = dpc("lint", ".", cwd=case)
    assert run.stdout == expected
    has_error = any(" error " in line for line in expected.splitlines() if not line.startswith(" "))
    assert run.exit_code == (1 if has_error else 0)


def test_every_case_folder_has_an_expected_file() -> None:
    assert [p.name for p in REFERENCES.iterdir() if p.is_dir()] and all(
        (p / "expected.txt").exists() for p in REFERENCES.iterdir() if p.is_dir())
