"""Which YAML documents are DataOS manifests, and of which type and version.

The rule, documented in the README: a document is a DataOS manifest when it is a mapping
with a ``type`` key and at least a ``name`` or a ``version``. A mapping with ``name``,
``version`` and a key named like a DataOS type, but no ``type``, is a manifest that forgot
its type (S012). Every other document is somebody else's YAML and is left alone, and so is a
document of another tool even when it has a ``type`` key (:func:`other_tool`): Kubernetes and Helm
(``apiVersion``, which no DataOS manifest has), GitHub workflows (``on`` and ``jobs``) and
docker-compose files (``services`` with no ``type``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.core.codes import rule
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


OTHER_TOOLS: dict[str, tuple[str, ...]] = {  # tool -> keys that together mark its documents
    "Kubernetes/Helm": ("apiVersion",),
    "GitHub Actions": ("on", "jobs"),
    "docker-compose": ("services",),
}


def other_tool(data: object) -> str | None:
    """The tool a document belongs to when it is not DataOS's (see OTHER_TOOLS), else None."""
    if not isinstance(data, dict):
        return None
    for tool, keys in OTHER_TOOLS.items():
        if all(k in data for k in keys) and (tool != "docker-compose" or "type" not in data):
            return tool
    return None


_TOP_TYPE = re.compile(r"^type[ \t]*:[ \t]*\S", re.M)
_TOP_VERSION = re.compile(r"^version[ \t]*:[ \t]*\S", re.M)


def declares_dataos_resource(text: str) -> bool:
    """Whether a file's text has the top-level ``type`` and ``version`` of a DataOS resource: a file named
    product.yaml/product.yml that does (a Soda workflow of the docs' learn track) is that manifest, never
    dpc's own product spec, which has neither."""
    return bool(_TOP_TYPE.search(text) and _TOP_VERSION.search(text))


def is_manifest(data: object) -> bool:
    return isinstance(data, dict) and "type" in data and ("name" in data or "version" in data)


def looks_untyped(data: object, catalog: Catalog) -> bool:
    return (isinstance(data, dict) and "type" not in data and "name" in data and "version" in data
            and any(k in catalog.types for k in data))


def _d(code: str, doc: AnyDocument, path: JsonPath, message: str, hint: str | None = None,
       key: bool = False) -> Diagnostic:
    return Diagnostic(code, rule(code).severity, message, doc.position(path, key=key), hint)


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
