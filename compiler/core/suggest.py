"""'Did you mean' suggestions and the way paths inside a document are written in messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Candidates close to ``word``; a case-only difference always wins."""
    pool = sorted(set(candidates))
    same_case = [c for c in pool if c.lower() == word.lower() and c != word]
    if same_case:
        return same_case[:n]
    lowered = {c.lower(): c for c in pool}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.7)
    return [lowered[h] for h in hits]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    hits = closest(word, candidates)
    if not hits:
        return ""
    return "; did you mean " + " or ".join(f"'{h}'" for h in hits) + "?"


def dotted(path: Iterable[object]) -> str:
    """('workflow', 'dag', 0, 'spec') -> 'workflow.dag[0].spec'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
