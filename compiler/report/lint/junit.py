"""JUnit XML for CI test tabs (GitLab, Jenkins, Azure DevOps, Bitbucket test reports).

The common linter convention (ESLint, checkstyle converters): one ``<testsuite>`` per file
with findings, one ``<testcase>`` per finding named ``CODE line:col``. An error is a
``<failure>``; a warning or an info is a passing test case whose ``<system-out>`` says what
was found, so the report agrees with dpc's exit code. A clean run is one suite ``dpc`` with
one passing case, so CI tools that refuse an empty report still show the check. Internal
errors are ``<error>`` cases in the ``dpc`` suite. Every text from a finding is printable
(text.printable): XML 1.0 has no way to write most control characters, not even escaped, and
one of them in a key or a folder name made the whole report unparseable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from compiler.core.diagnostics import Diagnostic, Result, Severity
from compiler.report.lint import text
from compiler.report.lint.text import printable


def _case(suite: ET.Element, d: Diagnostic) -> None:
    p = d.position
    case = ET.SubElement(suite, "testcase", {"classname": printable(p.path), "name": f"{d.code} {p.line}:{p.col}"})
    body = text.line(d) + (f"\nhint: {printable(d.hint)}" if d.hint else "")
    if d.severity == Severity.ERROR:
        ET.SubElement(case, "failure", {"type": d.code, "message": printable(d.message)}).text = body
    else:
        ET.SubElement(case, "system-out").text = body


def _suite(root: ET.Element, name: str, cases: int, failures: int, errors: int) -> ET.Element:
    return ET.SubElement(root, "testsuite", {"name": name, "tests": str(cases), "failures": str(failures),
                                             "errors": str(errors), "skipped": "0"})


def render(result: Result, colour: bool = False) -> str:
    diags = result.diagnostics
    errors = result.count(Severity.ERROR)
    root = ET.Element("testsuites", {"name": "dpc lint", "tests": str(max(len(diags), 1) + len(result.failures)),
                                     "failures": str(errors), "errors": str(len(result.failures))})
    if result.failures or not diags:
        suite = _suite(root, "dpc", len(result.failures) or 1, 0, len(result.failures))
        for failure in map(printable, result.failures):
            case = ET.SubElement(suite, "testcase", {"classname": "dpc", "name": "internal error"})
            ET.SubElement(case, "error", {"message": failure}).text = failure
        if not diags and not result.failures:
            case = ET.SubElement(suite, "testcase", {"classname": "dpc", "name": "lint"})
            ET.SubElement(case, "system-out").text = text.summary(result)
    by_file: dict[str, list[Diagnostic]] = {}
    for d in diags:
        by_file.setdefault(d.position.path, []).append(d)
    for path, found in by_file.items():
        suite = _suite(root, printable(path), len(found), sum(d.severity == Severity.ERROR for d in found), 0)
        for d in found:
            _case(suite, d)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
