"""The flags people type without thinking, as ruff and cfn-lint take them: --select/--ignore, --statistics,
--quiet, --exit-zero, --output-file, --color with NO_COLOR/FORCE_COLOR, stdin, and GitHub's own format."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD_VERSION = "name: salesdb\nversion: v2\ntype: depot\ndepot:\n  type: POSTGRESQL\n"
UNKNOWN_STACK = ("name: daily\nversion: v1\ntype: workflow\nworkflow:\n  dag:\n    - name: step\n      spec:\n"
                 "        stack: flair:7.0\n        compute: runnable-default\n")
S002 = ("a.yaml:2:10: error S002 depot has no version 'v2'; it has: v2alpha, v1\n"
        "  hint: use 'version: v2alpha' (current)\n")
S013 = ("b.yaml:8:16: warning S013 unknown stack 'flair:7.0'; did you mean 'flare'?\n"
        "  hint: stacks are written name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0\n")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.yaml").write_text(BAD_VERSION, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(UNKNOWN_STACK, encoding="utf-8")
    return tmp_path


def run(repo: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None):
    clean = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "compiler", "lint", *args], cwd=repo, capture_output=True,
                          text=True, env={**clean, **(env or {})}, input=stdin, timeout=120)


def test_select_a_family_and_ignore_a_code(dpc, repo: Path) -> None:
    assert dpc("lint", "--select", "S", cwd=repo).stdout == S002 + S013
    only = dpc("lint", "--select", "S", "--ignore", "S002", cwd=repo)
    assert (only.exit_code, only.stdout, only.stderr) == (0, S013, "dpc: 1 warning in 2 files checked\n")
    assert dpc("lint", "--ignore", "S", "--select", "s013", cwd=repo).stdout == S013  # the longer entry wins
    assert dpc("lint", "--ignore", "S0,P", cwd=repo).stdout == ""


def test_an_unknown_code_is_a_usage_error_with_did_you_mean(dpc, repo: Path) -> None:
    bad = dpc("lint", "--select", "S0O2", cwd=repo)
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.endswith("Error: Invalid value for '--select': no code starts with 'S0O2'; did you mean "
                               "'S012' or 'S002'? ('dpc rules' lists them all)\n")


def test_statistics_quiet_and_exit_zero(dpc, repo: Path) -> None:
    stats = dpc("lint", "--statistics", "--quiet", cwd=repo)
    assert (stats.exit_code, stats.stderr) == (1, "")
    assert stats.stdout == S002 + S013 + "1  S002  error    unknown-version\n1  S013  warning  unknown-stack\n"
    zero = dpc("lint", "--exit-zero", cwd=repo)
    assert (zero.exit_code, zero.stdout) == (0, S002 + S013)


def test_output_file_gets_the_whole_report_and_stdout_nothing(dpc, repo: Path) -> None:
    out = dpc("lint", "--format", "json", "--output-file", "report.json", "a.yaml", cwd=repo)
    assert (out.exit_code, out.stdout, out.stderr) == (1, "", "")
    written = (repo / "report.json").read_text(encoding="utf-8")
    assert written == dpc("lint", "--format", "json", "a.yaml", cwd=repo).stdout
    assert sorted(p.name for p in repo.iterdir()) == [".git", "a.yaml", "b.yaml", "report.json"]


def test_colour_never_always_and_the_environment_conventions(repo: Path) -> None:
    red = "a.yaml:2:10: \x1b[31merror\x1b[0m S002"
    assert run(repo, "a.yaml", "--color", "always").stdout.startswith(red)
    assert run(repo, "a.yaml", env={"FORCE_COLOR": "1"}).stdout.startswith(red)
    assert run(repo, "a.yaml", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout == S002
    assert run(repo, "a.yaml", env={"FORCE_COLOR": "", "NO_COLOR": ""}).stdout == S002  # empty: not set
    assert run(repo, "a.yaml", "--color", "never", env={"FORCE_COLOR": "1"}).stdout == S002
    assert run(repo, "a.yaml", "--color", "always", env={"NO_COLOR": "1"}).stdout.startswith(red)


def test_github_annotations_are_the_default_inside_github_actions(repo: Path) -> None:
    inside = run(repo, "a.yaml", env={"GITHUB_ACTIONS": "true"})
    assert inside.stdout == run(repo, "a.yaml", "--format", "github").stdout
    assert inside.stdout.startswith("::error file=a.yaml,line=2,col=10,title=S002::")
    assert run(repo, "a.yaml", "--format", "text", env={"GITHUB_ACTIONS": "true"}).stdout == S002


def test_stdin_is_linted_as_the_named_file_with_the_rest_of_the_repository(repo: Path) -> None:
    piped = run(repo, "-", "--stdin-filename", "c.yaml", stdin=BAD_VERSION)
    assert (piped.returncode, piped.stdout, piped.stderr) == (
        1, S002.replace("a.yaml", "c.yaml"), "dpc: 1 error in 1 file checked; 1 fixable with dpc lint --fix\n")
    assert not (repo / "c.yaml").exists()
    unsaved = run(repo, "-", "--stdin-filename", "a.yaml", stdin=BAD_VERSION.replace("v2", "v1"))
    assert (unsaved.returncode, unsaved.stdout) == (0, (  # the buffer's finding, not the file's on disk
        "a.yaml:2:10: warning S009 depot version 'v1' is a legacy version (older depot format with "
        "spec/connectionSecret; v2alpha is the current format)\n  hint: use 'version: v2alpha'\n"))
    alone = run(repo, "-", stdin=BAD_VERSION)
    assert alone.returncode == 2 and alone.stderr.endswith(
        "Error: reading stdin ('-') needs --stdin-filename PATH: the file it stands for\n")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args], cwd=repo, check=True,
                   capture_output=True)


def test_staged_reports_on_the_staged_files_only(dpc, repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    assert (dpc("lint", "--staged", cwd=repo).stdout) == S002 + S013  # nothing staged: everything, as CI runs it
    (repo / "notes.txt").write_text("x", encoding="utf-8")
    git(repo, "add", "notes.txt")
    quiet = dpc("lint", "--staged", cwd=repo)
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "dpc: 0 files checked, no findings\n")
    (repo / "b.yaml").write_text(UNKNOWN_STACK + "\n", encoding="utf-8")
    git(repo, "add", "b.yaml")
    one = dpc("lint", "--staged", cwd=repo)
    assert (one.exit_code, one.stdout, one.stderr) == (0, S013, "dpc: 1 warning in 1 file checked\n")
    usage = dpc("lint", "--staged", "a.yaml", cwd=repo)
    assert usage.exit_code == 2 and usage.stderr.endswith("Error: --staged takes no PATH: git says which files "
                                                          "are staged\n")
