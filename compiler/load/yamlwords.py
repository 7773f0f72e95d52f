"""YAML syntax errors in a DataOS developer's words, at the line of the cause, never echoing a value.

The parser says "expected <block end>, but found '<block mapping start>'"; a developer needs "line 14
'tags:' starts at column 4 inside the mapping that begins at line 9, whose keys start at column 3:
line it up". One function per kind of parser problem (a registry), each given the parser's marks and
the source lines; a key name may be shown (it is syntax), a value never is (it may be a secret: an
unquoted value starting with ``*`` is read as an alias and the parser would quote it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

_KEY = re.compile(r"^(\s*)(?:- +)?([A-Za-z0-9_$.\-]+)\s*:(?:\s|$)")


@dataclass(frozen=True)
class Words:
    line: int
    col: int
    message: str
    hint: str | None = None


def _line(lines: list[str], n: int) -> str:
    return lines[n - 1] if 0 < n <= len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" ")) + 1


def _what(text: str) -> str:
    m = _KEY.match(text)
    return f"'{m.group(2)}:'" if m else "the entry"


def _marks(err: MarkedYAMLError) -> tuple[int, int, int | None, int | None]:
    p = err.problem_mark or err.context_mark
    c = err.context_mark
    return (p.line + 1, p.column + 1, c.line + 1 if c else None, c.column + 1 if c else None)


def _block_end(err: MarkedYAMLError, lines: list[str]) -> Words:
    line, col, start, start_col = _marks(err)
    text = _line(lines, line)
    at = _indent(text)
    holder = "list" if "collection" in (err.context or "") or "sequence" in (err.context or "") else "mapping"
    if start is None:
        return Words(line, at, f"line {line} {_what(text)} is not indented like the lines around it", "line it up")
    inner = start_col or 1
    if holder == "list" and at == inner and _KEY.match(text):
        return Words(line, at, f"line {line} {_what(text)} is a key inside the list that begins at line {start}: "
                     "make it a list item ('- ') or indent it under the item it belongs to",
                     "YAML nests by indentation; use spaces, two per level")
    entries = "keys" if holder == "mapping" else "items"
    return Words(line, at, f"line {line} {_what(text)} starts at column {at} inside the {holder} that begins at "
                 f"line {start}, whose {entries} start at column {inner}: indent it to line up with them "
                 "(or with an outer level)", "YAML nests by indentation; use spaces, two per level")


def _mapping_values(err: MarkedYAMLError, lines: list[str]) -> Words:
    line, col, _, _ = _marks(err)
    text = _line(lines, line)
    previous = next((n for n in range(line - 1, 0, -1) if _line(lines, n).strip()
                     and not _line(lines, n).lstrip().startswith("#")), 0)
    above = _line(lines, previous)
    valued = bool(_KEY.match(above)) and bool(above.split(":", 1)[1].split("#")[0].strip())
    if previous and _indent(text) > _indent(above) and valued:
        return Words(line, _indent(text), f"line {line} {_what(text)} is indented deeper than line {previous} "
                     f"{_what(above)}, which already has a value: line it up with {_what(above)}",
                     "a key with a value cannot hold more keys")
    return Words(line, col, f"line {line} has a second ': ' inside a value: quote the value",
                 "write the value in quotes (\"...\") when it contains ': '")


def _alias(err: MarkedYAMLError, lines: list[str]) -> Words:
    line, col, _, _ = _marks(err)
    return Words(line, col, f"line {line}: the value starts with '*', which YAML reads as a reference to an "
                 "anchor: quote the value", "write the value in quotes")


def _token(err: MarkedYAMLError, lines: list[str]) -> Words:
    line, col, _, _ = _marks(err)
    char = re.search(r"found character '(.)'", err.problem or "")
    shown = f"'{char.group(1)}'" if char and char.group(1) in "@`%|>" else "a character YAML reserves"
    return Words(line, col, f"line {line}: the value starts with {shown}, which YAML reserves: quote the value",
                 "write the value in quotes")


def _flow(err: MarkedYAMLError, lines: list[str]) -> Words:
    line, col, start, start_col = _marks(err)
    close, opener = ("]", "[") if "sequence" in (err.context or "") else ("}", "{")
    where = start or line
    return Words(where, start_col or col, f"the '{opener}' at line {where} is not closed before line {line}: add "
                 f"'{close}'", f"close every '{opener}' with '{close}' on the same or a later line")


def _unclosed(err: MarkedYAMLError, lines: list[str]) -> Words:
    line, col, start, start_col = _marks(err)
    where = start or line
    return Words(where, start_col or col, f"the quote opened at line {where} is never closed: add the closing quote",
                 "a quoted value ends with the same quote it starts with")


def _simple_key(err: MarkedYAMLError, lines: list[str]) -> Words:
    line, col, start, start_col = _marks(err)
    where = start or line
    return Words(where, _indent(_line(lines, where)), f"line {where} has no ':' after its key: write 'key: value'",
                 None)


EXPLAIN: dict[str, Callable[[MarkedYAMLError, list[str]], Words]] = {  # a phrase of the parser's problem
    "expected <block end>": _block_end,
    "mapping values are not allowed": _mapping_values,
    "found undefined alias": _alias,
    "that cannot start any token": _token,
    "expected ',' or ']'": _flow,
    "expected ',' or '}'": _flow,
    "while scanning a quoted scalar": _unclosed,
    "could not find expected ':'": _simple_key,
}


def explain(err: MarkedYAMLError, text: str) -> Words | None:
    """The plain words for a parser error, or None when no rule knows it."""
    said = f"{err.problem or ''} | {err.context or ''}"
    for phrase, rule_ in EXPLAIN.items():
        if phrase in said:
            return rule_(err, text.splitlines())
    return None
