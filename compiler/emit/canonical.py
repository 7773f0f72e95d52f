"""Canonical YAML and the index: the same manifests always give the same bytes.

Key order: in a manifest (a mapping with ``name``, ``version``, ``type`` and its type
section) the meta keys come first in :data:`META_ORDER`, then any other top-level keys
sorted, then the type section (and, for a data product, its ``v1beta`` body). In every other
mapping :data:`NESTED_FIRST` keys come first, then the rest sorted by code point, then
``spec`` (so a bundle entry or a workflow job reads id/name, settings, then the manifest). Lists keep
their order. Block style, two-space indentation with list items indented under their key, no
line folding, literal blocks (``|``) for multi-line text, strings that YAML 1.1 readers (such
as dataos-ctl's Go parser) would take for booleans, numbers, nulls or dates are quoted. LF line
ends, one final newline, no timestamps.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from compiler.emit import yamlout
from compiler.emit.generate import Built

META_ORDER = ("name", "version", "entity", "type", "tags", "description", "purpose", "owner", "layer", "workspace")
NESTED_FIRST = ("name", "id", "type", "title", "description")
NESTED_LAST = ("spec",)


def _is_manifest(data: dict) -> bool:
    kind = data.get("type")
    return isinstance(kind, str) and "name" in data and "version" in data and (kind in data or "v1beta" in data
                                                                             or "v1alpha" in data)


def canonical(value: Any) -> Any:
    """``value`` with every mapping's keys in canonical order."""
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if not isinstance(value, dict):
        return value
    keys = list(value)
    if _is_manifest(value):
        sections = {value["type"], str(value.get("version"))}
        first = [k for k in META_ORDER if k in value]
        last = sorted(k for k in keys if k in sections and k not in first)
        middle = sorted(k for k in keys if k not in first and k not in last)
        ordered = first + middle + last
    else:
        first = [k for k in NESTED_FIRST if k in value]
        last = [k for k in NESTED_LAST if k in value]
        ordered = first + sorted(k for k in keys if k not in first and k not in last) + last
    return {k: canonical(value[k]) for k in ordered}


def to_yaml(data: Any) -> str:
    return yamlout.dump(canonical(data))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_names(built: list[Built]) -> list[str]:
    width = max(2, len(str(len(built))))
    seen = [(b.node.type, b.node.name) for b in built]
    names = []
    for i, b in enumerate(built, 1):
        label = "data-product" if b.node.type == "data" else b.node.type
        name = b.node.name
        if seen.count((b.node.type, b.node.name)) > 1:
            name += "-" + b.node.key.rsplit(":", 1)[-1]
        names.append(f"{i:0{width}d}-{label}-{name}.yaml")
    return names


def render_product(product: str, environment: str, built: list[Built]) -> dict[str, str]:
    """File name -> text for one product: its manifests in apply order and ``index.json``."""
    files: dict[str, str] = {}
    entries = []
    for order, (name, b) in enumerate(zip(file_names(built), built, strict=True), 1):
        text = to_yaml(b.document.data)
        files[name] = text
        entry: dict = {"order": order, "identity": b.identity, "file": name, "sha256": sha256(text)}
        members = (b.document.data.get("bundle") or {}).get("resources") if b.node.type == "bundle" else None
        if isinstance(members, list):
            entry["contains"] = [_member(m) for m in members if isinstance(m, dict)]
        entries.append(entry)
    index = {"product": product, "environment": environment, "resources": entries}
    files["index.json"] = json.dumps(index, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return files


def _member(entry: dict) -> dict:
    spec = entry.get("spec") if isinstance(entry.get("spec"), dict) else {}
    out = {"id": entry.get("id")}
    kind, version, name = spec.get("type"), spec.get("version"), spec.get("name")
    if all(isinstance(x, str) for x in (kind, version, name)):
        ws = entry.get("workspace") or spec.get("workspace")
        out["identity"] = f"{kind}:{version}:{name}" + (f":{ws}" if isinstance(ws, str) and ws else "")
    out["sha256"] = sha256(to_yaml(spec))
    return out
