"""Words of dpc's messages that depend on a count."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``1 file``, ``2 files``, ``0 files``."""
    return f"{n} {word}{'' if n == 1 else 's'}"
