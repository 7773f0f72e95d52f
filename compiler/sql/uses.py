"""Columns that Soda checks and data policies name, per dataset, at the line that names them.

Soda (SodaCL, ``stackSpec.inputs[].checks``): the columns inside a metric's parentheses
(``missing_count(customer_id) = 0``, ``duplicate_count(a, b) = 0``) and those of a ``schema`` check
(``when required column missing``, ``when wrong column type``, ``when wrong column index``).
Policies (``policy.data``): a mask's ``selector.column.names`` and a filter's ``filters[].column``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from compiler.core.diagnostics import Position
from compiler.model import Resource
from compiler.resolve import forms
from compiler.resolve.datasets import Table, specs, stack_name, stack_spec
from compiler.resolve.edgekit import as_dict, as_list

METRIC = re.compile(r"\b(missing_count|missing_percent|duplicate_count|duplicate_percent|invalid_count|"
                    r"invalid_percent|min|max|avg|sum|stddev|stddev_pop|stddev_samp|variance|var_pop|var_samp|"
                    r"avg_length|min_length|max_length|percentile|freshness|values_count)\s*\(([^()]*)\)")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SCHEMA_LISTS = ("when required column missing",)
SCHEMA_MAPS = ("when wrong column type", "when wrong column index")


@dataclass(frozen=True)
class Use:
    table: Table
    column: str
    product: str | None
    reader: str  # "soda check", "mask policy", "filter policy"
    code: str  # the finding when the column is not written
    locate: Callable[[], Position] = field(compare=False)  # where it is named: worked out for a finding only
    resource: str = ""  # "<type>:<name>" of the resource naming it
    manifest: str = ""  # the display path of its manifest (what lint's scope is judged by)

    @property
    def position(self) -> Position:
        return self.locate()


def _use(resource: Resource, table: Table, column: str, reader: str, code: str,
         locate: Callable[[], Position]) -> Use:
    return Use(table, column, resource.product, reader, code, locate, f"{resource.type}:{resource.name}",
               resource.path)


def _in_key(resource: Resource, path: tuple, key: str, offset: int, text: str | None) -> Position:
    """The position of ``key[offset:]``: on the key's line when the key is written as it reads."""
    at = resource.document.position(path, key=True)
    if text is not None:
        lines = text.split("\n")
        line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
        if line[at.col - 1:at.col - 1 + len(key)] == key:
            return Position(at.path, at.line, at.col + offset)
    return at


def _soda(resource: Resource, text: str | None) -> Iterator[Use]:
    for at, spec in specs(resource):
        if stack_name(spec) != "soda":
            continue
        key, section = stack_spec(spec)
        for i, entry in enumerate(map(as_dict, as_list(section.get("inputs")))):
            table = forms.table_of(forms.parse_udl(entry.get("dataset")))
            if not table:
                continue
            base = at + key + ("inputs", i, "checks")
            for k, check in enumerate(as_list(entry.get("checks"))):
                for name, body in as_dict(check).items():
                    if not isinstance(name, str):
                        continue
                    path = base + (k, name)
                    for m in METRIC.finditer(name):
                        for col in NAME.finditer(m.group(2)):
                            yield _use(resource, table, col.group().lower(), "soda check", "Q010",
                                      partial(_in_key, resource, path, name, m.start(2) + col.start(), text))
                    yield from _schema(resource, table, path, as_dict(body))


def _schema(resource: Resource, table: Table, path: tuple, body: dict) -> Iterator[Use]:
    doc = resource.document
    for level in ("fail", "warn"):
        rules = as_dict(body.get(level))
        for rule, value in rules.items():
            if rule in SCHEMA_LISTS:
                for n, col in enumerate(as_list(value)):
                    if isinstance(col, str):
                        yield _use(resource, table, col.lower(), "soda schema check", "Q010",
                                  partial(doc.position, path + (level, rule, n)))
            elif rule in SCHEMA_MAPS:
                for col in as_dict(value):
                    if isinstance(col, str):
                        yield _use(resource, table, col.lower(), "soda schema check", "Q010",
                                  partial(doc.position, path + (level, rule, col), key=True))


def _policy(resource: Resource) -> Iterator[Use]:
    data = as_dict(as_dict(resource.data.get("policy")).get("data"))
    parts = [data.get(k) for k in ("depot", "collection", "dataset")]
    if not all(isinstance(p, str) and p and "*" not in p for p in parts):
        return
    table: Table = (str(parts[0]), str(parts[1]), str(parts[2]))
    doc, base = resource.document, ("policy", "data")
    for n, col in enumerate(as_list(as_dict(as_dict(data.get("selector")).get("column")).get("names"))):
        if isinstance(col, str):
            yield _use(resource, table, col.lower(), f"{data.get('type') or 'data'} policy", "Q011",
                      partial(doc.position, base + ("selector", "column", "names", n)))
    for n, entry in enumerate(map(as_dict, as_list(data.get("filters")))):
        if isinstance(entry.get("column"), str):
            yield _use(resource, table, entry["column"].lower(), "filter policy", "Q011",
                      partial(doc.position, base + ("filters", n, "column")))


def uses(resource: Resource, text: str | None) -> Iterator[Use]:
    """The dataset columns ``resource`` names; ``text`` is its file's text (for columns inside keys)."""
    if resource.type == "workflow":
        return _soda(resource, text)
    return _policy(resource) if resource.type == "policy" else iter(())
