"""Which YAML documents are DataOS manifests, and of which type and version.

The rule, documented in the README: a document is a DataOS manifest when it is a mapping
with a ``type`` key and at least a ``name`` or a ``version``. A mapping with ``name``,
``version`` and a key named like a DataOS type, but no ``type``, is a manifest that forgot
its type (S012). Every other document is somebody else's YAML and is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core.diagnostics import Diagnostic
from compiler.core.suggest import did_you_mean
from compiler.core.walk import JsonPath
from compiler.load.origin import AnyDocument
from compiler.schema.catalog import Catalog


@dataclass(frozen=True)
class Identified:
    """A manifest whose type and version are known to the catalogue."""

    document: AnyDocument
    type: str
    version: str
    schema: str
    legacy: bool


def is_manifest(data: object) -> bool:
    return isinstance(data, dict) and "type" in data and ("name" in data or "version" in data)


def looks_untyped(data: object, catalog: Catalog) -> bool:
    return (isinstance(data, dict) and "type" not in data and "name" in data and "version" in data
            and any(k in catalog.types for k in data))


def _d(code: str, doc: AnyDocument, path: JsonPath, message: str, hint: str | None = None,
       key: bool = False) -> Diagnostic:
    return Diagnostic.of(code, message, doc.position(path, key=key), hint)


def identify(doc: AnyDocument, catalog: Catalog) -> tuple[Identified | None, list[Diagnostic]]:
    data = doc.data
    if looks_untyped(data, catalog):
        section = next(k for k in data if k in catalog.types)
        return None, [_d("S012", doc, (), f"manifest has no 'type'; add 'type: {section}'",
                         f"the '{section}:' section suggests type '{section}'")]
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in catalog.types:
        shown = kind if isinstance(kind, str) else repr(kind)
        return None, [_d("S001", doc, ("type",),
                         f"unknown resource type '{shown}'{did_you_mean(str(kind), catalog.types)}",
                         "known types: " + ", ".join(sorted(catalog.types)))]
    info = catalog.types[kind]
    if "version" not in data:
        return None, [_d("S003", doc, (), f"missing required field 'version' (the current version of "
                         f"{kind} is {info.current})", f"add 'version: {info.current}'")]
    version = data["version"]
    if not isinstance(version, str) or version not in info.versions:
        shown = version if isinstance(version, str) else repr(version)
        known = ", ".join(sorted(info.versions, key=lambda v: (v != info.current, v)))
        return None, [_d("S002", doc, ("version",),
                         f"{kind} has no version '{shown}'; it has: {known}",
                         f"use 'version: {info.current}' (current)")]
    v = info.versions[version]
    found = Identified(doc, kind, version, catalog.dataos_schema_path(kind, version), v.status == "legacy")
    diags = []
    if found.legacy:
        note = f" ({v.note})" if v.note else ""
        diags.append(_d("S009", doc, ("version",),
                        f"{kind} version '{version}' is a legacy version{note}",
                        f"use 'version: {info.current}'"))
    return found, diags
