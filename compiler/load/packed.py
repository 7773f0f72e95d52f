"""A document's two position tables as one compact text, decoded only when a position is asked for.

The cache keeps each document's ``values`` and ``keys`` tables (JsonPath -> (line, col)) as one JSON
text ``[tree, values, keys]``: ``tree`` lists the paths as a trie, ``[parent, part, parent, part, ...]``
for the nodes 1..n (node 0 is the document root ``()``), so each key is written once however deep it
sits; ``values`` and ``keys`` are flat ``[line, col]`` pairs per node, ``0, 0`` where the table has no
entry. A restored document holds :class:`PackedPositions` views of that text: the text is decoded into
the two dicts on the first question either table is asked, so most restored documents never build
them (measured in BENCHMARKS.md). A text that does not decode (a crafted cache file: a damaged one
fails its sha256 before) is answered by ``fallback``, which parses the file's text again: positions are
then exactly a fresh parse's, never a crash in the middle of a run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

JsonPath = tuple[Any, ...]
LineCol = tuple[int, int]
Tables = tuple[dict[JsonPath, LineCol], dict[JsonPath, LineCol]]


class Unpackable(ValueError):
    """Tables that the packed form cannot hold exactly (a position that is not a pair of positive ints,
    a path part that is not a string or an int)."""


def _part_ok(part: Any) -> bool:
    return isinstance(part, str) or (isinstance(part, int) and not isinstance(part, bool))


def _line_col_ok(at: Any) -> bool:
    return (isinstance(at, tuple) and len(at) == 2 and all(type(x) is int and x >= 1 for x in at))


def pack(values: Mapping[JsonPath, LineCol], keys: Mapping[JsonPath, LineCol]) -> str:
    """The two tables as one text; :class:`Unpackable` when they cannot round-trip exactly."""
    ids: dict[JsonPath, int] = {(): 0}
    tree: list[Any] = []
    for table in (values, keys):
        for path in table:
            if not isinstance(path, tuple) or not all(_part_ok(p) for p in path):
                raise Unpackable("a path that is not a tuple of strings and ints")
            missing = []
            p = path
            while p not in ids:  # the path's prefixes that have no node yet, deepest first
                missing.append(p)
                p = p[:-1]
            for q in reversed(missing):
                tree += [ids[q[:-1]], q[-1]]
                ids[q] = len(ids)
    flat: list[list[int]] = []
    for table in (values, keys):
        row = [0] * (2 * len(ids))
        for path, at in table.items():
            if not _line_col_ok(at):
                raise Unpackable("a position that is not a pair of positive ints")
            i = 2 * ids[path]
            row[i], row[i + 1] = at
        flat.append(row)
    return json.dumps([tree, *flat], separators=(",", ":"), ensure_ascii=False)


def unpack(text: str) -> Tables:
    """The two tables of a packed text; ValueError (or TypeError, IndexError) for a malformed one."""
    tree, values, keys = json.loads(text)
    paths: list[JsonPath] = [()]
    for j in range(0, len(tree), 2):
        parent, part = tree[j], tree[j + 1]
        if type(parent) is not int or not 0 <= parent < len(paths) or not _part_ok(part):
            raise ValueError("a malformed position tree")
        paths.append(paths[parent] + (part,))
    out: list[dict[JsonPath, LineCol]] = []
    for row in (values, keys):
        if not isinstance(row, list) or len(row) != 2 * len(paths) or not set(map(type, row)) <= {int}:
            raise ValueError("a malformed position row")
        out.append({paths[i // 2]: (row[i], row[i + 1]) for i in range(0, len(row), 2) if row[i] > 0})
    return out[0], out[1]


class Packed:
    """One document's packed tables, decoded once, on first use."""

    __slots__ = ("_fallback", "_tables", "_text")

    def __init__(self, text: str, fallback: Callable[[], Tables]):
        self._text: str | None = text
        self._fallback = fallback
        self._tables: Tables | None = None

    def tables(self) -> Tables:
        if self._tables is None:
            try:
                self._tables = unpack(self._text or "")
            except (ValueError, TypeError, IndexError, RecursionError):
                self._tables = self._fallback()
            self._text = None
        return self._tables

    @property
    def text(self) -> str:
        """The packed form (packed again if it was decoded)."""
        return self._text if self._text is not None else pack(*self.tables())


class PackedPositions(Mapping[JsonPath, LineCol]):
    """A read-only view of one of the two tables of a :class:`Packed`: 0 the values, 1 the keys."""

    __slots__ = ("_packed", "_which")

    def __init__(self, packed: Packed, which: int):
        self._packed, self._which = packed, which

    @property
    def packed(self) -> Packed:
        return self._packed

    def _table(self) -> dict[JsonPath, LineCol]:
        return self._packed.tables()[self._which]

    def __getitem__(self, path: JsonPath) -> LineCol:
        return self._table()[path]

    def __contains__(self, path: object) -> bool:
        return path in self._table()

    def get(self, path: JsonPath, default: Any = None) -> Any:
        return self._table().get(path, default)

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedPositions):
            other = other._table()
        return self._table() == other

    __hash__ = None  # type: ignore[assignment]  # a mapping, as unhashable as the dict it stands for

    def __repr__(self) -> str:
        return repr(self._table())


def table(positions: Mapping[JsonPath, LineCol]) -> Mapping[JsonPath, LineCol]:
    """The dict behind a view (decoded now if it was not yet), or the mapping itself: for lookups in a loop."""
    return positions._table() if isinstance(positions, PackedPositions) else positions


def views(text: str, fallback: Callable[[], Tables]) -> tuple[PackedPositions, PackedPositions]:
    """The values and keys views of one packed text."""
    packed = Packed(text, fallback)
    return PackedPositions(packed, 0), PackedPositions(packed, 1)


def packed_text(values: Mapping[JsonPath, LineCol], keys: Mapping[JsonPath, LineCol]) -> str:
    """The packed form of a document's tables: the text it was restored from when never decoded."""
    if isinstance(values, PackedPositions) and isinstance(keys, PackedPositions) and values.packed is keys.packed:
        return values.packed.text
    return pack(values, keys)
