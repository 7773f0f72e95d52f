"""Datasets each resource reads and writes: flare inputs/outputs, soda and flash datasets,
nilus sources and sinks, and the inputs/outputs a data product declares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from compiler.model import Resource
from compiler.resolve import forms

Table = tuple[str, str, str]
READ, WRITE, DECLARED_IN, DECLARED_OUT = "read", "write", "input", "output"


@dataclass(frozen=True)
class Access:
    table: Table
    mode: str  # READ, WRITE, DECLARED_IN or DECLARED_OUT
    path: tuple  # JSON path of the address in the document


def _list(v: Any) -> list:
    return v if isinstance(v, list) else []


def _dict(v: Any) -> dict:
    return v if isinstance(v, dict) else {}


def specs(r: Resource) -> Iterator[tuple[tuple, dict]]:
    """The runnable specs of a resource: each workflow job's ``spec``, a service's or worker's body."""
    if r.type == "workflow":
        for i, job in enumerate(_list(_dict(r.data.get("workflow")).get("dag"))):
            spec = _dict(job).get("spec")
            if isinstance(spec, dict):
                yield ("workflow", "dag", i, "spec"), spec
    elif r.type in ("service", "worker"):
        body = r.data.get(r.type)
        if isinstance(body, dict):
            yield (r.type,), body


def stack_name(spec: dict) -> str:
    stack = spec.get("stack")
    if not isinstance(stack, str):
        return ""
    return stack.split(":")[0].split("+")[0].strip()


def stack_spec(spec: dict) -> tuple[tuple, dict]:
    """``stackSpec`` or the legacy stack-named section, with its key."""
    name = stack_name(spec)
    for key in ("stackSpec", name, "beacon" if name == "beacon" else None):
        if key and isinstance(spec.get(key), dict):
            return (key,), spec[key]
    return ("stackSpec",), {}


def accesses(r: Resource) -> Iterator[Access]:
    if r.type == "data":
        body = _dict(_dict(r.data.get("v1beta")).get("data"))
        for field, mode in (("inputs", DECLARED_IN), ("outputs", DECLARED_OUT)):
            for i, entry in enumerate(_list(body.get(field))):
                table = forms.table_of(forms.parse_dataset(_dict(entry).get("ref")))
                if table:
                    yield Access(table, mode, ("v1beta", "data", field, i, "ref"))
        return
    for at, spec in specs(r):
        key, ss = stack_spec(spec)
        base = at + key
        job = _dict(ss.get("job"))
        for field, mode in (("inputs", READ), ("outputs", WRITE)):
            for i, entry in enumerate(_list(job.get(field))):
                table = forms.table_of(forms.parse_udl(_dict(entry).get("dataset")))
                if table:
                    yield Access(table, mode, base + ("job", field, i, "dataset"))
        for i, entry in enumerate(_list(ss.get("inputs"))):  # soda
            table = forms.table_of(forms.parse_udl(_dict(entry).get("dataset")))
            if table:
                yield Access(table, READ, base + ("inputs", i, "dataset"))
        for field, mode in (("source", READ), ("sink", WRITE)):  # nilus
            table = forms.table_of(forms.parse_udl(_dict(ss.get(field)).get("address")))
            if table:
                yield Access(table, mode, base + (field, "address"))
        for i, entry in enumerate(_list(ss.get("datasets"))):  # flash
            table = forms.table_of(forms.parse_udl(_dict(entry).get("address")))
            if table:
                yield Access(table, READ, base + ("datasets", i, "address"))
