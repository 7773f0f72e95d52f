"""``dpc lint --fix`` / ``--diff`` beyond the whole-file cases of tests/cases/lint/fix-*/: a second --fix
changes nothing, every byte but the fixed ones is kept, what may never be written is not, and the fix
registry is what ``dpc rules`` and ``dpc explain`` show."""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest
from casekit import CASES, args_of, copy_inputs
from hypothesis import given, settings
from hypothesis import strategies as st
from robust import git, git_init

from compiler.core.diagnostics import Diagnostic, Position
from compiler.fix import files
from compiler.fix.apply import fix_text
from compiler.fix.registry import FIXERS
from compiler.fix.source import compose
from compiler.gitrepo.git import Repository
from compiler.gitrepo.tree import GitTreeFS
from compiler.load import fs

FIX_CASES = sorted(p for p in (CASES / "lint").glob("fix-*") if "--fix" in args_of(p) and not (p / "stdin").exists())
TYPO = "name: scratch\nversion: v1beta\ntype: volume\nvolume:\n  sise: 1Gi\n  accessMode: ReadWriteMany\n  type: temp\n"
FIXED = TYPO.replace("sise", "size")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", FIX_CASES, ids=lambda p: p.name)
def test_a_second_fix_changes_nothing(dpc, case: Path, tmp_path: Path) -> None:
    copy_inputs(case, tmp_path)
    first = dpc(*args_of(case), cwd=tmp_path)
    fixed = _tree(tmp_path)
    second = dpc(*args_of(case), cwd=tmp_path)
    assert _tree(tmp_path) == fixed
    summary = first.stderr.splitlines()[-1]
    assert (second.exit_code, second.stdout, second.stderr) == (
        first.exit_code, first.stdout, first.stderr.replace(summary, summary[:summary.rindex("(")] + "(0 fixed, "
                                                            + summary.split(" fixed, ")[1]))
    preview = dpc("lint", "--diff", *args_of(case)[2:], cwd=tmp_path)
    assert (preview.exit_code, preview.stdout) == (0, "")


def test_odd_formatting_keeps_every_other_byte() -> None:
    """The CRLF, byte-order-mark, comment-laden case: only the fixed lines differ, and only where fixed."""
    case = CASES / "lint" / "fix-format"
    before = (case / "odd.yaml").read_bytes().splitlines(keepends=True)
    after = (case / "after" / "odd.yaml").read_bytes().splitlines(keepends=True)
    changes = [(op, before[i1:i2], after[j1:j2]) for op, i1, i2, j1, j2 in
               difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes() if op != "equal"]
    assert changes == [
        ("insert", [], [b"version: v1\r\n"]),
        ("replace", [b"descripton:   >-\r\n"], [b"description:   >-\r\n"]),
        ("replace", [b"          dependancies:    []    # trailing\r\n"],
         [b"          dependencies:    []    # trailing\r\n"]),
        ("replace", [b"version: v0\r\n"], [b"version: v1beta\r\n"]),
        ("replace", [b"volume: {sise: 1Gi, accessMode: ReadWriteMany, type: temp}   # no line break at the end"],
         [b"volume: {size: 1Gi, accessMode: ReadWriteMany, type: temp}   # no line break at the end"]),
    ]
    assert after[0].startswith("\ufeff".encode()) and before[0] == after[0]


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "dpc.yaml").write_text("products: [products]\n")
    return repo


def test_a_file_outside_the_repository_is_not_written(dpc, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (tmp_path / "out.yaml").write_text(TYPO)
    (repo / "link.yaml").symlink_to("../out.yaml")
    run = dpc("lint", "--fix", "../out.yaml", "link.yaml", cwd=repo)
    assert (tmp_path / "out.yaml").read_text() == TYPO and (repo / "link.yaml").is_symlink()
    out = tmp_path / "out.yaml"
    assert (run.exit_code, run.stdout, run.stderr) == (1, (
        f"{out}:5:3: error S006 unknown key 'sise' in volume; did you mean 'size'?\n"
        "link.yaml:1:1: error Y012 the file is a symbolic link leading outside the repository; not read\n"),
        f"dpc: {out} not fixed: leaves the repository\ndpc: 2 errors in 2 files checked (0 fixed, 2 remaining)\n")
    assert files.refusal(repo / "link.yaml", repo) == "leads outside the repository through a symbolic link"


def test_a_link_inside_the_repository_is_written_through(dpc, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "real.yaml").write_text(TYPO)
    os.chmod(repo / "real.yaml", 0o640)
    (repo / "link.yaml").symlink_to("real.yaml")
    run = dpc("lint", "--fix", "link.yaml", cwd=repo)
    assert (run.exit_code, run.stdout, run.stderr) == (
        0, "", "dpc: 1 file checked, no findings (1 fixed, 0 remaining)\n")
    assert (repo / "link.yaml").is_symlink() and (repo / "real.yaml").read_text() == FIXED
    assert oct((repo / "real.yaml").stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in repo.iterdir()) == ["dpc.yaml", "link.yaml", "real.yaml"]  # no temporary left


def test_an_unparsable_file_is_never_written(dpc, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    broken = TYPO + "---\nname: [unclosed\n"
    (repo / "broken.yaml").write_text(broken)
    dpc("lint", "--fix", "broken.yaml", cwd=repo)
    assert (repo / "broken.yaml").read_text() == broken
    diagnostic = Diagnostic.of("S006", "unknown key 'sise' in volume; did you mean 'size'?", Position("x", 5, 3))
    assert fix_text(TYPO, [diagnostic]).text == FIXED
    assert fix_text(broken, [diagnostic]).applied == ()


def test_fixes_that_overlap_are_both_dropped() -> None:
    at = Position("x", 5, 3)
    one = Diagnostic.of("S006", "unknown key 'sise' in volume; did you mean 'size'?", at)
    other = Diagnostic.of("S006", "unknown key 'sise' in volume; did you mean 'sizes'?", at)
    both = Diagnostic.of("S006", "unknown key 'sise' in volume; did you mean 'size' or 'sizes'?", at)
    assert fix_text(TYPO, [one, other]).applied == ()
    assert fix_text(TYPO, [both]).applied == ()
    assert fix_text(TYPO, [one, one]).text == FIXED  # the same edit twice is one edit


def test_nothing_read_from_a_git_tree_is_written(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "scratch.yaml").write_text(TYPO)
    git_init(repo)
    opened = Repository(repo)
    assert files.refusal(repo / "scratch.yaml", repo) is None
    with fs.use(GitTreeFS(opened, opened.commit("HEAD"))):
        assert files.refusal(repo / "scratch.yaml", repo) == "not read from the working tree"


def test_a_file_changed_while_fixing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("edited meanwhile\n")
    assert files.write(target, TYPO.encode(), FIXED.encode()) == "changed while dpc was fixing it"
    assert target.read_text() == "edited meanwhile\n" and sorted(tmp_path.iterdir()) == [target]


def test_diff_writes_nothing_and_json_stays_json(dpc, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "scratch.yaml").write_text(TYPO)
    run = dpc("lint", "--diff", "scratch.yaml", cwd=repo)
    assert (run.exit_code, run.stdout, run.stderr) == (1, (
        "--- a/scratch.yaml\n+++ b/scratch.yaml\n@@ -2,6 +2,6 @@\n version: v1beta\n type: volume\n volume:\n"
        "-  sise: 1Gi\n+  size: 1Gi\n   accessMode: ReadWriteMany\n   type: temp\n"),
        "dpc: would fix 1 finding in 1 file; 0 would remain\n")
    assert (repo / "scratch.yaml").read_text() == TYPO
    run = dpc("lint", "--fix", "--format", "json", "scratch.yaml", cwd=repo)
    assert (run.exit_code, run.stderr) == (0, "dpc: 1 fixed, 0 remaining\n")
    assert json.loads(run.stdout)["diagnostics"] == [] and (repo / "scratch.yaml").read_text() == FIXED


def test_fix_as_a_subprocess(dpc_process, tmp_path: Path) -> None:
    case = CASES / "lint" / "fix-keys"
    copy_inputs(case, tmp_path)
    run = dpc_process(*args_of(case), cwd=tmp_path)
    assert (run.exit_code, run.stdout, run.stderr) == (
        1, (case / "stdout").read_text(), (case / "stderr").read_text())
    assert (tmp_path / "keys.yaml").read_bytes() == (case / "after" / "keys.yaml").read_bytes()
    shutil.rmtree(tmp_path)


def test_rules_and_explain_name_the_fixable_codes(dpc) -> None:
    marked = [line.split()[0] for line in dpc("rules").stdout.splitlines() if line.endswith("  [fixable]")]
    assert marked == sorted(FIXERS) == ["S002", "S003", "S006", "S010"]
    assert dpc("explain", "S006").stdout.split("\n\n")[3] == (
        "Fixable: dpc lint --fix renames the key to the suggestion when there is exactly one and the mapping "
        "does not have it yet.")
    assert "Fixable" not in dpc("explain", "S009").stdout


_PIECES = st.sampled_from(["name: a\n", "type: volume\n", "version: v0\n", "version: 'x'\n", "sise: 1\n",
                           "flare:\n", "  job: {}\n", "---\n", "- x\n", "&a k: *a\n", "<<: {b: 1}\n", "\t", "\r\n",
                           "{k: v, sise: 2}\n", "'q': \"w\"\n", "? c\n: d\n", "# c\n", " ", ":", "\ufeff", ""])
_CODES = st.sampled_from([("S006", "unknown key 'sise'; did you mean 'size'?", None),
                          ("S010", "legacy", "rename 'flare:' to 'stackSpec:'"),
                          ("S002", "no version", "use 'version: v1' (current)"),
                          ("S003", "missing required field 'version' (the current version of volume is v1)",
                           "add 'version: v1'")])


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=30), st.lists(st.tuples(_CODES, st.integers(1, 12), st.integers(1, 8)),
                                                max_size=8))
def test_fixing_any_text_never_raises_and_keeps_it_parsing(pieces: list[str], found: list) -> None:
    """Raw YAML-ish text with findings anywhere: the fixed text is the text itself, or it composes into as
    many documents as the text did."""
    text = "".join(pieces)
    diagnostics = [Diagnostic.of(code, message, Position("x", line, col), hint)
                   for (code, message, hint), line, col in found]
    fixed = fix_text(text, diagnostics)
    if fixed.text != text:
        body = text.lstrip("\ufeff")
        assert fixed.applied and compose(fixed.text.lstrip("\ufeff")) is not None
        assert len(compose(fixed.text.lstrip("\ufeff")) or []) == len(compose(body) or [])


def test_staged_fix_fixes_the_staged_file_in_the_working_tree(dpc, tmp_path: Path) -> None:
    """The pre-commit hook's mode: the staged file is fixed on disk (git add it again), the others left alone."""
    repo = _repo(tmp_path)
    (repo / "products").mkdir()
    (repo / "products" / "old.yaml").write_text(TYPO.replace("scratch", "old"))
    git_init(repo)
    (repo / "products" / "new.yaml").write_text(TYPO)
    git(repo, "add", "products/new.yaml")
    run = dpc("lint", "--staged", "--fix", cwd=repo)
    assert (run.exit_code, run.stdout, run.stderr) == (
        0, "", "dpc: 1 file checked, no findings (1 fixed, 0 remaining)\n")
    assert (repo / "products" / "new.yaml").read_text() == FIXED
    assert (repo / "products" / "old.yaml").read_text() == TYPO.replace("scratch", "old")
