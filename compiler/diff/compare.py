"""Base units against head units, by identity: added, removed, changed, unchanged; and likely renames.

Resources are matched by product, type, name and workspace, so a version bump (``depot`` v1 ->
v2alpha) reads as a change of the same depot. Both texts are canonical emitter output, so the
unified diff shows only what differs in meaning, never formatting, key order or comments. A
rename cannot be told from a removal and an addition (DataOS sees exactly that), so it is shown as
both, with a note when the two look alike.
"""

from __future__ import annotations

import difflib

from compiler.diff.model import ADDED, CHANGED, REMOVED, UNCHANGED, Change, Manifest, Rename
from compiler.diff.units import Unit

RENAME_SIMILARITY = 0.6


def _diff(before: Manifest | None, after: Manifest | None) -> str:
    old = before.text.splitlines(keepends=True) if before else []
    new = after.text.splitlines(keepends=True) if after else []
    lines = difflib.unified_diff(old, new, f"base/{before.identity}" if before else "/dev/null",
                                 f"head/{after.identity}" if after else "/dev/null", n=3)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def compare(base: list[Unit], head: list[Unit]) -> list[Change]:
    """Every unit of either side once, in the order of the head's build (removed ones where they stood)."""
    before = {}
    for u in base:
        before.setdefault(u.manifest.key, u)
    after = {}
    for u in head:
        after.setdefault(u.manifest.key, u)
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: _place(before.get(k), after.get(k))):
        b, a = before.get(key), after.get(key)
        if b is None:
            changes.append(Change(ADDED, None, a.manifest, _diff(None, a.manifest)))
        elif a is None:
            changes.append(Change(REMOVED, b.manifest, None, _diff(b.manifest, None)))
        elif a.digest == b.digest:
            changes.append(Change(UNCHANGED, b.manifest, a.manifest, ""))
        else:
            changes.append(Change(CHANGED, b.manifest, a.manifest, _diff(b.manifest, a.manifest)))
    return changes


def _place(b: Unit | None, a: Unit | None) -> tuple:
    m = (a or b).manifest  # type: ignore[union-attr]
    return (m.product, m.order, m.type, m.name, m.workspace or "")


def _lines_without_name(m: Manifest) -> list[str]:
    return [line for line in m.text.splitlines() if m.name not in line]


def _similarity(a: Manifest, b: Manifest) -> float:
    return difflib.SequenceMatcher(None, _lines_without_name(a), _lines_without_name(b), autojunk=False).ratio()


def renames(changes: list[Change]) -> list[Rename]:
    """Pairs of a removal and an addition of the same type in the same product whose texts look alike."""
    removed = [c.before for c in changes if c.status == REMOVED]
    added = [c.after for c in changes if c.status == ADDED]
    found: list[Rename] = []
    taken: set[int] = set()
    for old in removed:
        best, score = None, RENAME_SIMILARITY
        for i, new in enumerate(added):
            if i in taken or (new.product, new.type) != (old.product, old.type):
                continue
            s = _similarity(old, new)
            if s >= score:
                best, score = i, s
        if best is not None:
            taken.add(best)
            found.append(Rename(old.product, old.type, old.name, added[best].name))
    return found
