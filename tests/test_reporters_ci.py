"""Formats for CI systems read from the repository root: GitLab Code Quality, SARIF's repository-relative URIs,
links to each code's explanation and security severities."""

from __future__ import annotations

import json

from casekit import lint_inputs
from conftest import REPO
from jsonschema import Draft7Validator

from compiler.core.codes import RULES, markdown

INVALID = lint_inputs()  # every lint case side by side, as tests/cases/invalid held them
ROOT = INVALID.parents[2]  # the temporary repository holding them
GITLAB_SCHEMA = json.loads((REPO / "tests" / "data" / "gitlab-codequality.schema.json").read_text(encoding="utf-8"))


def test_gitlab_code_quality_report_is_whole_and_paths_are_from_the_repository_root(dpc) -> None:
    run = dpc("lint", "--format", "gitlab", "unknown-stack.yaml", "unknown-version.yaml", cwd=INVALID)
    issues = json.loads(run.stdout)
    assert [e.message for e in Draft7Validator(GITLAB_SCHEMA).iter_errors(issues)] == []
    assert (run.exit_code, run.stderr) == (1, "")
    assert [{k: v for k, v in i.items() if k != "fingerprint"} for i in issues] == [
        {"description": "S013 unknown stack 'flair:7.0'; did you mean 'flare'? (hint: stacks are written "
                        "name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0)",
         "check_name": "S013", "severity": "minor",
         "location": {"path": "tests/cases/invalid/unknown-stack.yaml", "lines": {"begin": 8}}},
        {"description": "S002 depot has no version 'v2'; it has: v2alpha, v1 (hint: use 'version: v2alpha' (current))",
         "check_name": "S002", "severity": "major",
         "location": {"path": "tests/cases/invalid/unknown-version.yaml", "lines": {"begin": 2}}},
    ]
    assert [len(i["fingerprint"]) for i in issues] == [64, 64]
    assert len({i["fingerprint"] for i in issues}) == 2


def test_gitlab_fingerprints_survive_moved_lines_and_tell_identical_findings_apart(dpc, tmp_path) -> None:
    body = "name: x\nversion: v2\ntype: depot\ndepot:\n  type: POSTGRESQL\n"
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.yaml").write_text(body + "---\n" + body, encoding="utf-8")
    first = json.loads(dpc("lint", "--format", "gitlab", "a.yaml", cwd=tmp_path).stdout)
    (tmp_path / "a.yaml").write_text("# a comment moves every line\n" + body + "---\n" + body, encoding="utf-8")
    moved = json.loads(dpc("lint", "--format", "gitlab", "a.yaml", cwd=tmp_path).stdout)
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in moved]
    assert [i["location"]["lines"]["begin"] for i in moved] == [i["location"]["lines"]["begin"] + 1 for i in first]
    assert len({i["fingerprint"] for i in first}) == len(first) > 1


def test_credential_findings_are_critical_in_gitlab_and_carry_security_severity_in_sarif(dpc) -> None:
    issues = json.loads(dpc("lint", "--format", "gitlab", "credential-in-manifest.yaml", cwd=INVALID).stdout)
    assert {(i["check_name"], i["severity"]) for i in issues} == {("P006", "critical")}
    log = json.loads(dpc("lint", "--format", "sarif", "credential-in-manifest.yaml", cwd=INVALID).stdout)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {code: r["properties"] for code, r in rules.items() if "security-severity" in r["properties"]} == {
        "P005": {"tags": ["product rules", "security"], "security-severity": "9.0"},
        "P006": {"tags": ["product rules", "security"], "security-severity": "9.0"},
        "P007": {"tags": ["product rules", "security"], "security-severity": "8.0"},
        "P009": {"tags": ["product rules", "security"], "security-severity": "9.0"},
    }
    assert rules["Y001"]["properties"] == {"tags": ["YAML well-formedness"]}


def test_sarif_uris_are_from_the_repository_root_whatever_the_working_folder(dpc) -> None:
    from_case = json.loads(dpc("lint", "--format", "sarif", "unknown-stack.yaml", cwd=INVALID).stdout)
    from_root = json.loads(dpc("lint", "--format", "sarif", "tests/cases/invalid/unknown-stack.yaml", cwd=ROOT).stdout)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in from_case["runs"][0]["results"]]
    assert uris == [{"uri": "tests/cases/invalid/unknown-stack.yaml", "uriBaseId": "%SRCROOT%"}]
    assert from_case["runs"][0]["results"] == from_root["runs"][0]["results"]


def test_every_code_links_to_its_explanation_in_docs_codes_md() -> None:
    assert (REPO / "docs" / "CODES.md").read_text(encoding="utf-8") == markdown(), (
        "docs/CODES.md is written from compiler/core/codes/: python -c 'from compiler.core.codes import markdown; "
        "open(\"docs/CODES.md\", \"w\").write(markdown())'")
    text = markdown()
    assert all(f"\n## {code}\n" in text for code in RULES)
