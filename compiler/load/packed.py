"""A document's two position tables as one compact text, decoded only when a position is asked for.

The cache keeps each document's ``values`` and ``keys`` tables (JsonPath -> (line, col)) as one JSON
text ``[tree, values, keys]``: ``tree`` lists the paths as a trie, ``[parent, part, parent, part, ...]``
for the nodes 1..n (node 0 is the document root ``()``), so each key is written once however deep it
sits; ``values`` and ``keys`` are flat ``[line, col]`` pairs per node, ``0, 0`` where the table has no
entry. A restored document holds :class:`PackedPositions` views of that text. A question about one path
(``Document.position``, ``get``, ``in``, ``[]``) decodes the text once into its checked lists and walks the
path in the tree list; only a question about a whole table (iterating,
counting, comparing) builds the two dicts, so a run that asks restored documents for a few positions
each never builds them (measured in BENCHMARKS.md). A text that does not decode (a crafted cache file: a damaged one
fails its sha256 before) is answered by ``fallback``, which parses the file's text again: positions are
then exactly a fresh parse's, never a crash in the middle of a run.
"""

from __future__ import annotations

import json
import operator
import sys
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


def _node(path: Any, ids: dict[JsonPath, int], tree: list[Any], rows: tuple[list[int], list[int]]) -> int:
    """The node of ``path``, made now with those of its prefixes that have none (each part checked once,
    when its node is made; a path equal to one made before is that node)."""
    if not isinstance(path, tuple):
        raise Unpackable("a path that is not a tuple of strings and ints")
    missing = []
    p = path
    while p not in ids:  # the path's prefixes that have no node yet, deepest first
        missing.append(p)
        p = p[:-1]
    for q in reversed(missing):
        if not _part_ok(q[-1]):
            raise Unpackable("a path that is not a tuple of strings and ints")
        tree += (ids[q[:-1]], q[-1])
        ids[q] = len(ids)
        rows[0].extend((0, 0))
        rows[1].extend((0, 0))
    return ids[path]


def pack(values: Mapping[JsonPath, LineCol], keys: Mapping[JsonPath, LineCol]) -> str:
    """The two tables as one text; :class:`Unpackable` when they cannot round-trip exactly."""
    ids: dict[JsonPath, int] = {(): 0}
    tree: list[Any] = []
    rows: tuple[list[int], list[int]] = ([0, 0], [0, 0])
    for table, row in ((values, rows[0]), (keys, rows[1])):
        for path, at in table.items():
            node = ids.get(path) if type(path) is tuple else None
            if node is None:
                node = _node(path, ids, tree, rows)
            if not (type(at) is tuple and len(at) == 2 and type(at[0]) is int and type(at[1]) is int
                    and at[0] >= 1 and at[1] >= 1) and not _line_col_ok(at):
                raise Unpackable("a position that is not a pair of positive ints")
            row[2 * node], row[2 * node + 1] = at
    return json.dumps([tree, *rows], separators=(",", ":"), ensure_ascii=False)


Rows = tuple[list[Any], list[int], list[int]]


def decode(text: str) -> Rows:
    """The checked ``[tree, values, keys]`` lists of a packed text, the tree's names interned (the same few
    keys recur in every document): ValueError (or TypeError) for a malformed one: a parent that is not an
    earlier node, a part that is not a string or an int, two nodes of one path (never written by
    :func:`pack`), a row that is not one ``[line, col]`` pair of ints per node. The checks run at C speed
    (no loop in Python), so that a lookup of one path costs little more than ``json.loads``."""
    tree, values, keys = json.loads(text)
    if type(tree) is not list or len(tree) % 2:
        raise ValueError("a malformed position tree")
    parents, parts, n = tree[0::2], tree[1::2], len(tree) // 2
    if (not set(map(type, parents)) <= {int} or not set(map(type, parts)) <= {str, int}
            or min(parents, default=0) < 0 or not all(map(operator.lt, parents, range(1, n + 1)))
            or len(set(zip(parents, parts, strict=True))) != n):
        raise ValueError("a malformed position tree")
    for row in (values, keys):
        if type(row) is not list or len(row) != 2 * n + 2 or not set(map(type, row)) <= {int}:
            raise ValueError("a malformed position row")
    tree[1::2] = [p if type(p) is int else sys.intern(p) for p in parts]
    return tree, values, keys


def _child(tree: list[Any], node: int, part: Any) -> int | None:
    """The node under ``node`` named ``part``, or None. A parent is always an earlier node, so its children
    come after it: the search starts at ``node``'s first possible child; an int part may also match a
    parent's slot (an even index), which is passed over."""
    j = 2 * node + 1
    try:
        while True:
            j = tree.index(part, j)
            if j % 2 and tree[j - 1] == node:
                return (j + 1) // 2
            j += 1
    except ValueError:
        return None


def unpack(text: str) -> Tables:
    """The two tables of a packed text; ValueError (or TypeError, IndexError) for a malformed one."""
    return _tables_of(decode(text))


def _tables_of(rows: Rows) -> Tables:
    tree, values, keys = rows
    paths: list[JsonPath] = [()]
    for j in range(0, len(tree), 2):
        paths.append(paths[tree[j]] + (tree[j + 1],))
    out: list[dict[JsonPath, LineCol]] = []
    for row in (values, keys):
        out.append({paths[i // 2]: (row[i], row[i + 1]) for i in range(0, len(row), 2) if row[i] > 0})
    return out[0], out[1]


def nearest(values: Mapping[JsonPath, LineCol], keys: Mapping[JsonPath, LineCol], path: JsonPath,
            key: bool) -> LineCol:
    """Where ``path`` was written: its key's position when asked and known, else its value's, else the
    closest parent's (the document's start, else 1:1, for none): the one rule behind Document.position."""
    table = keys if key else values
    p = tuple(path)
    while p:
        if p in table:
            return table[p]
        if key and p in values:
            return values[p]
        p = p[:-1]
    return values.get((), (1, 1))


def _nearest_in(rows: Rows, path: JsonPath, key: bool) -> LineCol:
    """:func:`nearest` answered from the decoded lists, without building the tables: the same walk."""
    tree, values, keys = rows
    chain, node = [], 0
    for part in path:
        found = _child(tree, node, part)
        if found is None:
            break
        chain.append(found)
        node = found
    for node in reversed(chain):  # a path outside the tree has no entry, nor any path under it
        i = 2 * node
        if key and keys[i] > 0:
            return keys[i], keys[i + 1]
        if values[i] > 0:
            return values[i], values[i + 1]
    return (values[0], values[1]) if values[0] > 0 else (1, 1)


def _entry(rows: Rows, which: int, path: JsonPath) -> LineCol | None:
    """The entry of exactly ``path`` in table ``which`` (0 values, 1 keys) of the decoded lists, or None."""
    node = 0
    for part in path:
        found = _child(rows[0], node, part)
        if found is None:
            return None
        node = found
    row = rows[2] if which else rows[1]
    return (row[2 * node], row[2 * node + 1]) if row[2 * node] > 0 else None


class Packed:
    """One document's packed tables. A question about one path is answered from the decoded lists (decoded
    once, on the first question); the two dicts are built only when a whole table is asked for (iterated,
    counted, compared), and then the lists and the text are let go."""

    __slots__ = ("_fallback", "_rows", "_tables", "_text")

    def __init__(self, text: str | None, fallback: Callable[[], Tables], tables: Tables | None = None):
        self._text: str | None = text
        self._fallback = fallback
        self._rows: Rows | None = None
        self._tables: Tables | None = tables

    def compact(self) -> None:
        """Keep the packed text instead of the tables (built when parsed, or decoded since): a document whose
        per-file checks are done holds a few hundred bytes instead of two dicts; its positions are answered
        as before (:meth:`nearest`, :meth:`entry`). Tables the packed form cannot hold stay as they are."""
        if self._tables is not None:
            try:
                self._text = pack(*self._tables)
            except Unpackable:
                return
            self._tables = self._rows = None

    def _decoded(self) -> Rows | None:
        """The checked lists, or None once the tables are built (from them, or by ``fallback``)."""
        if self._rows is None and self._tables is None:
            try:
                self._rows = decode(self._text or "")
            except (ValueError, TypeError, IndexError, RecursionError):
                self._tables = self._fallback()
                self._text = None
        return self._rows

    def tables(self) -> Tables:
        if self._tables is None:
            rows = self._decoded()
            if rows is not None:
                self._tables = _tables_of(rows)
                self._rows = self._text = None
        assert self._tables is not None  # built above, from the lists or by the fallback
        return self._tables

    def nearest(self, path: JsonPath, key: bool) -> LineCol:
        """:func:`nearest` of these tables, without building them when the text decodes."""
        rows = self._decoded()
        if rows is None:
            return nearest(*self.tables(), path, key)
        return _nearest_in(rows, path, key)

    def entry(self, which: int, path: JsonPath) -> LineCol | None:
        """The entry of exactly ``path`` in table ``which``, without building the tables when the text decodes."""
        rows = self._decoded()
        if rows is None:
            return self.tables()[which].get(path)
        return _entry(rows, which, path)

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
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found  # type: ignore[no-any-return]  # get's default None is the only non-pair

    def __contains__(self, path: object) -> bool:
        return self.get(path) is not None  # type: ignore[arg-type]  # any object: get asks the dict then

    def get(self, path: JsonPath, default: Any = None) -> Any:
        """One entry, from the lists when ``path`` is a tuple (a dict's answer for anything else)."""
        found = self._packed.entry(self._which, path) if type(path) is tuple else self._table().get(path)
        return default if found is None else found

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


def views(text: str, fallback: Callable[[], Tables]) -> tuple[PackedPositions, PackedPositions]:
    """The values and keys views of one packed text."""
    packed = Packed(text, fallback)
    return PackedPositions(packed, 0), PackedPositions(packed, 1)


def holding(values: dict[JsonPath, LineCol], keys: dict[JsonPath, LineCol],
            fallback: Callable[[], Tables]) -> tuple[PackedPositions, PackedPositions]:
    """The values and keys views of two freshly built tables, to be packed by :func:`compact` once the
    document's own checks are done (``fallback`` answers should that text ever fail to decode)."""
    packed = Packed(None, fallback, (values, keys))
    return PackedPositions(packed, 0), PackedPositions(packed, 1)


def compact(positions: Mapping[JsonPath, LineCol]) -> None:
    """:meth:`Packed.compact` of a view's tables; nothing for a plain mapping."""
    if isinstance(positions, PackedPositions):
        positions.packed.compact()


def packed_text(values: Mapping[JsonPath, LineCol], keys: Mapping[JsonPath, LineCol]) -> str:
    """The packed form of a document's tables: the text it was restored from when never decoded."""
    if isinstance(values, PackedPositions) and isinstance(keys, PackedPositions) and values.packed is keys.packed:
        return values.packed.text
    return pack(values, keys)
