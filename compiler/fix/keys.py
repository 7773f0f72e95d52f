"""S006 (an unknown key with exactly one did-you-mean suggestion): the key renamed to the suggestion.

Two or more suggestions, none, or a suggestion the mapping already holds: no fix (the choice is the
author's). The key keeps its quoting style.
"""

from __future__ import annotations

import re

from compiler.core.diagnostics import Diagnostic
from compiler.fix.edit import Edit, Fix
from compiler.fix.source import Source, styled

_ONE = re.compile(r"; did you mean '([^']+)'\?")
PLAIN_KEY = re.compile(r"[A-Za-z_$@][A-Za-z0-9_.$@-]*")  # a key that needs no quotes, whatever its style


def rename(d: Diagnostic, source: Source, old: str, new: str) -> Fix | None:
    """The key ``old`` at the finding's position renamed to ``new``, unless its mapping already has ``new``."""
    key = source.keys.get((d.position.line, d.position.col))
    if key is None or key.node.value != old or not PLAIN_KEY.fullmatch(new) or new in source.key_names(key.mapping):
        return None
    text = styled(key.node, new)
    if text is None:
        return None
    edit = Edit(key.node.start_mark.index, key.node.end_mark.index, text)
    return Fix(d, edit, frozenset({(id(key.mapping), new)}))


def suggested(d: Diagnostic, source: Source) -> Fix | None:
    key = source.keys.get((d.position.line, d.position.col))
    if key is None or not d.message.startswith(f"unknown key '{key.node.value}'"):
        return None
    tail = d.message[len(f"unknown key '{key.node.value}'"):]
    found = _ONE.search(tail)
    if found is None or not tail.endswith(found.group(0)) or "' or '" in tail:
        return None
    return rename(d, source, str(key.node.value), found.group(1))
