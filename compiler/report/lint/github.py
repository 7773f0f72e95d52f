"""GitHub Actions workflow commands: annotations on the pull request's changed lines.

GitHub shows at most 10 error and 10 warning annotations per step (50 per job) and drops
the rest silently. So dpc writes the errors first, then warnings, then notices (infos),
at most 10 of each (9 notices, leaving room for the summary), then one ``::notice`` with
the totals and how many findings did not fit. Within a severity, root causes (Y, S, P, T) come before
the reference findings (R) that may follow from them. After the annotations comes every finding
as a plain ``path:line:col: severity CODE message`` line, so the step's log has them all.

Nothing a pull request wrote can become a workflow command: every text is printable
(text.printable) and escaped as workflow-command data, and when a plain line would still
read as a command (a folder named ``::set-output name=x::y``), the plain lines are wrapped
in ``::stop-commands::TOKEN`` ... ``::TOKEN::``, the token a hash of those lines, which no
line can contain.
"""

from __future__ import annotations

import hashlib
import re

from compiler.core.diagnostics import Diagnostic, Result, Severity
from compiler.report.lint import text
from compiler.report.lint.text import printable

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
LIMITS = {Severity.ERROR: 10, Severity.WARNING: 10, Severity.INFO: 9}  # per step; one notice is the summary


_BREAKS = "\n\r"
_COMMAND_LIKE = re.compile(r"^\s*::|##\[", re.M)  # what the runner reads as a command (v2 and v1 syntax)


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    p = d.position
    # a line break in a message is workflow-command data (%0A), shown as one; other controls as escapes
    message = printable(d.message, _BREAKS) + (f"\nhint: {printable(d.hint, _BREAKS)}" if d.hint else "")
    return (f"::{COMMANDS[d.severity]} file={_prop(printable(p.path))},line={p.line},col={p.col},"
            f"title={_prop(d.code)}::{_data(message)}")


def _summary(result: Result, left_out: int) -> str:
    line = text.summary(result)
    if left_out:
        line += (f"; {left_out} not annotated (GitHub shows 10 errors and 10 warnings per step), "
                 "every finding is listed in the log")
    return f"::notice title=dpc::{_data(line)}"


def _plain(result: Result) -> str:
    """The plain listing; fenced off from the runner when one of its lines reads as a command."""
    listing = text.render(result, colour=False)
    if not _COMMAND_LIKE.search(listing):
        return listing
    token = "dpc-" + hashlib.sha256(listing.encode("utf-8")).hexdigest()[:32]
    return f"::stop-commands::{token}\n{listing}::{token}::\n"


def render(result: Result, colour: bool = False) -> str:
    lines = [f"::error title=dpc::{_data(printable(f))}" for f in result.failures]
    left_out = 0
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        found = [d for d in text.root_causes_first(result.diagnostics) if d.severity == severity]
        room = LIMITS[severity] - (len(lines) if severity == Severity.ERROR else 0)
        lines.extend(annotation(d) for d in found[:max(room, 0)])
        left_out += max(len(found) - max(room, 0), 0)
    lines.append(_summary(result, left_out))
    return "\n".join(lines) + "\n" + _plain(result)
