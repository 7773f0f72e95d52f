"""The command line as users meet it: exit codes, formats, usage errors, no tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from casekit import lint_inputs
from conftest import REPO

from compiler import __version__
from compiler.cli import FORMATS
from compiler.core.codes import RULES
from compiler.report.lint import REPORTERS

INVALID = lint_inputs()  # every lint case side by side, as tests/cases/invalid held them


def test_version_in_process_and_as_subprocess(dpc, dpc_process) -> None:
    assert dpc("--version").stdout == f"dpc {__version__}\n"
    run = dpc_process("--version")
    assert (run.exit_code, run.stdout, run.stderr) == (0, f"dpc {__version__}\n", "")


def test_format_choices_match_the_reporter_registry() -> None:
    assert sorted(FORMATS) == sorted(REPORTERS)


def test_clean_repository_products_lint_clean(dpc) -> None:
    run = dpc("lint", cwd=REPO)
    assert (run.exit_code, run.stdout) == (0, "")
    assert run.stderr.endswith("checked, no findings\n")


def test_findings_exit_1_and_summary_on_stderr(dpc) -> None:
    run = dpc("lint", "unknown-version.yaml", cwd=INVALID)
    assert run.exit_code == 1
    assert run.stdout == (
        "unknown-version.yaml:2:10: error S002 depot has no version 'v2'; it has: v2alpha, v1\n"
        "  hint: use 'version: v2alpha' (current)\n"
    )
    assert run.stderr == "dpc: 1 error in 1 file checked; 1 fixable with dpc lint --fix\n"


def test_warnings_do_not_fail_unless_asked(dpc) -> None:
    assert dpc("lint", "unknown-stack.yaml", cwd=INVALID).exit_code == 0
    assert dpc("lint", "--fail-on", "warning", "unknown-stack.yaml", cwd=INVALID).exit_code == 1


def test_json_format_is_stable(dpc) -> None:
    run = dpc("lint", "--format", "json", "invalid-name.yaml", cwd=INVALID)
    doc = json.loads(run.stdout)
    assert run.exit_code == 1
    assert doc["version"] == 1
    assert doc["summary"] == {"files": 1, "documents": 2, "errors": 2, "warnings": 1, "infos": 0}  # Q005 too
    assert doc["diagnostics"][0] == {
        "path": "invalid-name.yaml", "line": 1, "col": 7, "severity": "error", "code": "S007",
        "rule": "invalid-name",
        "message": "depot name 'sales-db' breaks the naming rule ^[a-z][a-z0-9]*$: depot and cluster names "
                   "allow lowercase letters and digits only, starting with a letter (no '-' or '_'), "
                   "48 characters at most",
        "hint": "rename it to 'salesdb'", "related": [],
    }
    assert run.stderr == ""


def test_missing_path_is_a_usage_error(dpc) -> None:
    run = dpc("lint", "no/such/file.yaml")
    assert run.exit_code == 2
    assert "Error: no such file or folder: no/such/file.yaml" in run.stderr
    assert run.stdout == ""


def test_unknown_format_is_a_usage_error(dpc) -> None:
    run = dpc("lint", "--format", "xml")
    assert run.exit_code == 2
    assert "Invalid value for '--format'" in run.stderr


def test_folder_lint_walks_sorted_and_skips_other_yaml(dpc, tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text("name: ci\non: push\njobs: {}\n")
    (tmp_path / "lens" / "model" / "tables").mkdir(parents=True)
    (tmp_path / "lens" / "model" / "tables" / "t.yml").write_text("tables:\n  - name: {{ x }}\n")
    (tmp_path / "bitbucket-pipelines.yml").write_text("pipelines: {default: []}\n")
    (tmp_path / "other.yaml").write_text("just: some\nconfig: true\n")
    shutil.copy(INVALID / "unknown-type.yaml", tmp_path / "b.yaml")
    shutil.copy(INVALID / "unknown-version.yaml", tmp_path / "a.yaml")
    run = dpc("lint", ".", cwd=tmp_path)
    assert run.stdout.splitlines()[0].startswith("a.yaml:2:10: error S002")
    assert run.stdout.splitlines()[2].startswith("b.yaml:3:7: error S001")
    assert run.stderr == "dpc: 2 errors in 3 files checked; 1 fixable with dpc lint --fix\n"


def test_explicit_files_in_skipped_places_are_skipped(dpc, tmp_path: Path) -> None:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "ci.yml").write_text("name: x\ntype: y\n")
    run = dpc("lint", ".github/ci.yml", cwd=tmp_path)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "dpc: 0 files checked, no findings\n")


def test_explain_every_code(dpc) -> None:
    for code in RULES:
        run = dpc("explain", code.lower())
        assert run.exit_code == 0
        assert run.stdout.startswith(f"{code} {RULES[code].slug} ")


def test_explain_shows_examples(dpc) -> None:
    run = dpc("explain", "S006")
    assert run.stdout == (
        "S006 unknown-key (error, stage: schema)\n\n"
        "a key is not known at this place.\n\n"
        f"{RULES['S006'].explanation}\n\n"
        "Fixable: dpc lint --fix renames the key to the suggestion when there is exactly one and the mapping "
        "does not have it yet.\n\n"
        "Bad:\n    stackspec:\n      job: {}\n\n"
        "Good:\n    stackSpec:\n      job: {}\n"
    )


def test_explain_unknown_code_suggests(dpc) -> None:
    run = dpc("explain", "S0066")
    assert run.exit_code == 2
    assert "unknown code 'S0066'; did you mean 'S006'?" in run.stderr


def test_rules_lists_every_code(dpc) -> None:
    lines = dpc("rules").stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert lines[0].split()[:3] == ["Y001", "error", "yaml-syntax"]


def test_every_invalid_case_at_once_as_a_subprocess(dpc_process) -> None:
    run = dpc_process("lint", ".", cwd=INVALID)
    assert run.exit_code == 1
    assert "Traceback" not in run.stderr + run.stdout
    plain = [p for p in sorted(INVALID.glob("*.expected")) if not p.with_suffix(".args").exists()]
    expected = "".join(p.read_text(encoding="utf-8") for p in plain)
    with_args = tuple(p.with_suffix(".yaml").name for p in INVALID.glob("*.args"))
    # a hint line belongs to the finding above it: keep the pairs together
    lines, keep = [], False
    for line in run.stdout.splitlines():
        if not line.startswith(" "):
            keep = not line.startswith(with_args)
        if keep:
            lines.append(line)
    # root causes (Y, S, P, T) of every file first, then the reference findings (R): a stable order
    pairs: list[list[str]] = []
    for line in expected.splitlines():
        if line.startswith(" "):
            pairs[-1].append(line)
        else:
            pairs.append([line])
    ordered = sorted(pairs, key=lambda pair: pair[0].split(": ", 1)[1].split()[1].startswith("R"))
    assert lines == [line for pair in ordered for line in pair]
