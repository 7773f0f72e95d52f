"""P001: the DataOS docs' fill-in markers left in a manifest.

``${{...}}`` is flagged everywhere. ``${name}`` (any ``${...}`` that is not upper snake case, such
as ``${Allow}``), ``<name>`` and ``{{Your value}}`` are flagged except in fields whose values are code
for another engine (SQL, PromQL, Go or Liquid templates), where ``<``, ``{{`` and ``${`` have meanings
of their own. ``${UPPER_SNAKE}`` is a real dataos-ctl environment reference and ``${! ...}`` is Bento's
interpolation: both are left alone. An unquoted ``{{Your webhook url}}`` is a YAML flow mapping
holding a mapping; that shape is recognised too, so the marker is P001 and never a schema error.
"""

from __future__ import annotations

import re

from compiler.core.codes import rule
from compiler.core.diagnostics import Diagnostic
from compiler.core.walk import strings
from compiler.load.origin import AnyDocument

DOUBLE = re.compile(r"\$\{\{[^}]*\}\}")
LOWER = re.compile(r"\$\{(?![A-Z_][A-Z0-9_]*\})[A-Za-z][a-zA-Z0-9_.\- ]*\}")
CURLY = re.compile(r"\{\{\s*(?:[Yy]our|[A-Z])[^{}]*\}\}")
_FLOW_KEY = re.compile(r"^\{'([^']*)': None\}$")  # how the loader keys an unquoted {{text}}
ANGLE = re.compile(r"<[a-z][a-z0-9]*(?:[_\- ][a-z0-9]+)+>|<(?:name|value|workspace|username|password|"
                   r"depot|collection|dataset|secret|owner|tenant|user|host|port|database|table)>")
CODE_FIELDS = frozenset({"sql", "query", "ql", "bodyTemplate", "init", "includesInline", "commands",
                         "functions", "checks", "valueJqFilter", "expression", "pipeline"})


def check(doc: AnyDocument) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    sev = rule("P001").severity
    for path, marker in [*_in_strings(doc.data), *_flow_markers(doc.data)]:
        out.append(Diagnostic("P001", sev, f"unfilled placeholder {marker}: replace it with a real value",
                              doc.position(path),
                              "the DataOS docs mark values to fill in this way; environment references that "
                              "dataos-ctl fills in are written ${UPPER_SNAKE_CASE}"))
    return out


def _in_strings(data: object) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = []
    for path, text in strings(data):
        if "$" not in text and "<" not in text and "{{" not in text:
            continue
        in_code = any(isinstance(k, str) and k in CODE_FIELDS for k in path)
        found = DOUBLE.findall(text)
        if not in_code:
            found += LOWER.findall(text) + ANGLE.findall(text) + CURLY.findall(text)
        out.extend((path, marker) for marker in found)
    return out


def _flow_markers(data: object) -> list[tuple[tuple, str]]:
    """(path, '{{text}}') of every value written as an unquoted ``{{text}}``."""
    out: list[tuple[tuple, str]] = []
    stack: list[tuple[object, tuple]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            key = next(iter(node), None) if len(node) == 1 else None
            hit = _FLOW_KEY.match(key) if isinstance(key, str) and node[key] is None and path else None
            if hit:
                out.append((path, "{{" + hit.group(1) + "}}"))
                continue
            stack.extend(reversed([(v, path + (k,)) for k, v in node.items()]))
        elif isinstance(node, list):
            stack.extend(reversed([(v, path + (i,)) for i, v in enumerate(node)]))
    return out
