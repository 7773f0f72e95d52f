"""Build findings as data: each folder in tests/cases/build is a small repository.

``dpc build`` (plus the words in ``args``) runs in a copy of the folder and its whole stdout
must equal ``expected.txt``. Regenerate with ``python tests/regen_golden.py``; review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from regen_golden import BUILD_CASES, run_case


@pytest.mark.parametrize("case", sorted(p for p in BUILD_CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_build_case_output(case: Path, tmp_path: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    result = run_case(case, tmp_path)
    assert result.stdout == expected
    has_error = any(" error " in line for line in expected.splitlines())
    assert result.exit_code == (1 if has_error else 0)
    assert not (tmp_path / case.name / "dist").exists()  # a failed build writes nothing


def test_sandbox_escape_is_refused_with_its_line(tmp_path: Path) -> None:
    result = run_case(BUILD_CASES / "sandbox-escape", tmp_path)
    assert ("products/p/secret.yaml:3:14: error T002 template refused by the sandbox: access to attribute "
            "'__class__' of 'str' object is unsafe.") in result.stdout.splitlines()


def test_includes_leaving_the_repository_are_refused(tmp_path: Path) -> None:
    lines = run_case(BUILD_CASES / "include-outside", tmp_path).stdout.splitlines()
    assert "products/p/flare.yaml:13:41: error T005 sqlFile '../../../../etc/passwd' leaves the repository" in lines
    assert ("products/p/flare.yaml:14:41: error T005 sqlFile '/etc/passwd' is an absolute path; dpc only reads "
            "files inside the repository") in lines
