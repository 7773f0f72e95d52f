"""A parsed SQL text as plain data (lists, dicts, strings, ints): what the checks need of it, so that
the summary can be cached by the text's hash and a warm run never imports sqlglot.

A summary is ``{"problem": [offset, message] | None, "empty": bool, "reads": [[name, qualified,
start, end], ...], "queries": [query, ...]}``. A *query* describes one SELECT (or set operation)
by names only::

    {"ctes": [[name, query], ...],           # its WITH, in order
     "set": [query, ...]}                    # a UNION/INTERSECT/EXCEPT: the parts
    {"ctes": [...], "src": [[alias, ["t", name] | ["q", query]], ...],  # FROM and JOINs
     "opaque": bool,                         # a source dpc cannot name (LATERAL VIEW, a table function)
     "cols": [[name | None, [[alias | None, column], ...]] | ["*", alias | None], ...],
     "reads": [[alias | None, column, start, end], ...]}   # every column it names, with offsets
    {"unknown": True}                        # a statement that is no query (INSERT, a command...)

Names are lower-cased (Spark and Trino fold unquoted names). :mod:`compiler.sql.shape` evaluates
a query against the columns of the views it reads.
"""

from __future__ import annotations

from typing import Any

from compiler.sql.parse import parse
from compiler.sql.reads import references
from compiler.sql.tree import Walked, walk

Json = Any
UNKNOWN: dict[str, Any] = {"unknown": True}


def summarise(text: str, dialect: str) -> Json:
    """The summary of ``text`` (parsed in ``dialect``)."""
    parsed = parse(text, dialect)
    problem = [parsed.problem.offset, parsed.problem.message] if parsed.problem is not None else None
    if parsed.problem is not None or not parsed.statements:
        return {"problem": problem, "empty": parsed.problem is None, "reads": [], "queries": []}
    from sqlglot import exp  # parse() imported sqlglot already

    walks = [walk(statement, exp) for statement in parsed.statements]  # one walk of each tree
    reads = [[r.name, r.qualified, r.start, r.end] for w in walks for r in references(w.sources, exp)]
    queries = []
    for statement, walked in zip(parsed.statements, walks, strict=True):
        try:
            queries.append(_query(statement, walked, exp))
        except (RecursionError, AttributeError, TypeError, ValueError):  # a tree shape dpc does not know
            queries.append(UNKNOWN)
    return {"problem": None, "empty": False, "reads": reads, "queries": queries}


def _ctes(node: Any, walked: Walked, exp: Any) -> list:
    with_ = node.args.get("with_") or node.args.get("with")
    if with_ is None:
        return []
    return [[cte.alias_or_name.lower(), _query(cte.this, walked, exp)] for cte in with_.expressions]


def _query(node: Any, walked: Walked, exp: Any) -> Json:
    if isinstance(node, exp.Subquery):
        return _query(node.this, walked, exp)
    if isinstance(node, exp.SetOperation):
        return {"ctes": _ctes(node, walked, exp),
                "set": [_query(node.this, walked, exp), _query(node.expression, walked, exp)]}
    if isinstance(node, exp.Select):
        return _select(node, walked, exp)
    return UNKNOWN


def _source(node: Any, walked: Walked, exp: Any) -> tuple[str, Json] | None:
    if isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier):
        written = [p.name for p in (node.args.get("catalog"), node.args.get("db"), node.this) if p is not None]
        return node.alias_or_name.lower(), ["t", ".".join(written).lower()]
    if isinstance(node, exp.Subquery) and node.alias:
        return node.alias.lower(), ["q", _query(node.this, walked, exp)]
    return None


def _span(col: Any) -> tuple[int, int]:
    meta = col.this.meta if "start" in getattr(col.this, "meta", {}) else {"start": 0, "end": -1}
    return meta["start"], meta["end"] + 1


def _select(node: Any, walked: Walked, exp: Any) -> Json:
    sources, opaque = [], bool(node.args.get("laterals"))
    from_ = node.args.get("from_") or node.args.get("from")
    for part in ([from_.this] if from_ is not None else []) + [j.this for j in node.args.get("joins") or []]:
        found = _source(part, walked, exp)
        if found is None:
            opaque = True
        else:
            sources.append(list(found))
    own = walked.own(node)  # the columns whose nearest SELECT is this one, with their projection
    used: dict[int, list] = {}
    for c, at in own:
        if at is not None and not c.is_star:
            used.setdefault(at, []).append(c)
    cols: list = []
    aliases: set[str] = set()
    for i, p in enumerate(node.expressions):
        if isinstance(p, exp.Star):
            cols.append(["*", None])
            continue
        if isinstance(p, exp.Column) and p.is_star:
            cols.append(["*", p.table.lower() or None])
            continue
        name = p.alias if isinstance(p, exp.Alias) else (p.name if isinstance(p, exp.Column) else None)
        cols.append([name.lower() if name else None, [[c.table.lower() or None, c.name.lower()]
                                                      for c in used.get(i, [])]])
        if name:
            aliases.add(name.lower())
    reads = []
    for c, at in own:
        if c.is_star or not c.name:
            continue
        if not c.table and at is None and c.name.lower() in aliases:
            continue  # GROUP BY / ORDER BY / HAVING naming an output column
        reads.append([c.table.lower() or None, c.name.lower(), *_span(c)])
    return {"ctes": _ctes(node, walked, exp), "src": sources, "opaque": opaque, "cols": cols, "reads": reads}
