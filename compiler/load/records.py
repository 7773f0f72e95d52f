"""Explicit JSON forms of the records the cache keeps: positions, diagnostics, parsed documents.

Data only, never code: every ``from_json`` checks the shape it is given and raises
:class:`BadRecord` (a ``ValueError``) for anything else, so a damaged or crafted cache file is
only a slower run. Each form round-trips exactly: ``from_json(to_json(x)) == x``.

A document's positions are one packed text, decoded when first asked (:mod:`compiler.load.packed`); its
data is stored as it is when no mapping needs the pairs form below (``plain``: read back with no copy),
else in that form. YAML mappings whose keys are all strings are JSON objects; any other mapping
(integer, boolean or null keys, or a key ``"\\u0000"``) is written
``{"\\u0000": [[key, value], ...]}``, so integers and strings never mix up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from compiler.core.diagnostics import Diagnostic, Position, Result, Severity, Suppressed
from compiler.load import packed
from compiler.load.yamlload import Document, ParsedFile, reparsed

Json = Any  # what json.loads returns


def texts(value: Json) -> Iterator[str]:
    """Every string of a JSON value, keys included (what a secret guard scans before a value is kept)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
_PAIRS = "\0"
_SCALARS = (str, int, float, bool, type(None))


class BadRecord(ValueError):
    """A cached record that is not of the shape dpc writes."""


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise BadRecord(what)


def value_to_json(value: Any) -> Json:
    """A parsed YAML value (mappings, lists, scalars) as JSON; BadRecord for anything else."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list):
        return [value_to_json(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and _PAIRS not in value:
            return {k: value_to_json(v) for k, v in value.items()}
        _need(all(isinstance(k, _SCALARS) for k in value), "a mapping key that is not a scalar")
        return {_PAIRS: [[k, value_to_json(v)] for k, v in value.items()]}
    raise BadRecord(f"a value of type {type(value).__name__}")


def value_from_json(data: Json) -> Any:
    if isinstance(data, _SCALARS):
        return data
    if isinstance(data, list):
        return [value_from_json(v) for v in data]
    _need(isinstance(data, dict), "not a JSON value")
    if set(data) == {_PAIRS}:
        pairs = data[_PAIRS]
        _need(isinstance(pairs, list) and all(isinstance(p, list) and len(p) == 2 and isinstance(p[0], _SCALARS)
                                              for p in pairs), "a malformed mapping")
        return {k: value_from_json(v) for k, v in pairs}
    return {k: value_from_json(v) for k, v in data.items()}


def position_to_json(p: Position) -> Json:
    return [p.path, p.line, p.col]


def _int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def position_from_json(data: Json) -> Position:
    _need(isinstance(data, list) and len(data) == 3 and isinstance(data[0], str) and _int(data[1])
          and _int(data[2]), "a malformed position")
    return Position(data[0], data[1], data[2])


def diagnostic_to_json(d: Diagnostic) -> Json:
    return [d.code, d.severity.value, d.message, position_to_json(d.position), d.hint,
            [position_to_json(p) for p in d.related]]


def diagnostic_from_json(data: Json) -> Diagnostic:
    _need(isinstance(data, list) and len(data) == 6, "a malformed diagnostic")
    code, severity, message, position, hint, related = data
    _need(isinstance(code, str) and isinstance(message, str) and (hint is None or isinstance(hint, str))
          and isinstance(related, list) and severity in {s.value for s in Severity}, "a malformed diagnostic")
    return Diagnostic(code, Severity(severity), message, position_from_json(position), hint,
                      tuple(position_from_json(p) for p in related))


def _plain(value: Any, encoded: Json) -> bool:
    """True when the JSON form of ``value`` is the value itself (no mapping needed the pairs form), so the
    restored document can take what json.loads returned as it is. ``==`` errs only towards False (NaN)."""
    try:
        return bool(encoded == value)
    except RecursionError:
        return False


def document_to_json(doc: Document) -> Json:
    """``[index, plain, data, positions]``: ``plain`` says the data is stored as it is (read back with no
    copy), ``positions`` is the packed text of both position tables (:mod:`compiler.load.packed`)."""
    encoded = value_to_json(doc.data)
    try:
        positions = packed.packed_text(doc.values, doc.keys)
    except packed.Unpackable as err:
        raise BadRecord(str(err)) from None
    return [doc.index, _plain(doc.data, encoded), encoded, positions]


def document_from_json(path: str, data: Json, text: str = "") -> Document:
    _need(isinstance(data, list) and len(data) == 4 and _int(data[0]) and isinstance(data[1], bool)
          and isinstance(data[3], str), "a malformed document")
    index, plain, value, positions = data
    values, keys = packed.views(positions, lambda: reparsed(path, text, index))
    return Document(path, index, value if plain else value_from_json(value), values, keys)


def parsed_to_json(parsed: ParsedFile) -> Json:
    """A parsed file without its text (the cache reads the text again from the file it checks)."""
    return [[document_to_json(d) for d in parsed.documents], [diagnostic_to_json(d) for d in parsed.diagnostics]]


def parsed_from_json(path: str, text: str, data: Json) -> ParsedFile:
    _need(isinstance(data, list) and len(data) == 2 and isinstance(data[0], list) and isinstance(data[1], list),
          "a malformed parsed file")
    return ParsedFile(path, text, tuple(document_from_json(path, d, text) for d in data[0]),
                      tuple(diagnostic_from_json(d) for d in data[1]))


def result_to_json(result: Result) -> Json:
    return [[diagnostic_to_json(d) for d in result.diagnostics], result.files_checked, result.documents_checked,
            list(result.failures), result.base,
            [[diagnostic_to_json(s.diagnostic), s.reason, position_to_json(s.at)] for s in result.suppressed]]


def result_from_json(data: Json) -> Result | None:
    """The result, or None for anything that is not one (a missing or damaged cache)."""
    try:
        _need(isinstance(data, list) and len(data) == 6 and isinstance(data[0], list) and _int(data[1])
              and _int(data[2]) and isinstance(data[3], list) and all(isinstance(f, str) for f in data[3])
              and isinstance(data[4], str) and isinstance(data[5], list)
              and all(isinstance(s, list) and len(s) == 3 and isinstance(s[1], str) for s in data[5]),
              "a malformed result")
        silenced = tuple(Suppressed(diagnostic_from_json(s[0]), s[1], position_from_json(s[2])) for s in data[5])
        return Result(tuple(diagnostic_from_json(d) for d in data[0]), data[1], data[2], tuple(data[3]), data[4],
                      suppressed=silenced)
    except BadRecord:
        return None
