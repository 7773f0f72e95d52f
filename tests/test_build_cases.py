"""Build cases (tests/cases/build/<case>/, run by tests/test_cases.py): what their whole output does not show."""

from __future__ import annotations

from pathlib import Path

import pytest
from casekit import CASES, case_id, copy_inputs, run

BUILD_CASES = CASES / "build"


def _run(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    work = tmp_path / case.name
    copy_inputs(case, work)
    monkeypatch.chdir(work)
    return run(case).stdout


@pytest.mark.parametrize("case", sorted(p for p in BUILD_CASES.iterdir() if p.is_dir()), ids=case_id)
def test_a_failed_build_writes_nothing(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run(case, tmp_path, monkeypatch)
    assert not (tmp_path / case.name / "dist").exists()


def test_sandbox_escape_is_refused_with_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = _run(BUILD_CASES / "sandbox-escape", tmp_path, monkeypatch)
    assert ("products/p/secret.yaml:3:14: error T002 template refused by the sandbox: access to attribute "
            "'__class__' of 'str' object is unsafe.") in stdout.splitlines()


def test_includes_leaving_the_repository_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _run(BUILD_CASES / "include-outside", tmp_path, monkeypatch).splitlines()
    assert "products/p/flare.yaml:13:41: error T005 sqlFile '../../../../etc/passwd' leaves the repository" in lines
    assert ("products/p/flare.yaml:14:41: error T005 sqlFile '/etc/passwd' is an absolute path; dpc only reads "
            "files inside the repository") in lines
