"""Canonical YAML and the index: the same manifests always give the same bytes.

Key order is DataOS's own: in a manifest (a mapping with ``name``, ``version``, ``type`` and its
type section) and in every mapping below it, the keys its type's JSON Schema lists come first, in
the order the schema lists them (name, version, type, tags, description, owner, layer, then the
type's section in its documented order), then any other keys sorted by code point. A manifest
inside another (a bundle entry's ``spec``) comes after its siblings (so an entry reads id,
workspace, dependencies, then the manifest) and starts again from its own schema. Where no schema
speaks (an unknown type, a free-form section), a manifest's meta keys come first in
:data:`META_ORDER`, then other top-level keys sorted, then the type section; in other mappings
:data:`NESTED_FIRST` keys come first, then the rest sorted, then ``spec``. Lists keep their order.
Block style, two-space indentation with list items indented under their key, no line folding,
literal blocks (``|``) for multi-line text, strings that YAML 1.1 readers (such as dataos-ctl's Go
parser) would take for booleans, numbers, nulls or dates are quoted. LF line ends, one final
newline, no timestamps.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from compiler.emit import yamlout
from compiler.emit.generate import Built
from compiler.schema import catalog as catalog_mod

META_ORDER = ("name", "version", "entity", "type", "tags", "description", "purpose", "owner", "layer", "workspace")
NESTED_FIRST = ("name", "id", "type", "title", "description")
NESTED_LAST = ("spec",)


def _is_manifest(data: dict) -> bool:
    kind = data.get("type")
    return isinstance(kind, str) and "name" in data and "version" in data and (kind in data or "v1beta" in data
                                                                             or "v1alpha" in data)


Nodes = tuple[Any, ...]  # the schema nodes that describe one value (branches of allOf/anyOf/oneOf...)
_BRANCHES: dict[int, tuple[Any, list[dict[str, Any]]]] = {}


def _branches(node: Any) -> list[dict[str, Any]]:
    """``node`` and every schema it combines (allOf, anyOf, oneOf, then, else), in document order."""
    found = _BRANCHES.get(id(node))
    if found is None:
        out, todo = [], [node]
        while todo:
            n = todo.pop(0)
            if isinstance(n, dict):
                out.append(n)
                todo[:0] = [b for k in ("allOf", "anyOf", "oneOf") for b in n.get(k) or ()] + \
                    [n[k] for k in ("then", "else") if isinstance(n.get(k), dict)]
        found = _BRANCHES.setdefault(id(node), (node, out))  # the node is kept: its id stays its own
    return found[1]


def _expand(nodes: Nodes) -> list[dict[str, Any]]:
    return [b for n in nodes for b in _branches(n)]


def _listed(nodes: Nodes) -> list[str]:
    return list(dict.fromkeys(k for b in _expand(nodes) if isinstance(b.get("properties"), dict)
                              for k in b["properties"]))


def _child(nodes: Nodes, key: str) -> Nodes:
    return tuple(b["properties"][key] for b in _expand(nodes)
                 if isinstance(b.get("properties"), dict) and key in b["properties"])


def _items(nodes: Nodes) -> Nodes:
    return tuple(b["items"] for b in _expand(nodes) if isinstance(b.get("items"), dict))


def _manifest_schema(data: dict[str, Any]) -> Nodes:
    catalog = catalog_mod.load()
    info = catalog.types.get(data["type"])
    version = data.get("version")
    if info is None or not isinstance(version, str) or version not in info.versions:
        return ()
    return (catalog.validator(catalog.dataos_schema_path(data["type"], version)).schema,)


def _fallback(value: dict[str, Any]) -> list[str]:
    keys = list(value)
    if _is_manifest(value):
        sections = {value["type"], str(value.get("version"))}
        first = [k for k in META_ORDER if k in value]
        last = sorted(k for k in keys if k in sections and k not in first)
        return first + sorted(k for k in keys if k not in first and k not in last) + last
    first = [k for k in NESTED_FIRST if k in value]
    last = [k for k in NESTED_LAST if k in value]
    return first + sorted(k for k in keys if k not in first and k not in last) + last


def canonical(value: Any, nodes: Nodes = ()) -> Any:
    """``value`` with every mapping's keys in canonical order (``nodes``: the schema describing it)."""
    if isinstance(value, list):
        inner = _items(nodes)
        return [canonical(v, inner) for v in value]
    if not isinstance(value, dict):
        return value
    if _is_manifest(value):
        nodes = _manifest_schema(value) or nodes
    listed = [k for k in _listed(nodes) if k in value]
    ordered = listed + sorted(k for k in value if k not in listed) if listed else _fallback(value)
    held = [k for k in ordered if isinstance(value[k], dict) and _is_manifest(value[k])]
    ordered = [k for k in ordered if k not in held] + held  # a manifest inside (a bundle entry's spec) last
    return {k: canonical(value[k], _child(nodes, k)) for k in ordered}


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


def _member(entry: dict[str, Any]) -> dict[str, Any]:
    spec = entry["spec"] if isinstance(entry.get("spec"), dict) else {}
    out = {"id": entry.get("id")}
    kind, version, name = spec.get("type"), spec.get("version"), spec.get("name")
    if all(isinstance(x, str) for x in (kind, version, name)):
        ws = entry.get("workspace") or spec.get("workspace")
        out["identity"] = f"{kind}:{version}:{name}" + (f":{ws}" if isinstance(ws, str) and ws else "")
    out["sha256"] = sha256(to_yaml(spec))
    return out
