"""Explicit JSON forms of a diff's reduced base (:class:`~compiler.diff.reduced.Reduced`) and of a side's
source hashes (:class:`~compiler.diff.sides.Sources`), for :mod:`compiler.diff.keptbase`.

Data only: every ``from_json`` checks the shape it is given and raises
:class:`~compiler.load.records.BadRecord` for anything else, so a damaged or crafted file is only a slower
diff. Every mapping is written as a list of pairs, in its order, so what is read back iterates as what was
kept. A built manifest keeps what the comparison reads of it (its node and its document's path, index and
data); the origins of its values, which only the build's findings use, are not kept. ``to_json`` raises
BadRecord for a value it has no form for (a base holding one is not kept).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from compiler.core.diagnostics import Position
from compiler.diff.baseindex import BaseIndex
from compiler.diff.breaking import Written
from compiler.diff.context import Side
from compiler.diff.model import NotCompiled
from compiler.diff.reduced import Kept, Reduced
from compiler.diff.sides import Sources
from compiler.diff.units import Context
from compiler.emit.generate import Built
from compiler.emit.order import Node
from compiler.load.origin import SourcedDocument
from compiler.load.records import (
    BadRecord,
    Json,
    diagnostic_from_json,
    diagnostic_to_json,
    position_from_json,
    position_to_json,
    value_from_json,
    value_to_json,
)
from compiler.resolve.index import Definition, Write

T = TypeVar("T")


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise BadRecord(what)


def _str(x: Any) -> str:
    _need(isinstance(x, str), "not a string")
    return str(x)


def _opt(x: Any) -> str | None:
    return None if x is None else _str(x)


def _list(x: Any, size: int | None = None) -> list[Any]:
    _need(isinstance(x, list) and (size is None or len(x) == size), "not a list of the right length")
    return list(x)


def _strs(x: Any) -> tuple[str, ...]:
    return tuple(_str(s) for s in _list(x))


def _pairs(x: Any, key: Callable[[Any], Any], value: Callable[[Any], T]) -> dict[Any, T]:
    return {key(k): value(v) for k, v in (_list(p, 2) for p in _list(x))}


def _table(x: Any) -> tuple[str, str, str]:
    a, b, c = _list(x, 3)
    return (_str(a), _str(b), _str(c))


def _path(x: Any) -> tuple[str | int, ...]:
    parts = _list(x)
    _need(all(isinstance(p, (str, int)) for p in parts), "a malformed JSON path")
    return tuple(parts)


def _position(x: Any) -> Position | None:
    return None if x is None else position_from_json(x)


# --- to JSON ----------------------------------------------------------------------------------------------

def _built_to_json(b: Built) -> Json:
    doc, node = b.document, b.node
    data = value_to_json(doc.data)
    own = None if node.data is doc.data else [value_to_json(node.data)]  # the node's data: the document's
    return [node.key, node.type, node.name, doc.path, doc.index, data, own]


def _definition_to_json(d: Definition) -> Json:
    at = position_to_json(d.position) if d.position is not None else None
    return [d.kind, d.name, at, d.product, d.origin, d.container, [list(a) for a in d.attrs], d.resource]


def _write_to_json(w: Write) -> Json:
    return [list(w.table), w.product, position_to_json(w.position), w.writer, w.declared]


def _side_to_json(s: Side) -> Json:
    return [[[*k, v] for k, v in s.context.sources.items()],
            [[list(k), [list(f) for f in files]] for k, files in s.context.attached.items()],
            [[n.side, n.path, n.reason] for n in s.not_compiled], sorted(s.defining), sorted(s.foreign)]


def _index_to_json(i: BaseIndex) -> Json:
    return [[_write_to_json(w) for w in i.writes],
            [[kind, [[name, [_definition_to_json(d) for d in ds]] for name, ds in names.items()]]
             for kind, names in i.definitions.items()],
            [[ident, [[list(t), list(p)] for t, p in paths.items()]] for ident, paths in i.writing.items()]]


def reduced_to_json(r: Reduced) -> Json:
    made = None if r.made is None else [r.made.environment,
                                        [[p, [_built_to_json(b) for b in bs]] for p, bs in r.made.built.items()],
                                        [diagnostic_to_json(d) for d in r.made.diagnostics]]
    return {"made": made, "failures": None if r.failures is None else list(r.failures), "side": _side_to_json(r.side),
            "files": [[p, i] for p, i in r.files.items()],
            "index": None if r.index is None else _index_to_json(r.index),
            "columns": None if r.columns is None else [
                [list(t), None if w.columns is None else list(w.columns), w.sql] for t, w in r.columns.items()]}


def sources_to_json(s: Sources) -> Json:
    return [[str(r) for r in s.roots], s.shared, [[n, h] for n, h in s.products.items()]]


# --- from JSON --------------------------------------------------------------------------------------------

def _built_from_json(x: Any) -> Built:
    key, kind, name, path, index, data, own = _list(x, 7)
    _need(isinstance(index, int) and not isinstance(index, bool), "a malformed document index")
    value = value_from_json(data)
    node_data = value if own is None else value_from_json(_list(own, 1)[0])
    return Built(Node(_str(key), _str(kind), _str(name), node_data), SourcedDocument(_str(path), index, value, {}))


def _definition_from_json(x: Any) -> Definition:
    kind, name, position, product, origin, container, attrs, resource = _list(x, 8)
    pairs = tuple((_str(a), _str(b)) for a, b in (_list(p, 2) for p in _list(attrs)))
    return Definition(_str(kind), _str(name), _position(position), _opt(product), _str(origin), _opt(container),
                      pairs, _opt(resource))


def _write_from_json(x: Any) -> Write:
    table, product, position, writer, declared = _list(x, 5)
    _need(isinstance(declared, bool), "a malformed write")
    return Write(_table(table), _opt(product), position_from_json(position), _str(writer), declared)


def _side_from_json(x: Any) -> Side:
    sources, attached, not_compiled, defining, foreign = _list(x, 5)
    known = {(_str(a), _str(b), _str(c)): _str(v) for a, b, c, v in (_list(e, 4) for e in _list(sources))}
    files = _pairs(attached, _table, lambda v: tuple((_str(n), _str(t)) for n, t in (_list(f, 2) for f in _list(v))))
    stopped = tuple(NotCompiled(_str(s), _str(p), _str(r)) for s, p, r in (_list(n, 3) for n in _list(not_compiled)))
    return Side(Context(known, files), stopped, frozenset(_strs(defining)), frozenset(_strs(foreign)))


def _index_from_json(x: Any) -> BaseIndex:
    writes, definitions, writing = _list(x, 3)
    defined = _pairs(definitions, _str, lambda names: _pairs(
        names, _str, lambda ds: tuple(_definition_from_json(d) for d in _list(ds))))
    return BaseIndex(tuple(_write_from_json(w) for w in _list(writes)), defined,
                     _pairs(writing, _str, lambda paths: _pairs(paths, _table, _path)))


def _written(x: Any) -> tuple[tuple[str, str, str], Written]:
    table, columns, sql = _list(x, 3)
    return _table(table), Written(None if columns is None else _strs(columns), _opt(sql))


def reduced_from_json(x: Any) -> Reduced:
    _need(isinstance(x, dict) and set(x) == {"made", "failures", "side", "files", "index", "columns"},
          "a malformed reduced base")
    made = None
    if x["made"] is not None:
        environment, built, diagnostics = _list(x["made"], 3)
        made = Kept(_str(environment), _pairs(built, _str, lambda bs: tuple(_built_from_json(b) for b in _list(bs))),
                    tuple(diagnostic_from_json(d) for d in _list(diagnostics)))
    failures = None if x["failures"] is None else _strs(x["failures"])
    return Reduced(made, failures, _side_from_json(x["side"]), _pairs(x["files"], _str, _str),
                   None if x["index"] is None else _index_from_json(x["index"]),
                   None if x["columns"] is None else dict(_written(c) for c in _list(x["columns"])))


def sources_from_json(x: Any) -> Sources:
    roots, shared, products = _list(x, 3)
    return Sources(tuple(Path(r) for r in _strs(roots)), _str(shared), _pairs(products, _str, _str))
