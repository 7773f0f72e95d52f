"""The case harness: ``tests/cases/<command>/<case>/`` run through the real CLI, whole outputs compared.

A case folder holds its inputs (a small repository tree, copied to a temporary folder that becomes
the working directory) and four control files, never copied:

- ``args``: the command line after ``dpc``, a JSON list or one argument per line;
- ``stdout``, ``stderr``: the whole expected outputs;
- ``exit``: the expected exit code;
- ``inherit`` (optional): paths of dpc's own repository (one a line, e.g. ``dpc.yaml``, ``products``)
  copied into the folder first, for cases whose inputs sit beside the example products;
- ``stdin`` (optional): the bytes given to dpc on its standard input;
- ``after/`` (optional): the files that the run changes (``dpc lint --fix``) or creates (``dpc baseline``),
  each whole as it must be after the run; every other input must be left byte for byte as it was, and no
  other file created (the git folder, where a case makes one, aside).

``tests/test_cases.py`` runs every case; ``python tests/regen.py [CASE...]`` rewrites the expected
files from what dpc prints now (review the diff before committing).
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from compiler.cli import cli

CASES = Path(__file__).resolve().parent / "cases"
REPO = CASES.parent.parent
CONTROL = frozenset({"args", "stdout", "stderr", "exit", "inherit", "stdin", "after", "README.md"})


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    exit: int


def cases() -> list[Path]:
    """Every case folder: a folder holding an ``args`` file."""
    return sorted(p.parent for p in CASES.glob("*/*/args"))


def case_id(case: Path) -> str:
    return case.relative_to(CASES).as_posix()


def args_of(case: Path) -> list[str]:
    text = (case / "args").read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return [str(a) for a in json.loads(text)]
    return [line for line in text.splitlines() if line]


def expected(case: Path) -> Outcome:
    read = lambda name: (case / name).read_text(encoding="utf-8")  # noqa: E731
    return Outcome(read("stdout"), read("stderr"), int(read("exit").strip()))


def copy_inputs(case: Path, into: Path) -> None:
    """The case's inputs (everything but the control files) into the folder ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    inherit = case / "inherit"
    for rel in inherit.read_text(encoding="utf-8").split() if inherit.exists() else []:
        _copy(REPO / rel, into / rel)
    for entry in sorted(case.iterdir()):
        if entry.name in CONTROL:
            continue
        _copy(entry, into / entry.name)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
    else:
        shutil.copy2(source, target, follow_symlinks=False)


def run(case: Path) -> Outcome:
    """``dpc ARGS`` in-process, in the current directory (the caller has changed into the copy)."""
    stdin = case / "stdin"
    given = stdin.read_bytes() if stdin.exists() else None
    result = CliRunner().invoke(cli, args_of(case), input=given, catch_exceptions=False)
    return Outcome(result.stdout, result.stderr, result.exit_code)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links as the path they hold), by '/'-separated relative path."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = b"-> " + str(path.readlink()).encode()
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def inputs_of(case: Path) -> dict[str, bytes]:
    """The case's own inputs (not what it inherits), as they are before the run."""
    return {rel: data for rel, data in _files(case).items() if rel.split("/")[0] not in CONTROL}


def _inherited(case: Path) -> set[str]:
    inherit = case / "inherit"
    out: set[str] = set()
    for rel in inherit.read_text(encoding="utf-8").split() if inherit.exists() else []:
        source = REPO / rel
        out |= {f"{rel}/{sub}" for sub in _files(source)} if source.is_dir() else {rel}
    return out


def changed(case: Path, work: Path) -> dict[str, bytes | None]:
    """The case's inputs that the run left different in ``work`` (None: deleted), and the files it created."""
    now, inputs = _files(work), inputs_of(case)
    known = set(inputs) | _inherited(case)
    created = {rel: data for rel, data in now.items() if rel not in known and rel.split("/")[0] != ".git"}
    return {**{rel: now.get(rel) for rel, data in inputs.items() if now.get(rel) != data}, **created}


def expected_changes(case: Path) -> dict[str, bytes | None]:
    after = case / "after"
    return dict(_files(after)) if after.is_dir() else {}


def write_changes(case: Path, changes: dict[str, bytes | None]) -> None:
    """``after/``: the inputs the run changed, whole; no folder when it changed none."""
    after = case / "after"
    shutil.rmtree(after, ignore_errors=True)
    for rel, data in changes.items():
        assert data is not None, f"{case_id(case)}: the run deleted {rel}"
        (after / rel).parent.mkdir(parents=True, exist_ok=True)
        (after / rel).write_bytes(data)


def write_expected(case: Path, outcome: Outcome) -> None:
    (case / "stdout").write_text(outcome.stdout, encoding="utf-8")
    (case / "stderr").write_text(outcome.stderr, encoding="utf-8")
    (case / "exit").write_text(f"{outcome.exit}\n", encoding="utf-8")


def lint_inputs() -> Path:
    """Every ``lint`` case side by side in one folder, as ``X.yaml`` (with ``X.expected``, its stdout, and
    ``X.args``, its options): ``tests/cases/invalid/`` in a temporary copy of what the cases inherit
    (dpc.yaml, environments/, products/), for the tests that lint them all at once or pick some."""
    root = Path(tempfile.mkdtemp(prefix="dpc-lint-cases-"))
    atexit.register(shutil.rmtree, root, True)
    folder = root / "tests" / "cases" / "invalid"  # where they were: paths from the root say so (SARIF)
    for case in sorted(p.parent for p in (CASES / "lint").glob("*/inherit")):  # the one-file cases
        for rel in (case / "inherit").read_text(encoding="utf-8").split():
            if not (root / rel).exists():
                _copy(REPO / rel, root / rel)
        for entry in sorted(case.iterdir()):
            if entry.name not in CONTROL:
                _copy(entry, folder / entry.name)
        (folder / f"{case.name}.expected").write_text(expected(case).stdout, encoding="utf-8")
        options = args_of(case)[1:-1]  # between "lint" and the file
        if options:
            (folder / f"{case.name}.args").write_text(" ".join(options) + "\n", encoding="utf-8")
    return folder
