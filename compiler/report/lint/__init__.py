"""Output formats for lint results: one registry feeding both the code and the CLI choices."""

from __future__ import annotations

from collections.abc import Callable

from compiler.core.diagnostics import Result
from compiler.report.lint import github, gitlab, json_report, junit, sarif, text

Reporter = Callable[[Result, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
}
