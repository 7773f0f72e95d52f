"""The CI formats: SARIF against the official schema, GitHub annotations within GitHub's limits, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from casekit import lint_inputs
from conftest import REPO
from jsonschema import Draft4Validator

from compiler.core.codes import RULES
from compiler.core.diagnostics import Diagnostic, Position, Result, Severity
from compiler.report.lint import github

INVALID = lint_inputs()  # every lint case side by side, as tests/cases/invalid held them
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_of_every_invalid_case_validates_against_the_sarif_schema(dpc) -> None:
    run = dpc("lint", "--format", "sarif", ".", cwd=INVALID)
    log = json.loads(run.stdout)
    errors = sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=str)
    assert [e.message for e in errors] == []
    assert run.exit_code == 1 and run.stderr == ""
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"Y001", "S006", "P002"}
    reported = [r for r in results if "suppressions" not in r]  # suppressed ones are carried too (issue 14)
    assert len(reported) == len(json.loads(dpc("lint", "--format", "json", ".", cwd=INVALID).stdout)["diagnostics"])
    assert [r["suppressions"][0]["kind"] for r in results if "suppressions" in r] == ["inSource", "inSource"]


def test_sarif_rules_carry_metadata_and_results_point_at_them(dpc) -> None:
    log = json.loads(dpc("lint", "--format", "sarif", "unknown-stack.yaml", cwd=INVALID).stdout)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    s013 = driver["rules"][list(RULES).index("S013")]
    assert s013["name"] == "unknown-stack"
    assert s013["shortDescription"] == {"text": "the stack is not one dpc knows"}
    assert s013["defaultConfiguration"] == {"level": "warning"}
    assert s013["helpUri"] == "https://github.com/your-org/dpc/blob/main/docs/CODES.md#s013"
    assert s013["help"]["text"] == (RULES["S013"].explanation
                                    + "\n\nBad:\n    stack: flair:7.0\n\nGood:\n    stack: flare:7.0")
    assert log["runs"][0]["results"] == [{
        "ruleId": "S013", "ruleIndex": list(RULES).index("S013"), "level": "warning",
        "message": {"text": "unknown stack 'flair:7.0'; did you mean 'flare'?\n"
                            "hint: stacks are written name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "tests/cases/invalid/unknown-stack.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 8, "startColumn": 16}}}],
    }]
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_is_deterministic(dpc) -> None:
    first = dpc("lint", "--format", "sarif", ".", cwd=INVALID).stdout
    assert dpc("lint", "--format", "sarif", ".", cwd=INVALID).stdout == first


def test_github_annotations_then_summary_then_plain_lines(dpc) -> None:
    run = dpc("lint", "--format", "github", "unknown-stack.yaml", "unknown-version.yaml", cwd=INVALID)
    assert run.stdout == (
        "::error file=unknown-version.yaml,line=2,col=10,title=S002::depot has no version 'v2'; it has: v2alpha, v1"
        "%0Ahint: use 'version: v2alpha' (current)\n"
        "::warning file=unknown-stack.yaml,line=8,col=16,title=S013::unknown stack 'flair:7.0'; did you mean "
        "'flare'?%0Ahint: stacks are written name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0\n"
        "::notice title=dpc::dpc: 1 error, 1 warning in 2 files checked\n"
        "unknown-stack.yaml:8:16: warning S013 unknown stack 'flair:7.0'; did you mean 'flare'?\n"
        "  hint: stacks are written name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0\n"
        "unknown-version.yaml:2:10: error S002 depot has no version 'v2'; it has: v2alpha, v1\n"
        "  hint: use 'version: v2alpha' (current)\n"
    )
    assert (run.exit_code, run.stderr) == (1, "")


def _many(severity: Severity, code: str, n: int) -> list[Diagnostic]:
    return [Diagnostic(code, severity, f"finding {i}", Position(f"p/{code}.yaml", i, 1)) for i in range(1, n + 1)]


def test_github_keeps_within_the_per_step_limits_errors_first() -> None:
    # what a run with 12 errors, 11 warnings and 10 infos hands the reporter, infos first on purpose
    found = _many(Severity.INFO, "S013", 10) + _many(Severity.WARNING, "S009", 11) + _many(Severity.ERROR, "S006", 12)
    out = github.render(Result(tuple(found), 3)).splitlines()
    annotations = [line for line in out if line.startswith("::")]
    assert [a.split(" ")[0] for a in annotations] == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"] * 10
    assert annotations[0] == "::error file=p/S006.yaml,line=1,col=1,title=S006::finding 1"
    assert annotations[-1] == ("::notice title=dpc::dpc: 12 errors, 11 warnings, 10 infos in 3 files checked; "
                               "4 not annotated (GitHub shows 10 errors and 10 warnings per step), every finding "
                               "is listed in the log")
    assert len(out) == len(annotations) + 33


def test_github_escapes_workflow_command_syntax() -> None:
    d = Diagnostic("S006", Severity.ERROR, "50% of a:b,c\nnext", Position("dir,x/a:b.yaml", 3, 4), "h")
    assert github.annotation(d) == ("::error file=dir%2Cx/a%3Ab.yaml,line=3,col=4,title=S006::"
                                    "50%25 of a:b,c%0Anext%0Ahint: h")


def test_junit_one_suite_per_file_a_failure_per_error(dpc) -> None:
    run = dpc("lint", "--format", "junit", "unknown-version.yaml", "empty-file.yaml", cwd=INVALID)
    assert run.stdout == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="dpc lint" tests="2" failures="1" errors="0">\n'
        '  <testsuite name="empty-file.yaml" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase classname="empty-file.yaml" name="Y004 1:1">\n'
        "      <system-out>empty-file.yaml:1:1: warning Y004 the file holds no YAML document</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        '  <testsuite name="unknown-version.yaml" tests="1" failures="1" errors="0" skipped="0">\n'
        '    <testcase classname="unknown-version.yaml" name="S002 2:10">\n'
        "      <failure type=\"S002\" message=\"depot has no version 'v2'; it has: v2alpha, v1\">"
        "unknown-version.yaml:2:10: error S002 depot has no version 'v2'; it has: v2alpha, v1\n"
        "hint: use 'version: v2alpha' (current)</failure>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )
    assert run.exit_code == 1


def test_junit_of_a_clean_run_has_one_passing_case(dpc, tmp_path: Path) -> None:
    run = dpc("lint", "--format", "junit", ".", cwd=tmp_path)
    assert run.stdout == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="dpc lint" tests="1" failures="0" errors="0">\n'
        '  <testsuite name="dpc" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase classname="dpc" name="lint">\n'
        "      <system-out>dpc: 0 files checked, no findings</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_junit_of_every_invalid_case_is_well_formed(dpc) -> None:
    root = ET.fromstring(dpc("lint", "--format", "junit", ".", cwd=INVALID).stdout.encode())
    cases = root.findall("./testsuite/testcase")
    assert int(root.get("tests")) == len(cases)
    assert int(root.get("failures")) == len(root.findall("./testsuite/testcase/failure"))
