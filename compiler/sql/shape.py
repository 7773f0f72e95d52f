"""A query summary (:mod:`compiler.sql.summary`) evaluated against the columns of the views it
reads: the columns it writes (None where a ``*`` reads a source whose columns are unknown), the
view columns each output column derives from, and the view columns it reads, with offsets.

A column reference is tied to a view only when that is certain: qualified by an alias of its
SELECT, or unqualified in a SELECT with one source (or naming a column only one source has).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Columns = tuple[str, ...] | None  # None: not known
Origin = frozenset[tuple[str, str]]  # (view, column) pairs


@dataclass(frozen=True)
class ColumnRead:
    view: str  # lower-cased view name
    column: str
    start: int  # offsets in the SQL text
    end: int


@dataclass(frozen=True)
class Shape:
    columns: Columns
    derived: Mapping[str, Origin] = field(default_factory=dict)  # output column -> what it comes from
    reads: tuple[ColumnRead, ...] = ()


UNKNOWN = Shape(None)


@dataclass(frozen=True)
class _Source:
    view: str | None  # a view of the job (None: a CTE or a subquery)
    shape: Shape


def _resolve(sources: dict[str, _Source], opaque: bool, alias: str | None, column: str) -> _Source | None:
    if alias is not None:
        return sources.get(alias)
    if len(sources) == 1 and not opaque:
        return next(iter(sources.values()))
    having = [s for s in sources.values() if s.shape.columns is not None and column in s.shape.columns]
    unknown = any(s.shape.columns is None for s in sources.values()) or opaque
    return having[0] if len(having) == 1 and not unknown else None


def _origin(source: _Source | None, column: str) -> Origin:
    if source is None:
        return frozenset()
    if source.view is not None:
        return frozenset({(source.view, column)})
    return source.shape.derived.get(column, frozenset())


def _star(sources: dict[str, _Source], alias: str | None) -> tuple[list[tuple[str, Origin]], bool]:
    chosen = [sources[alias]] if alias is not None and alias in sources else (
        list(sources.values()) if alias is None else [])
    out: list[tuple[str, Origin]] = []
    for s in chosen:
        if s.shape.columns is None:
            return [], False
        out += [(c, _origin(s, c)) for c in s.shape.columns]
    return out, bool(chosen)


def evaluate(query: Any, views: Mapping[str, Columns], ctes: Mapping[str, Shape] | None = None) -> Shape:
    """The shape of ``query``; ``views`` maps each view it may read to its columns."""
    if not isinstance(query, dict) or query.get("unknown"):
        return UNKNOWN
    scope = dict(ctes or {})
    reads: list[ColumnRead] = []
    for name, body in query.get("ctes", []):
        inner = evaluate(body, views, scope)
        scope[name] = inner
        reads += inner.reads
    if "set" in query:
        parts = [evaluate(q, views, scope) for q in query["set"]]
        first = parts[0] if parts else UNKNOWN
        return Shape(first.columns, first.derived, tuple(reads) + tuple(r for p in parts for r in p.reads))
    sources: dict[str, _Source] = {}
    for alias, (kind, what) in query.get("src", []):
        if kind == "t" and what in scope:
            sources[alias] = _Source(None, scope[what])
        elif kind == "t":
            sources[alias] = _Source(what, Shape(views.get(what)))
        else:
            inner = evaluate(what, views, scope)
            reads += inner.reads
            sources[alias] = _Source(None, inner)
    opaque = bool(query.get("opaque"))
    for alias, column, start, end in query.get("reads", []):
        source = _resolve(sources, opaque, alias, column)
        if source is not None and source.view is not None:
            reads.append(ColumnRead(source.view, column, start, end))
    names: list[str] = []
    derived: dict[str, Origin] = {}
    known = True
    for entry in query.get("cols", []):
        if entry[0] == "*":
            expanded, ok = _star(sources, entry[1])
            known = known and ok and not (opaque and entry[1] is None)
            for c, origin in expanded:
                names.append(c)
                derived[c] = derived.get(c, frozenset()) | origin
            continue
        name, used = entry
        origin = frozenset().union(*(_origin(_resolve(sources, opaque, a, c), c) for a, c in used))
        if name is None:
            continue
        names.append(name)
        derived[name] = derived.get(name, frozenset()) | origin
    return Shape(tuple(names) if known else None, derived, tuple(reads))
