"""Secrets in a diff, the way ``kubectl diff`` shows them: never the value, nor any fingerprint of it.

Each secret of a compared resource (a sensitive field, a credential-shaped part of a string,
a secret value written anywhere else) becomes a marker that says only whether it changed,
decided by comparing the two sides' values in memory:

- ``<secret: unchanged>``: the other side holds the same value at the same place;
- ``<secret: changed>``: on the head side, a value the base did not hold there;
- ``<secret>``: the base side's old value, or any secret of a resource added or removed.

So a changed password reads ``-  password: <secret>`` / ``+  password: <secret: changed>``, and an
unchanged one shows no change. ``${VAR}`` references, fill-in markers and empty values are not
secrets: they are shown as written, so a renamed variable is visible.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from compiler.redaction.masks import Hidden, is_stand_in, spans
from compiler.redaction.shapes import find, mask_credentials

SECRET, CHANGED, UNCHANGED = "<secret>", "<secret: changed>", "<secret: unchanged>"
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: a token survives YAML emission as written
_TOKEN = re.compile(f"{_OPEN}[0-9]+{_CLOSE}")

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Secrets:
    """What one side of one compared resource holds: sensitive fields and credential-shaped parts, by path."""

    fields: Mapping[Path, Any] = field(default_factory=dict)
    shapes: frozenset[tuple[Path, str]] = frozenset()
    values: Hidden = Hidden()  # every secret value of that side (of every resource compared)


@dataclass
class _Tokens:
    head: bool
    other: Secrets | None
    mine: Secrets
    shown: dict[str, str] = field(default_factory=dict)

    def token(self, marker: str) -> str:
        key = f"{_OPEN}{len(self.shown)}{_CLOSE}"
        self.shown[key] = marker
        return key

    def marker(self, unchanged: bool) -> str:
        if self.other is None:
            return SECRET
        return UNCHANGED if unchanged else CHANGED if self.head else SECRET


_MISSING = object()


def _string(text: str, path: Path, t: _Tokens, everything: Hidden) -> str:
    """A string that is no secret field, with each secret standing in it replaced by a token."""
    other = t.other
    places: list[tuple[int, int, bool]] = []
    for f in find(text):
        places.append((f.start, f.end, other is not None and (path, f.secret) in other.shapes))
    for start, end, values in spans(text, everything):
        same = other is not None and all(v in t.mine.values and v in other.values for v in values)
        places.append((start, end, same))
    if not places:
        return text
    places.sort()
    out, at, run = [], 0, None
    for start, end, same in places:
        if run is not None and start < run[1]:
            run = (run[0], max(run[1], end), run[2] and same)
            continue
        if run is not None:
            out.append(text[at:run[0]] + t.token(t.marker(run[2])))
            at = run[1]
        run = (start, end, same)
    assert run is not None
    out.append(text[at:run[0]] + t.token(t.marker(run[2])))
    return "".join(out) + text[run[1]:]


def redact(data: Any, mine: Secrets, other: Secrets | None, everything: Hidden, head: bool
           ) -> tuple[Any, dict[str, str]]:
    """``data`` with every secret replaced by a token, and each token's marker (for :func:`finish`).
    ``other`` is the same resource on the other side, None when it was added or removed;
    ``everything`` every secret value of both sides, masked wherever it was written."""
    t = _Tokens(head, other, mine)
    root: list[Any] = [None]
    stack: list[tuple[Any, Path, list[Any] | dict[Any, Any], Any]] = [(data, (), root, 0)]
    while stack:  # a loop, not recursion: manifests nest deeply
        node, path, parent, slot = stack.pop()
        if path in mine.fields and not is_stand_in(node):
            unchanged = other is not None and other.fields.get(path, _MISSING) == node
            parent[slot] = t.token(t.marker(unchanged))
        elif isinstance(node, dict):
            copy: dict[Any, Any] = {}
            for k, v in node.items():
                key = _string(k, path, t, everything) if isinstance(k, str) else k
                copy[key] = None
                stack.append((v, (*path, k), copy, key))
            parent[slot] = copy
        elif isinstance(node, list):
            items: list[Any] = [None] * len(node)
            stack.extend((v, (*path, i), items, i) for i, v in enumerate(node))
            parent[slot] = items
        elif isinstance(node, str):
            parent[slot] = _string(node, path, t, everything)
        else:
            parent[slot] = node
    return root[0], t.shown


def finish(text: str, shown: Mapping[str, str]) -> str:
    """The emitted text of :func:`redact`'s data with each token replaced by its marker."""
    text = _TOKEN.sub(lambda m: shown.get(m.group(0), SECRET), text)
    return mask_credentials(text)
