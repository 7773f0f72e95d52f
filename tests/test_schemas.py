"""The JSON Schemas themselves: valid, fully described, every reference resolvable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO
from jsonschema import Draft202012Validator

from compiler.core.paths import schemas_dir
from compiler.schema.catalog import Catalog

ROOT = schemas_dir()
FILES = sorted(p for p in ROOT.rglob("*.json") if p.name != "catalog.json")


def _walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from _walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, path + (i,))


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_schema_is_valid_and_every_property_described(file: Path) -> None:
    schema = json.loads(file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert "$id" not in schema  # the loader sets it, so that relative $refs work for editors too
    undescribed = [
        "/".join(map(str, path + ("properties", name)))
        for path, node in _walk(schema)
        if isinstance(node.get("properties"), dict) and path[-1:] != ("properties",)
        for name, sub in node["properties"].items()
        if not (isinstance(sub, dict) and (sub.get("description") or "$ref" in sub))
    ]
    assert undescribed == []


def test_every_ref_resolves_and_catalog_points_at_real_schemas() -> None:
    catalog = Catalog(ROOT)
    for info in catalog.types.values():
        assert info.current in info.versions
        for v in info.versions.values():
            assert (ROOT / "dataos" / v.schema).is_file()
    for file in FILES:
        rel = file.relative_to(ROOT).as_posix()
        schema = catalog.schema(rel)
        resolver = catalog._registry.resolver(base_uri=schema["$id"])
        for _, node in _walk(schema):
            if isinstance(node.get("$ref"), str):
                resolver.lookup(node["$ref"])  # raises when the target is missing


def test_stack_schemas_exist() -> None:
    catalog = Catalog(ROOT)
    for stack in catalog.stacks.values():
        assert stack.schema is None or (ROOT / "dataos" / stack.schema).is_file()


def _manifests():
    from compiler.load.yamlload import parse_text
    from compiler.schema.manifest import identify, is_manifest

    catalog = Catalog(ROOT)
    roots = [REPO / "products", REPO / "tests" / "cases", REPO / "tests" / "golden"]
    for root in roots:
        for path in sorted(root.rglob("*.y*ml")):
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for doc in parse_text(path.as_posix(), text).documents:
                if is_manifest(doc.data):
                    item, _ = identify(doc, catalog)
                    if item is not None:
                        yield item


def test_the_fast_check_agrees_with_the_full_validator() -> None:
    """jsonschema-rs answers 'valid' for most documents; it must never say valid where jsonschema finds errors."""
    catalog = Catalog(ROOT)
    checked = 0
    for item in _manifests():
        quick = catalog.quick(item.schema)
        assert quick is not None, item.schema
        full = not any(True for _ in catalog.validator(item.schema).iter_errors(item.document.data))
        assert quick(item.document.data) == full, item.document.path
        checked += 1
    assert checked > 200
