"""compiler.core.atomic: the one way dpc writes a file, whole or not at all, and the only one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.core import atomic

PACKAGE = Path(__file__).resolve().parent.parent / "compiler"
# the lint cache is rewritten by issue 13 (speed) and keeps its own writer until then
NOT_YET: set[str] = set()


def test_a_file_is_replaced_whole_and_no_sibling_is_left(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old\n")
    atomic.write_text(target, "new\r\nline\n")
    assert target.read_bytes() == b"new\r\nline\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sarif"]


def test_a_failed_write_leaves_the_old_content_and_no_sibling(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "kept").write_text("kept\n")
    with pytest.raises(OSError):
        atomic.write_bytes(target, b"never seen")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (target / "kept").read_text() == "kept\n"


def test_no_other_module_writes_a_file() -> None:
    writes = re.compile(r"(?<!atomic)(?<!atomic_file)\.write_(text|bytes)\(|os\.replace\(")
    found = sorted(f"{p.relative_to(PACKAGE).as_posix()}:{n}" for p in PACKAGE.rglob("*.py")
                   if p.relative_to(PACKAGE).as_posix() not in {"core/atomic.py", *NOT_YET}
                   for n, line in enumerate(p.read_text().splitlines(), 1) if writes.search(line))
    assert found == []
