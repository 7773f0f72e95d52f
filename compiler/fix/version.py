"""S003 (``version`` missing) and S002 (a version the type does not have): ``version`` set to the type's
current version, which the finding's hint names (the catalogue's, as compiler.schema.manifest writes it).

The missing version goes on the line after ``name:`` (DataOS manifests read name, version, type), or
before ``type:`` when ``name`` is not a one-line value of its own line; a wrong version's value is
replaced in its own quoting style.
"""

from __future__ import annotations

import re

from ruamel.yaml.nodes import MappingNode, ScalarNode

from compiler.core.diagnostics import Diagnostic
from compiler.fix.edit import Edit, Fix
from compiler.fix.source import Source, key_of, one_line, styled, value_of

_ADD = re.compile(r"add 'version: ([A-Za-z0-9.]+)'")
_USE = re.compile(r"use 'version: ([A-Za-z0-9.]+)' \(current\)")
_MISSING = "missing required field 'version' (the current version of "


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _eol(text: str, index: int) -> str:
    end = text.find("\n", index)
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _own_line(text: str, key: ScalarNode) -> bool:
    """Whether only spaces stand before ``key`` on its line (no ``- `` or ``--- `` before it)."""
    return text[_line_start(text, key.start_mark.index):key.start_mark.index].strip(" ") == ""


def _insertion(text: str, root: MappingNode, line: str) -> Edit | None:
    name, named = key_of(root, "name"), value_of(root, "name")
    if name is not None and named is not None and isinstance(named, ScalarNode) and _own_line(text, name) \
            and one_line(text, named) and named.start_mark.line == name.start_mark.line:
        end = text.find("\n", named.end_mark.index)
        pad = " " * name.start_mark.column
        if end < 0:  # the name is the file's last line, with no line break after it
            return Edit(len(text), len(text), f"\n{pad}{line}")
        return Edit(end + 1, end + 1, f"{pad}{line}{_eol(text, name.start_mark.index)}")
    kind = key_of(root, "type")
    if kind is None or not _own_line(text, kind):
        return None
    start = _line_start(text, kind.start_mark.index)
    return Edit(start, start, f"{' ' * kind.start_mark.column}{line}{_eol(text, kind.start_mark.index)}")


def add(d: Diagnostic, source: Source) -> Fix | None:
    found = _ADD.fullmatch(d.hint or "")
    root = source.roots.get((d.position.line, d.position.col))
    if found is None or root is None or not d.message.startswith(_MISSING) or value_of(root, "version") is not None \
            or value_of(root, "type") is None:
        return None
    edit = _insertion(source.text, root, f"version: {found.group(1)}")
    return Fix(d, edit, frozenset({(id(root), "version")})) if edit else None


def correct(d: Diagnostic, source: Source) -> Fix | None:
    found = _USE.fullmatch(d.hint or "")
    if found is None:
        return None
    for root in source.roots.values():
        value = value_of(root, "version")
        if isinstance(value, ScalarNode) and (value.start_mark.line + 1, value.start_mark.column + 1) == \
                (d.position.line, d.position.col) and one_line(source.text, value):
            new = styled(value, found.group(1))
            return Fix(d, Edit(value.start_mark.index, value.end_mark.index, new)) if new else None
    return None
