"""The secret values of each checked file, worked out once per run.

A run asks for the secret values of its files more than once (to keep them out of the cache, then
to scrub every message); a file restored from the cache with its documents is known to hold none
(the cache keeps documents only when no secret can be in the text). Entries live as long as the
file's record does (a weak reference), so a long process does not keep old runs.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from compiler.redaction.masks import Hidden

NONE = Hidden(frozenset(), frozenset())
T = TypeVar("T")
_MEMO: dict[int, tuple[weakref.ref[Any], Hidden]] = {}


def known(source: T, values: Hidden) -> None:
    """Remember ``values`` as the secret values of ``source``."""
    key = id(source)
    _MEMO[key] = (weakref.ref(source, lambda _ref: _MEMO.pop(key, None)), values)


def of(source: T, compute: Callable[[T], Hidden]) -> Hidden:
    """The secret values of ``source``, computed by ``compute`` the first time."""
    entry = _MEMO.get(id(source))
    if entry is not None and entry[0]() is source:
        return entry[1]
    values = compute(source)
    known(source, values)
    return values


def union(parts: list[Hidden]) -> Hidden:
    """One :class:`Hidden` of several (the same as computing it over all their values at once)."""
    anywhere = frozenset().union(*(p.anywhere for p in parts))
    tokens = frozenset().union(*(p.tokens for p in parts))
    return Hidden(anywhere, tokens - anywhere)
