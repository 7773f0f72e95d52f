"""Credential shapes: the text of a value that is a credential wherever it is written (pure functions).

Cloud keys, private keys, tokens, passwords inside connection URLs and JDBC strings, and
incoming-webhook URLs (Teams, Slack, Discord, Google Chat, Teams workflows) are credentials by
their shape alone: lint reports them (P006), every output masks them. Every pattern is linear in
the length of the text: each starts at a literal and every repetition is bounded, and a quick
literal trigger (:data:`_TRIGGER`, literals only) keeps the shapes off the strings that hold none.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compiler.core.walk import strings
from compiler.redaction.masks import is_stand_in, mask

MARKED = "<secret"  # how dpc's own masks begin (compiler.redaction.markers): no credential
_URL_REST = r"[^\s'\"<>`]{1,2000}"  # the rest of a URL: bounded, so a long run cannot make a scan quadratic


@dataclass(frozen=True)
class Shape:
    kind: str
    pattern: re.Pattern[str]  # group 1 is the credential
    keep: int  # characters of the public prefix shown in the masked form


SHAPES: tuple[Shape, ...] = (
    Shape("an AWS access key id", re.compile(r"(?<![A-Z0-9])((?:AKIA|ASIA)[0-9A-Z]{16})(?![A-Z0-9])"), 4),
    Shape("a GitHub token", re.compile(r"\b((?:gh[pousr]_[A-Za-z0-9]{36,255})|github_pat_[A-Za-z0-9_]{22,255})"), 4),
    Shape("a Slack token", re.compile(r"\b(xox[abprs]-[A-Za-z0-9-]{10,500})"), 5),
    Shape("a Slack webhook URL",
          re.compile(r"(https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{8,500})"),
          len("https://hooks.slack.com/")),
    Shape("a Teams webhook URL",
          re.compile(r"(https://(?:[A-Za-z0-9-]{1,63}\.webhook\.office\.com/webhookb2/|outlook\.office(?:365)?\.com/"
                     r"webhook/)" + _URL_REST + ")"), len("https://")),
    Shape("a Teams workflow URL",
          re.compile(r"(https://[A-Za-z0-9.-]{1,253}\.logic\.azure\.com(?::443)?/workflows/[^\s'\"<>`]{1,2000}?"
                     r"[?&]sig=[^\s&'\"<>`]{1,200})"), len("https://")),
    Shape("a Discord webhook URL",
          re.compile(r"(https://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/[0-9]{1,30}/"
                     r"[A-Za-z0-9_-]{10,200})"), len("https://")),
    Shape("a Google Chat webhook URL",
          re.compile(r"(https://chat\.googleapis\.com/v1/spaces/[A-Za-z0-9_-]{1,100}/messages\?" + _URL_REST + ")"),
          len("https://chat.googleapis.com/")),
    Shape("a Google API key", re.compile(r"\b(AIza[0-9A-Za-z_-]{35})"), 4),
    Shape("a password in a connection URL",
          re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]{0,31}://[^/\s:@'\"]{0,256}:([^@\s/'\"]{1,256})@"), 0),
    Shape("a password parameter in a connection string",
          re.compile(r"[?&;](?:password|pwd)=([^&;\s'\"]{1,256})", re.I), 0),
)
_KEY_BEGIN = re.compile(r"-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY-----(?=[A-Za-z0-9+/=\s:,-]{16})")
_KEY_END = re.compile(r"-----END (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY-----")
_KEY_SPAN = 64 * 1024  # a private key block is a few kilobytes; its end is looked for this far

_TRIGGER = re.compile(r"AKIA|ASIA|PRIVATE KEY|gh[pousr]_|github_pat_|xox[abprs]-|hooks\.slack\.com|AIza|webhook|"
                      r"logic\.azure\.com|chat\.googleapis\.com|@|(?i:password|pwd)=")  # literals only: linear


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int
    secret: str
    masked: str  # the credential as messages show it: its public prefix and its length


def _private_keys(text: str) -> Iterator[Found]:
    ends = [m.end() for m in _KEY_END.finditer(text)]  # once: a scan from every BEGIN would be quadratic
    stop = 0
    for m in _KEY_BEGIN.finditer(text):
        if m.start() < stop:  # inside the block found before: masked with it
            continue
        i = bisect.bisect_left(ends, m.end())
        stop = ends[i] if i < len(ends) and ends[i] - m.end() <= _KEY_SPAN else len(text)
        secret = text[m.start():stop]
        yield Found("a private key", m.start(), stop, secret, mask(secret, len(m.group(0))))


def find(text: str) -> list[Found]:
    """Every credential-shaped part of ``text``, by position (a fill-in marker or ``${VAR}`` is none)."""
    if not _TRIGGER.search(text):
        return []
    out = list(_private_keys(text)) if "PRIVATE KEY" in text else []
    for shape in SHAPES:
        for m in shape.pattern.finditer(text):
            secret = m.group(1)
            if shape.keep == 0 and (is_stand_in(secret) or secret.startswith(MARKED)):
                continue
            out.append(Found(shape.kind, m.start(1), m.end(1), secret, mask(secret, shape.keep)))
    return sorted(out, key=lambda f: (f.start, -f.end, f.kind))


@dataclass(frozen=True)
class Credential:
    path: tuple[Any, ...]
    kind: str
    secret: str
    masked: str


def credentials(data: Any) -> Iterator[Credential]:
    """Every substring of ``data``'s strings with the shape of a credential."""
    for path, text in strings(data):
        for f in find(text):
            yield Credential(path, f.kind, f.secret, f.masked)


def merged(found: list[Found]) -> list[tuple[int, int, str]]:
    """(start, end, masked form) of each run of overlapping credentials (sorted by start): masked whole."""
    out: list[tuple[int, int, str]] = []
    for f in found:
        if out and f.start < out[-1][1]:
            start, end, shown = out[-1]
            if f.end > end:
                prefix = shown.split("…")[0]
                out[-1] = (start, f.end, f"{prefix}…({f.end - start} chars)")
            continue
        out.append((f.start, f.end, f.masked))
    return out


def mask_credentials(text: str) -> str:
    """``text`` with every credential-shaped part masked (the last line of defence of every output)."""
    found = find(text)
    if not found:
        return text
    out, at = [], 0
    for start, end, shown in merged(found):
        out.append(text[at:start] + shown)
        at = end
    return "".join(out) + text[at:]
