"""A small, fast, deterministic YAML writer for the canonical output.

It writes plain data (dicts, lists, strings, numbers, booleans, null) in block style with
two-space indentation and list items indented under their key. A string is written plain
when no YAML 1.1 or 1.2 reader could take it for anything but that string; else single-
quoted, or double-quoted when it holds characters single quotes cannot carry. Multi-line
strings are literal blocks with the chomping indicator that keeps them exact. Everything it
writes reads back as the same data (property-tested), and nothing depends on the YAML
library's emitter, so the bytes are the same wherever dpc runs.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

_STR = "tag:yaml.org,2002:str"
_RESOLVERS = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_PRINTABLE = re.compile(r"^[\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")
_BLOCK_OK = re.compile(r"^[\n\t\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


@lru_cache(maxsize=1 << 16)
def _ambiguous(text: str) -> bool:
    return any(r.resolve(ScalarNode, text, (True, False)) != _STR for r in _RESOLVERS)


def _plain_ok(text: str) -> bool:
    lead_ok = text[:1] not in _INDICATORS or (text[:1] in "-?:" and len(text) > 1 and text[1] not in " \t"
                                              and not text.startswith(("---", "...")))
    return bool(text) and lead_ok and text == text.strip() and ": " not in text \
        and " #" not in text and not text.endswith(":") and "\t" not in text \
        and _PRINTABLE.fullmatch(text) is not None and not _ambiguous(text)


def scalar(value: Any) -> str:
    """One scalar on one line."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text.replace("e", ".0e") if "e" in text and "." not in text else text
    text = str(value)
    if _plain_ok(text):
        return text
    if _PRINTABLE.fullmatch(text):
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.fullmatch(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'



def _literal(text: str, indent: int) -> list[str] | None:
    """A literal block for multi-line ``text``, or None when one cannot hold it exactly."""
    if "\n" not in text.rstrip("\n") and not (text.endswith("\n") and len(text) > 1):
        return None
    if not _BLOCK_OK.fullmatch(text) or any(line != line.rstrip(" \t") and not line.strip()
                                        for line in text.split("\n")[:-1]):
        return None
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    if body[:1] in (" ", "\t"):  # would need an indentation indicator: quote it instead
        return None
    pad = " " * (indent + 2)
    lines = [f"|{chomp}"]
    lines += [pad + line if line else "" for line in body.split("\n")]
    lines += [""] * (trailing - 1)
    return lines


def _inline(value: Any, indent: int) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, str):
        block = _literal(value, indent)
        if block is not None:
            return "\n".join(block)
    return scalar(value)


def _entry(prefix: str, key: Any, value: Any, indent: int, out: list[str]) -> None:
    """``prefix`` + ``key: value`` where nested content is indented to ``indent``."""
    head = prefix + scalar(key) + ":"
    if isinstance(value, dict) and value:
        out.append(head)
        _mapping(value, indent + 2, out)
    elif isinstance(value, list) and value:
        out.append(head)
        _sequence(value, indent + 2, out)
    else:
        out.append(head + " " + _inline(value, indent))


def _mapping(data: dict, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for k, v in data.items():
        _entry(pad, k, v, indent, out)


def _sequence(items: list, indent: int, out: list[str], lead: str | None = None) -> None:
    """Items at ``indent``; the first line may start with ``lead`` (a parent's ``- ``) instead."""
    pad = " " * indent
    for n, item in enumerate(items):
        start = lead if (n == 0 and lead is not None) else pad
        if isinstance(item, dict) and item:
            for i, (k, v) in enumerate(item.items()):
                _entry((start + "- ") if i == 0 else (pad + "  "), k, v, indent + 2, out)
        elif isinstance(item, list) and item:
            _sequence(item, indent + 2, out, lead=start + "- ")
        else:
            out.append(start + "- " + _inline(item, indent + 2))


def dump(data: Any) -> str:
    """The YAML text of one document, ending with a single newline."""
    out: list[str] = []
    if isinstance(data, dict) and data:
        _mapping(data, 0, out)
    elif isinstance(data, list) and data:
        _sequence(data, 0, out)
    else:
        out.append(_inline(data, 0))
    return "\n".join(out) + "\n"
