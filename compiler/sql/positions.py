"""Offsets in a SQL text -> lines and columns of the file that holds it.

SQL comes from a .sql file (offsets map straight onto its lines), from a YAML scalar (a block
``|``/``>`` or a quoted string: the scalar's start, recorded by the YAML loader, anchors an
alignment of the value against the file text), or from a template rendered at lint time (the
rendered text is aligned with the template, so a position inside a rendered ``{{ ... }}`` maps to
the expression). ``${VAR}`` references and unrendered templates are masked by placeholders of the
same length, so every column stays right.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

Locate = Callable[[int], tuple[int, int]]  # offset in a text -> (line, col), 1-based

ENV = re.compile(r"\$\{[^}\n]*\}")  # ${VAR}, and the docs' ${{...}} markers
JINJA_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
JINJA_BLOCK = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def offset_of(text: str, line: int, col: int) -> int:
    """The offset of a 1-based line and column in ``text``."""
    at = 0
    for _ in range(line - 1):
        nl = text.find("\n", at)
        if nl < 0:
            return len(text)
        at = nl + 1
    return min(at + col - 1, len(text))


def in_file(text: str) -> Locate:
    """Offsets of a whole file's text."""
    return lambda offset: line_col(text, offset)


def in_scalar(file_text: str, line: int, col: int, value: str) -> Locate:
    """Offsets of ``value``, the YAML scalar that starts at ``line``:``col`` of ``file_text``.

    The value's characters appear in the file in order, apart from what YAML folds or escapes
    (indentation, line breaks, quote doubling, backslash escapes): each non-blank character is
    matched with its next occurrence in the file."""
    start = offset_of(file_text, line, col)
    if file_text[start:start + 1] in ("|", ">"):  # a block scalar starts on the next line
        nl = file_text.find("\n", start)
        start = len(file_text) if nl < 0 else nl + 1
    elif file_text[start:start + 1] in ("'", '"'):
        start += 1

    def locate(offset: int) -> tuple[int, int]:
        at = start
        for ch in value[:offset]:
            if ch.isspace():
                continue
            found = file_text.find(ch, at)
            if found >= 0:
                at = found + 1
        if offset < len(value) and not value[offset].isspace():
            found = file_text.find(value[offset], at)
            at = found if found >= 0 else at
        return line_col(file_text, at)

    return locate


def through_template(template: str, rendered: str, locate: Locate) -> Locate:
    """Offsets of ``rendered`` mapped onto ``template`` (then by ``locate``): text the template
    wrote literally maps exactly; text a ``{{ ... }}`` produced maps to the expression's start."""
    if template == rendered:
        return locate

    def mapped(offset: int) -> tuple[int, int]:
        matcher = difflib.SequenceMatcher(None, template, rendered, autojunk=False)
        for tag, i1, _i2, j1, j2 in matcher.get_opcodes():
            if j1 <= offset < j2 or (offset == j2 == len(rendered)):
                return locate(i1 + (offset - j1) if tag == "equal" else i1)
        return locate(len(template))

    return mapped


@dataclass(frozen=True)
class Masked:
    """A SQL text with ``${VAR}`` references (and, where asked, templates) replaced by same-length
    placeholders; ``spans`` are the (start, end) offsets of what was replaced."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def hides(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.spans)


def _name(length: int) -> str:
    return "_" + "x" * (length - 2) + "_" if length >= 2 else "_"


def mask(text: str, templates: bool = False) -> Masked:
    """``${VAR}`` -> ``_xxxx_`` (an identifier of the same length); with ``templates``, also
    ``{{ ... }}`` -> an identifier and ``{% ... %}``/``{# ... #}`` -> blanks, line breaks kept."""
    spans: list[tuple[int, int]] = []
    chars = list(text)

    def put(m: re.Match, blank: bool) -> None:
        spans.append(m.span())
        for i in range(m.start(), m.end()):
            if blank or text[i] == "\n":
                chars[i] = "\n" if text[i] == "\n" else " "
        if not blank:
            piece = _name(m.end() - m.start())
            for k, i in enumerate(range(m.start(), m.end())):
                if text[i] != "\n":
                    chars[i] = piece[k]

    for m in ENV.finditer(text):
        put(m, False)
    if templates:
        for m in JINJA_EXPR.finditer(text):
            put(m, "\n" in m.group())
        for m in JINJA_BLOCK.finditer(text):
            put(m, True)
    return Masked("".join(chars), tuple(sorted(spans)))
