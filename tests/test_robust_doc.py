"""docs/RELIABILITY.md stays true: every test it names exists, and every robustness test is named."""

from __future__ import annotations

import re

from robust import REPO

DOC = REPO / "docs" / "RELIABILITY.md"
REFERENCE = re.compile(r"`(tests/[\w/.-]+\.(?:py|yaml))(?:::(\w+)(?:\[([\w-]+)\])?)?`")


def references() -> list[tuple[str, str | None, str | None]]:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    return [m.groups() for row in rows for m in REFERENCE.finditer(row.split(" | ")[-1])]


def test_every_row_names_a_test() -> None:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and not line.startswith(("| hostile", "|---"))]
    assert [row for row in rows if not REFERENCE.search(row.split(" | ")[-1])] == []


def test_every_named_test_exists() -> None:
    missing = []
    for path, function, param in references():
        file = REPO / path
        text = file.read_text(encoding="utf-8") if file.is_file() else ""
        if not text or (function and f"def {function}(" not in text) or (param and f'"{param}"' not in text):
            missing.append((path, function, param))
    assert missing == []


def test_every_robustness_test_is_in_the_table() -> None:
    named = {(path, function) for path, function, _ in references()}
    tests = {(f"tests/{f.name}", name) for f in sorted((REPO / "tests").glob("test_robust_*.py"))
             if f.name != "test_robust_doc.py"
             for name in re.findall(r"^def (test_\w+)\(", f.read_text(encoding="utf-8"), re.M)}
    assert sorted(tests - named) == []
