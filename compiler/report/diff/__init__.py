"""Output formats of ``dpc diff``: one registry feeding both the code and the CLI choices."""

from __future__ import annotations

from collections.abc import Callable

from compiler.diff.model import DiffReport
from compiler.redaction.shapes import mask_credentials
from compiler.report.diff import json_format, markdown, text

Format = Callable[[DiffReport, bool], str]  # (report, colour) -> the whole output

FORMATS: dict[str, Format] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json_format.render,
}


def render(fmt: str, report: DiffReport, colour: bool) -> str:
    """The report in ``fmt``, with anything shaped like a credential masked as a last line of defence
    (every secret is already a marker: compiler.redaction.markers; this catches any shape a text still holds)."""
    return mask_credentials(FORMATS[fmt](report, colour))
