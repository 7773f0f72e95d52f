"""How a secret value is shown, and where a known value stands in a text (pure functions).

A diagnostic shows :func:`mask` forms such as ``AKIA…(20 chars)``. :class:`Hidden` holds the
secret values of a run (which values are secret is :mod:`compiler.schema.sensitive`'s job) and
:func:`spans` finds them in any text, as written or as a message, a YAML or a JSON string quotes
them, over several lines: a credential of 6 characters or more wherever it stands, any other
value (a username, a host, a short password) only where it stands as a whole token, never
inside a name, a path or a URL. Overlapping values are found as one span, so they are masked
whole; nothing depends on the order of a set.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ENV_REF = re.compile(r"^\$(\{[A-Z_][A-Z0-9_]*\}|[A-Z_][A-Z0-9_]*)$")
ANYWHERE_MIN = 6  # a credential this long is masked wherever it stands; shorter ones only as whole tokens
TOKEN_MIN = 3  # shorter values are masked only in their own field: elsewhere they are ordinary words
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:@%+~$")
_STAND_IN = re.compile(r"^(\$\{[^}]*\}+|<[^>]*>|\*+|x+|changeme|)$", re.I)


def is_reference(value: object) -> bool:
    """A ``${VAR}`` / ``$VAR`` reference dataos-ctl fills in: not a secret itself."""
    return isinstance(value, str) and bool(ENV_REF.match(value.strip()))


def is_stand_in(value: object) -> bool:
    """Not a value: a ${VAR} reference, a fill-in marker (P001), a template, an empty or starred mask."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(ENV_REF.match(text) or _STAND_IN.match(text)) or any(m in text for m in ("{{", "{%", "{#"))


def mask(value: object, keep: int = 0) -> str:
    """``AKIA…(20 chars)``: the first ``keep`` characters (a credential's public prefix) and the length."""
    text = str(value)
    return f"{text[:keep]}…({len(text)} chars)"


@dataclass(frozen=True)
class Hidden:
    """The secret values of a run: ``anywhere`` are masked wherever they stand, ``tokens`` as whole tokens."""

    anywhere: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()

    def __or__(self, other: Hidden) -> Hidden:
        return Hidden(self.anywhere | other.anywhere, (self.tokens | other.tokens) - (self.anywhere | other.anywhere))

    def __contains__(self, value: object) -> bool:
        return value in self.anywhere or value in self.tokens

    def __bool__(self) -> bool:
        return bool(self.anywhere or self.tokens)

    def __iter__(self) -> Iterator[str]:
        """Every value, in sorted order."""
        return iter(sorted(self.anywhere | self.tokens))


def hidden(values: Iterable[tuple[object, bool]]) -> Hidden:
    """:class:`Hidden` of (value, is a credential) pairs; references, fill-in markers and empty values are none."""
    anywhere: set[str] = set()
    tokens: set[str] = set()
    for value, credential in values:
        if value is None or isinstance(value, bool) or is_stand_in(value):
            continue
        text = str(value)
        if credential and len(text) >= ANYWHERE_MIN:
            anywhere.add(text)
        elif len(text.strip()) >= TOKEN_MIN and (credential or not (text.isdigit() and len(text) < 6)):
            tokens.add(text)
    return Hidden(frozenset(anywhere), frozenset(tokens - anywhere))


def _forms(value: str) -> list[str]:
    """The ways a text may quote ``value``: as is, as Python, JSON and YAML string literals write it."""
    return [f for f in dict.fromkeys((value, repr(value)[1:-1], json.dumps(value)[1:-1], value.replace("'", "''")))
            if f]


def _period(word: str) -> int:
    """The smallest period of ``word`` (KMP failure function): occurrences overlap by multiples of it."""
    fail = [0] * len(word)
    k = 0
    for i in range(1, len(word)):
        while k and word[i] != word[k]:
            k = fail[k - 1]
        if word[i] == word[k]:
            k += 1
        fail[i] = k
    return len(word) - fail[-1]


def _literal(text: str, word: str) -> Iterable[tuple[int, int]]:
    """Spans covering every occurrence of ``word``, overlapping ones joined, in linear time."""
    n, p = len(word), _period(word)
    i = text.find(word)
    while i >= 0:
        end = i + n
        while text.startswith(word[n - p:], end):  # the next occurrence, one period on
            end += p
        yield i, end
        i = text.find(word, max(i + 1, end - n + 1))


def _lines(value: str) -> re.Pattern[str]:
    """A multi-line value as a block scalar or a message re-indents it: any indentation after each line break."""
    return re.compile(r"\n[ \t]{0,200}".join(re.escape(line) for line in value.split("\n")))


def _whole(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] not in _WORD) and (end == len(text) or text[end] not in _WORD)


def spans(text: str, secrets: Hidden) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, the values found there) of every place a secret value stands in ``text``, overlapping and
    touching places joined into one, in order."""
    found: list[tuple[int, int, str]] = []
    for value, anywhere in [*((v, True) for v in secrets.anywhere), *((v, False) for v in secrets.tokens)]:
        for form in _forms(value):
            places = list(_literal(text, form))
            if "\n" in form:
                places += [m.span() for m in _lines(form).finditer(text)]
            found += [(s, e, value) for s, e in places if anywhere or _whole(text, s, e)]
    found.sort()
    out: list[tuple[int, int, frozenset[str]]] = []
    for s, e, value in found:
        if out and s <= out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], e), last[2] | {value})
        else:
            out.append((s, e, frozenset({value})))
    return out
