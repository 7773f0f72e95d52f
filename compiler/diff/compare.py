"""Base units against head units, by identity: added, removed, changed, renamed, unchanged or unknown.

Resources are matched as DataOS matches them: type, name and workspace. Not the version, so a
version bump (``depot`` v1 -> v2alpha) reads as a change of the same depot; not the product
folder, so a resource that moves to another product, or a product folder that is renamed, keeps
its identity. Both texts are canonical emitter output, so the unified diff shows only what
differs in meaning, never formatting, key order or comments. A resource present on one side
whose source file the other side could not compile is *unknown* there: never added or removed.
A removal and an addition of the same type whose texts look alike (names aside) are one rename.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from compiler.diff.model import ADDED, CHANGED, REMOVED, RENAMED, UNCHANGED, UNKNOWN, Change, Manifest, Rename
from compiler.diff.units import Unit

RENAME_SIMILARITY = 0.75
_NAME = "\0"  # what a resource's own name becomes when two texts are compared for a rename


def _diff(before: Manifest | None, after: Manifest | None) -> str:
    old = before.text.splitlines(keepends=True) if before else []
    new = after.text.splitlines(keepends=True) if after else []
    lines = difflib.unified_diff(old, new, f"base/{before.identity}" if before else "/dev/null",
                                 f"head/{after.identity}" if after else "/dev/null", n=3)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _first(units: list[Unit]) -> dict[tuple[str, str, str], Unit]:
    out: dict[tuple[str, str, str], Unit] = {}
    for u in units:
        out.setdefault(u.manifest.key, u)
    return out


def _unknown(m: Manifest, not_compiled: frozenset[str], side: str) -> str:
    """The note of a resource whose source file ``side`` could not compile; "" when it could."""
    return f"{m.source} is not compiled at the {side}" if m.source and m.source in not_compiled else ""


def compare(base: list[Unit], head: list[Unit], base_not_compiled: Iterable[str] = (),
            head_not_compiled: Iterable[str] = ()) -> list[Change]:
    """Every unit of either side once, in the order of the head's build (removed ones where they stood);
    renames paired (:func:`pair_renames`)."""
    before, after = _first(base), _first(head)
    bad_base, bad_head = frozenset(base_not_compiled), frozenset(head_not_compiled)
    changes = []
    for key in sorted(set(before) | set(after), key=lambda k: _place(before.get(k), after.get(k))):
        b, a = before.get(key), after.get(key)
        if b is None:
            note = _unknown(a.manifest, bad_base, "base")  # type: ignore[union-attr]
            changes.append(Change(UNKNOWN, None, a.manifest, "", note) if note  # type: ignore[union-attr]
                           else Change(ADDED, None, a.manifest, _diff(None, a.manifest)))  # type: ignore[union-attr]
        elif a is None:
            note = _unknown(b.manifest, bad_head, "head")
            changes.append(Change(UNKNOWN, b.manifest, None, "", note) if note
                           else Change(REMOVED, b.manifest, None, _diff(b.manifest, None)))
        elif a.digest == b.digest:
            changes.append(Change(UNCHANGED, b.manifest, a.manifest, ""))
        else:
            changes.append(Change(CHANGED, b.manifest, a.manifest, _diff(b.manifest, a.manifest)))
    return pair_renames(changes)


def _place(b: Unit | None, a: Unit | None) -> tuple[str, int, str, str, str]:
    m = (a or b).manifest  # type: ignore[union-attr]
    return (m.product, m.order, m.type, m.name, m.workspace or "")


def _lines(m: Manifest) -> list[str]:
    return [line.replace(m.name, _NAME) for line in m.text.splitlines()]


def similarity(a: Manifest, b: Manifest) -> float:
    """How alike two texts are once each resource's own name is blanked out: 0.0 to 1.0."""
    return difflib.SequenceMatcher(None, _lines(a), _lines(b), autojunk=False).ratio()


_MEMBER = " (compared on its own)"


def _members(m: Manifest) -> set[str]:
    return {line.strip() for line in m.text.splitlines() if line.endswith(_MEMBER)}


def _alike(old: Manifest, new: Manifest, products: dict[str, str]) -> bool:
    """Could ``new`` be ``old`` renamed? The same type at the same level; a bundle holding mostly the same
    resources; a data product spec or its scanner in the same product, or in one whose bundle was renamed
    (generated from the same template, any two of them look alike)."""
    if old.type != new.type or (old.bundle is None) != (new.bundle is None):
        return False
    if old.type == "bundle":
        a, b = _members(old), _members(new)
        return not (a or b) or len(a & b) * 2 >= max(len(a), len(b))
    if old.type == "data" or old.scanner:
        return products.get(old.product, old.product) == new.product
    return old.workspace == new.workspace or products.get(old.product, old.product) == new.product


def _pair(removed: list[Manifest], added: list[Manifest], partner: dict[str, Manifest],
          products: dict[str, str]) -> None:
    for old in removed:
        best, score = None, RENAME_SIMILARITY
        for new in added:
            if new.identity in partner or not _alike(old, new, products):
                continue
            s = similarity(old, new)
            if s >= score:
                best, score = new, s
        if best is not None:
            partner[best.identity] = old
            if old.type == "bundle":
                products[old.product] = best.product


def pair_renames(changes: list[Change]) -> list[Change]:
    """Each removal and the addition of the same type most like it (at least :data:`RENAME_SIMILARITY`)
    become one RENAMED change, standing where the addition stood. Bundles are paired first: a renamed
    bundle tells which product became which."""
    removed = [c.before for c in changes if c.status == REMOVED and c.before is not None]
    added = [c.after for c in changes if c.status == ADDED and c.after is not None]
    partner: dict[str, Manifest] = {}  # head identity -> the base manifest it renames
    products: dict[str, str] = {}  # base product -> head product, from renamed bundles
    _pair([m for m in removed if m.type == "bundle"], added, partner, products)
    _pair([m for m in removed if m.type != "bundle"], added, partner, products)
    taken = {old.identity for old in partner.values()}
    out = []
    for c in changes:
        if c.status == REMOVED and c.before is not None and c.before.identity in taken:
            continue
        if c.status == ADDED and c.after is not None and c.after.identity in partner:
            old = partner[c.after.identity]
            out.append(Change(RENAMED, old, c.after, _diff(old, c.after)))
        else:
            out.append(c)
    return out


def renames(changes: list[Change]) -> list[Rename]:
    """The renames among ``changes``, for the summary lines."""
    return [Rename(c.after.product, c.after.type, c.before.name, c.after.name)  # type: ignore[union-attr]
            for c in changes if c.status == RENAMED]

