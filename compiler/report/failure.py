"""A failure (dpc could not run: exit 2) as its one line on stderr: ``dpc: error G003 ...`` when coded."""

from __future__ import annotations

from compiler.core.diagnostics import Failure


def line(failure: Failure | str) -> str:
    """``dpc: error G003 ...`` for a coded failure, ``dpc: ...`` otherwise."""
    if isinstance(failure, str):  # the build's failures are still lines (TODO: records after the merge)
        code = failure.split(" ", 1)[0]
        coded = len(code) == 4 and code[0] == "G" and code[1:].isdigit()
        return f"dpc: error {failure}" if coded else f"dpc: {failure}"
    return f"dpc: error {failure.code} {failure.message}" if failure.code else f"dpc: {failure.message}"
