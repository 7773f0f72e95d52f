"""Bounds on what one template call may build, checked before the call where it could blow up.

jinja2's sandbox stops the way out to Python internals, not a template that asks for gigabytes:
``'x'.ljust(10**9)``, ``s|replace('a', s)``, ``[s]*99999|join``, ``('\\n'*99999)|indent(99999)``.
Each call and filter of a template is checked here: integer arguments beyond
:data:`MAX_ITEMS`, an estimate of the output of the operations whose output grows with their
arguments, and the size of every result, so that no step starts from more than
:data:`MAX_OUTPUT` characters.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2.exceptions import SecurityError

MAX_ITEMS = 100_000
MAX_OUTPUT = 1_000_000
_WIDE_FIELD = re.compile(r"\{[^{}]*:[^{}]*\d{6,}")  # '{:999999}'.format(...)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else len(str(value)) if value is not None else 0


def _estimate(name: str, value: Any, args: tuple, kwargs: dict) -> int:
    """The length of what ``name(value, *args)`` gives, for the operations that multiply their input."""
    if name == "replace" and len(args) >= 2 and isinstance(value, str):
        old, new = str(args[0]), str(args[1])
        return len(value) + (len(value) // max(len(old), 1) + 1) * len(new)
    if name == "join" and isinstance(value, (list, tuple)):
        sep = args[0] if args and isinstance(args[0], str) else str(kwargs.get("d", ""))
        return sum(map(_length, value)) + len(sep) * len(value)
    if name == "join" and isinstance(value, str) and args and isinstance(args[0], (list, tuple)):
        return sum(map(_length, args[0])) + len(value) * len(args[0])  # str.join
    if name == "indent" and isinstance(value, str):
        width = args[0] if args else kwargs.get("width", 4)
        return len(value) + (value.count("\n") + 1) * (_length(width) if isinstance(width, str) else int(width))
    return 0


def before(name: str, value: Any, args: tuple, kwargs: dict) -> None:
    """Refuse the call ``name(value, *args, **kwargs)`` when it would be too big."""
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_ITEMS:
            raise SecurityError(f"an argument of {a:,} is beyond the limit of {MAX_ITEMS:,}")
    if name in ("format", "format_map") and isinstance(value, str) and _WIDE_FIELD.search(value):
        raise SecurityError("the format string asks for a width beyond the limit")
    if _estimate(name, value, args, kwargs) > MAX_OUTPUT:
        raise SecurityError(f"{name} would give more than {MAX_OUTPUT:,} characters")


def after(name: str, result: Any) -> Any:
    """``result``, unless it is already beyond what a template may output."""
    if isinstance(result, (str, list, tuple, dict)) and len(result) > MAX_OUTPUT:
        raise SecurityError(f"{name} gives {len(result):,} items, beyond the limit of {MAX_OUTPUT:,}")
    return result
