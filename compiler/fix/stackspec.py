"""S010 (a stack's settings under its legacy stack-named key, ``flare:``): the key renamed to
``stackSpec``, as the finding's hint says (compiler.rules.stacks reports it only for the stacks whose
legacy key the catalogue records, and only when ``stackSpec`` is not there too)."""

from __future__ import annotations

import re

from compiler.core.diagnostics import Diagnostic
from compiler.fix.edit import Fix
from compiler.fix.keys import rename
from compiler.fix.source import Source

_HINT = re.compile(r"rename '([A-Za-z0-9_-]+):' to 'stackSpec:'")


def legacy(d: Diagnostic, source: Source) -> Fix | None:
    found = _HINT.fullmatch(d.hint or "")
    return rename(d, source, found.group(1), "stackSpec") if found else None
