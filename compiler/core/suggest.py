"""'Did you mean' suggestions and the way paths inside a document are written in messages.

A set of candidate names is indexed once (by length, by lower case, by trigram on demand), so
that a word is compared only with the names of a length difflib could accept: the same
answers as a full scan. Those comparisons draw on the run's budget (core/budget.py); once it
is spent, a word is compared with the :data:`NARROWED` names sharing most trigrams with it, so
that thousands of unresolved references among thousands of names are answered in seconds.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable

from compiler.core import budget

CUTOFF = 0.7
NARROWED = 10  # names compared in full once the run's comparisons are spent: those sharing most trigrams


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class _Pool:
    """One set of candidate names, indexed once: by lower case, by length, by trigram."""

    def __init__(self, names: frozenset[str]):
        ordered = sorted(names)
        self.same_case: dict[str, list[str]] = defaultdict(list)
        for c in ordered:
            self.same_case[c.lower()].append(c)
        self.lowered = {c.lower(): c for c in ordered}
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for low in self.lowered:
            self.by_length[len(low)].append(low)
        self.grams: dict[str, list[str]] | None = None
        self.windows: dict[int, list[str]] = {}

    def near(self, low: str) -> list[str]:
        """The names difflib could find close to ``low``: those of a length it does not rule out."""
        n = len(low)
        window = self.windows.get(n)
        if window is None:
            window = self.windows[n] = [c for length, names in self.by_length.items()
                                        if 2 * min(n, length) >= CUTOFF * (n + length) for c in names]
        if len(window) <= NARROWED or budget.current().spend_comparisons(len(window)):
            return window
        return self._narrowed(low, n)

    def _narrowed(self, low: str, n: int) -> list[str]:
        """The :data:`NARROWED` names of ``low``'s length window sharing most trigrams with it."""
        if self.grams is None:
            self.grams = defaultdict(list)
            for name in self.lowered:
                for g in _trigrams(name):
                    self.grams[g].append(name)
        common = max(100, len(self.lowered) // 10)  # a trigram most names share tells nothing apart
        score: dict[str, int] = defaultdict(int)
        for g in _trigrams(low):
            posting = self.grams.get(g, ())
            if len(posting) <= common:
                for name in posting:
                    score[name] += 1
        ranked = sorted((name for name in score if 2 * min(n, len(name)) >= CUTOFF * (n + len(name))),
                        key=lambda name: (-score[name], name))
        return ranked[:NARROWED]


_POOLS: dict[frozenset[str], _Pool] = {}


def _pool(candidates: Iterable[str]) -> _Pool:
    names = frozenset(candidates)
    pool = _POOLS.get(names)
    if pool is None:
        if len(_POOLS) > 64:
            _POOLS.clear()
        pool = _POOLS[names] = _Pool(names)
    return pool


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Candidates close to ``word``; a case-only difference always wins."""
    pool = _pool(candidates)
    low = word.lower()
    same_case = [c for c in pool.same_case.get(low, ()) if c != word]
    if same_case:
        return same_case[:n]
    hits = difflib.get_close_matches(low, pool.near(low), n=n, cutoff=CUTOFF)
    return [pool.lowered[h] for h in hits]


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
