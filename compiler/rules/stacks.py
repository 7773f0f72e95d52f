"""Checks on the stacks that runnable resources name: known stack, settings under stackSpec."""

from __future__ import annotations

import re
from collections.abc import Iterator

from compiler.core.diagnostics import Diagnostic
from compiler.core.suggest import did_you_mean
from compiler.schema.catalog import Catalog
from compiler.schema.manifest import Identified

STACK_RE = re.compile(r"^(?P<name>[a-z0-9][a-z0-9-]*)(?:\+(?P<flavor>[a-z0-9-]+))?(?::(?P<version>[0-9][0-9a-z.]*))?$")


def stack_name(stack: str) -> str | None:
    m = STACK_RE.match(stack)
    return m.group("name") if m else None


def runnable_specs(item: Identified) -> Iterator[tuple[tuple, dict]]:
    """(path, spec) of every place in a manifest that names a stack."""
    data = item.document.data
    section = data.get(item.type)
    if item.type == "workflow" and isinstance(section, dict) and isinstance(section.get("dag"), list):
        for i, job in enumerate(section["dag"]):
            if isinstance(job, dict) and isinstance(job.get("spec"), dict):
                yield ("workflow", "dag", i, "spec"), job["spec"]
    elif item.type in ("service", "worker") and isinstance(section, dict):
        yield (item.type,), section


def unknown_stack_keys(item: Identified, catalog: Catalog) -> set:
    """Positions of the settings keys named after an unknown stack (``acme-loader:`` beside ``stack:
    acme-loader:1.0``): the S013 warning is the one finding, never an S006 error repeating it."""
    out = set()
    for path, spec in runnable_specs(item):
        stack = spec.get("stack")
        name = stack_name(stack) if isinstance(stack, str) else None
        if name is not None and name not in catalog.known_stacks and name in spec:
            out.add(item.document.position(path + (name,), key=True))
    return out


def check(item: Identified, catalog: Catalog) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    doc = item.document
    for path, spec in runnable_specs(item):
        stack = spec.get("stack")
        if not isinstance(stack, str):
            continue
        name = stack_name(stack)
        if name is None or name not in catalog.known_stacks:
            suggestion = did_you_mean(name or stack, catalog.known_stacks)
            out.append(Diagnostic.of("S013", f"unknown stack '{stack}'{suggestion}", doc.position(path + ("stack",)),
                                     "stacks are written name[+flavor][:version], e.g. flare:7.0 or soda+python:1.0"))
            continue
        info = catalog.stacks.get(name)
        legacy = info.legacy_key if info else None
        if legacy and legacy in spec and "stackSpec" not in spec:
            out.append(Diagnostic.of("S010", f"the settings of stack '{stack}' are under the legacy key '{legacy}'",
                                     doc.position(path + (legacy,), key=True), f"rename '{legacy}:' to 'stackSpec:'"))
    return out
