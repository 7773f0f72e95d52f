"""SQL text -> statements (sqlglot), or the first syntax problem in plain words at its offset.

sqlglot is imported on the first parse only: a repository without SQL never pays for it.
Dialects: ``spark`` for Flare steps, ``trino`` for Minerva/Themis (lens tables, Flare input queries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from compiler.sql import engine

SPARK, TRINO = "spark", "trino"
MAX_QUOTED = 40  # a token longer than this is shortened in messages


@dataclass(frozen=True)
class Problem:
    offset: int  # where in the parsed text
    message: str  # plain words, starting lowercase


@dataclass(frozen=True)
class Parsed:
    statements: tuple[Any, ...]  # sqlglot expressions; empty when the text does not parse
    problem: Problem | None


_OPERATORS = {"Add": "+", "Sub": "-", "Mul": "*", "Div": "/", "Mod": "%", "EQ": "=", "NEQ": "<>", "GT": ">",
              "GTE": ">=", "LT": "<", "LTE": "<=", "And": "AND", "Or": "OR", "DPipe": "||", "Like": "LIKE",
              "ILike": "ILIKE", "Is": "IS", "In": "IN"}
_MISSING = {  # sqlglot expression class -> what its clause still needs
    "Where": "a condition after WHERE", "Having": "a condition after HAVING", "Qualify": "a condition after QUALIFY",
    "Limit": "a number after LIMIT", "Offset": "a number after OFFSET",
    "Order": "the columns to sort by after ORDER BY",
    "Group": "the columns to group by after GROUP BY", "Union": "a query after UNION",
    "Intersect": "a query after INTERSECT", "Except": "a query after EXCEPT",
    "Between": "AND and an upper bound after BETWEEN", "Alias": "a name after AS", "Cast": "a type in CAST",
    "Join": "a table after JOIN", "From": "a table after FROM", "Paren": "an expression inside the parentheses",
}
_REQUIRED = re.compile(r"Required keyword: '(\w+)' missing for <class '[\w.]*?(\w+)'>")
_EXPECTED_GOT = re.compile(r"Expected (.+?) but got <Token token_type: TokenType\.(\w+), text: (.*?), line")
_EXPECTED_AFTER = re.compile(r"Expected (\w+) after (\w+)")
_MISSING_DELIMITER = re.compile(r"Missing (.+) from (\d+):(\d+)")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:MAX_QUOTED]}...'" if len(text) > MAX_QUOTED else f"'{text}'"


def _words(description: str, highlight: str, at_end: bool) -> str:
    found = "the end of the SQL" if at_end else _quote(highlight)
    if description.startswith("Expecting "):
        return f"expected '{description[len('Expecting '):]}', found {found}"
    m = _EXPECTED_GOT.match(description)
    if m:
        what = m.group(1)
        got = "the end of the SQL" if m.group(2) == "SENTINEL" else _quote(m.group(3))
        return f"expected a {what}, found {got}" if what.endswith("name") else f"expected {what}, found {got}"
    m = _EXPECTED_AFTER.match(description)
    if m:
        what = {"TYPE": "a type"}.get(m.group(1), m.group(1))
        return f"expected {what} after {m.group(2)}, found {found}"
    m = _REQUIRED.match(description)
    if m:
        cls = m.group(2)
        if cls in _OPERATORS:
            return f"expected an operand after '{_OPERATORS[cls]}', found {found}"
        return f"expected {_MISSING.get(cls, 'more after ' + _quote(highlight))}, found {found}"
    if description.startswith("Invalid expression / Unexpected token"):
        return f"unexpected {found}" if not at_end else f"unexpected {_quote(highlight)} at the end of the SQL"
    return description[:1].lower() + description[1:]


def _token_problem(text: str, err: Exception) -> Problem:
    cause = str(err.__cause__ or err.__context__ or "")  # the compiled build keeps the inner error as context only
    m = _MISSING_DELIMITER.match(cause)
    if m:
        quote, offset = m.group(1), int(m.group(3))
        return Problem(offset, f"the string or name opened here with {quote} is never closed")
    opened = text.rfind("/*")
    if opened >= 0 and "*/" not in text[opened:]:
        return Problem(opened, "the comment opened here is never closed (no '*/')")
    return Problem(0, "the SQL could not be read into tokens")


def parse(text: str, dialect: str) -> Parsed:
    """The statements of ``text``, or the first problem. Never raises for bad SQL. Not cached: the trees are
    large (and cyclic, freed only by the garbage collector); what the checks keep is each text's summary
    (:mod:`compiler.sql.store`)."""
    sqlglot = engine.load()  # here, not at the top: its import costs about 0.3 s
    from sqlglot.errors import ParseError, TokenError

    try:
        statements = sqlglot.parse(text, read=dialect, error_message_context=len(text) + 1)
    except ParseError as err:
        first = err.errors[0] if err.errors else {}
        start = len(first.get("start_context") or "")
        highlight = first.get("highlight") or ""
        at_end = not text[start + len(highlight):].strip()
        where = start + len(highlight) if at_end else start  # what is missing comes after the last token
        return Parsed((), Problem(where, _words(str(first.get("description") or err), highlight, at_end)))
    except TokenError as err:
        return Parsed((), _token_problem(text, err))
    except RecursionError:
        return Parsed((), Problem(0, "the SQL nests too deeply to be parsed"))
    except Exception:  # a crash inside sqlglot is no finding about the SQL: nothing is known about it
        return Parsed((), None)
    return Parsed(tuple(s for s in statements if s is not None), None)
