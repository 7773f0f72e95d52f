"""dpc's own files (product.yaml, dpc.yaml, environments/*.yaml) checked against ``schemas/spec/``.

They are linted like manifests: the same keyword -> diagnostic mapping gives positions, codes
and "did you mean". platform.yaml is checked where it is loaded (:mod:`compiler.resolve.platform`).
"""

from __future__ import annotations

from pathlib import Path

from compiler.core.diagnostics import Diagnostic
from compiler.load.yamlload import Document
from compiler.schema.catalog import Catalog
from compiler.schema.validate import validate_document

SCHEMAS = {
    "product.yaml": "spec/product.json", "product.yml": "spec/product.json",
    "dpc.yaml": "spec/dpc.json", "dpc.yml": "spec/dpc.json",
}
ENVIRONMENT_SCHEMA = "spec/environment.json"


def schema_for(path: Path) -> str | None:
    if path.name in SCHEMAS:
        return SCHEMAS[path.name]
    if path.parent.name == "environments" and path.suffix in (".yaml", ".yml"):
        return ENVIRONMENT_SCHEMA
    return None


def check_document(doc: Document, schema: str, catalog: Catalog) -> list[Diagnostic]:
    if not isinstance(doc.data, dict):
        return [Diagnostic.of("Y006", f"document {doc.index + 1} is not a mapping; this file is a mapping of settings",
                           doc.position(()))]
    return validate_document(doc, schema, catalog)


def check(path: Path, documents: tuple[Document, ...], catalog: Catalog) -> list[Diagnostic]:
    schema = schema_for(path)
    if schema is None:
        return []
    return [d for doc in documents for d in check_document(doc, schema, catalog)]
