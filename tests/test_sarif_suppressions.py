"""SARIF carries the findings suppressed inline (``inSource``, with the comment's reason and place) and those
in the baseline (``external``) as results with ``suppressions``, instead of dropping them; the log validates
against the SARIF 2.1.0 schema; text and JSON stay as they were. A real git repository and the real CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import REPO
from jsonschema import Draft4Validator

from compiler.core.codes import RULES

SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
WORKFLOW = """name: {name}
version: v1
type: workflow
workflow:
  dag:
    - name: load
      spec:
        stack: flair:7.0{comment}
        compute: runnable-default
        stackSpec: {{}}
"""
MESSAGE = ("unknown stack 'flair:7.0'; did you mean 'flare'?\n"
           "hint: stacks are written name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0")


def _location(path: str, line: int, col: int) -> dict:
    return {"physicalLocation": {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
                                 "region": {"startLine": line, "startColumn": col}}}


def _result(path: str, **more: object) -> dict:
    return {"ruleId": "S013", "ruleIndex": list(RULES).index("S013"), "level": "warning",
            "message": {"text": MESSAGE}, "locations": [_location(path, 8, 16)], **more}


def test_suppressed_and_baselined_findings_are_sarif_suppressions(tmp_path: Path, dpc) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "old.yaml").write_text(WORKFLOW.format(name="old-flow", comment=""))
    assert dpc("baseline", cwd=tmp_path).exit_code == 0
    (tmp_path / "custom.yaml").write_text(WORKFLOW.format(
        name="custom-flow", comment="  # dpc: ignore[S013] the platform team's own stack"))
    (tmp_path / "new.yaml").write_text(WORKFLOW.format(name="new-flow", comment=""))
    run = dpc("lint", "--format", "sarif", cwd=tmp_path)
    log = json.loads(run.stdout)
    assert [e.message for e in Draft4Validator(SARIF_SCHEMA).iter_errors(log)] == []
    assert (run.exit_code, run.stderr) == (0, "")
    assert log["runs"][0]["results"] == [
        _result("custom.yaml", suppressions=[{"kind": "inSource", "justification": "the platform team's own stack",
                                              "location": _location("custom.yaml", 8, 27)}]),
        _result("new.yaml", baselineState="new"),
        _result("old.yaml", baselineState="unchanged",
                suppressions=[{"kind": "external", "justification": "recorded in .dpc-baseline.json"}]),
    ]
    text = dpc("lint", cwd=tmp_path)
    assert (text.exit_code, text.stdout) == (0, "new.yaml:8:16: warning S013 " + MESSAGE.replace("\nhint", "\n  hint")
                                             + "\n")
    assert [d["path"] for d in json.loads(dpc("lint", "--format", "json", cwd=tmp_path).stdout)["diagnostics"]] \
        == ["new.yaml"]
