"""The ``--diff`` text: a unified diff per file (``--- a/PATH``, ``+++ b/PATH``, as git prints it), with
git's marker for a last line that has no line break."""

from __future__ import annotations

import difflib
import re

NO_EOL = "\\ No newline at end of file\n"
_LINES = re.compile(r"[^\n]*\n|[^\n]+")  # lines end at a line feed only (str.splitlines splits at more)


def unified(path: str, before: str, after: str) -> str:
    out = []
    for line in difflib.unified_diff(_LINES.findall(before), _LINES.findall(after), f"a/{path}", f"b/{path}"):
        if line.endswith("\n"):  # the two header lines always do
            out.append(line)
        else:
            out += [line + "\n", NO_EOL]
    return "".join(out)
