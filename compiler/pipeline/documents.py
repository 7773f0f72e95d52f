"""One file's checks: its documents (expanded when a product.yaml describes them) -> findings and resources.

Per document: YAML shape, DataOS identification, schema, stacks, placeholders, secrets and schedules.
"""

from __future__ import annotations

from compiler.core.codes import rule
from compiler.core.diagnostics import Diagnostic
from compiler.load.discover import Found
from compiler.load.origin import AnyDocument
from compiler.load.read import read
from compiler.load.yamlload import ParsedFile
from compiler.model import Expand, Resource, SourceFile
from compiler.project.specs import PRODUCT_FILES
from compiler.rules import placeholders, schedules, secrets, stacks
from compiler.schema import manifest, specfiles, validate
from compiler.schema.catalog import Catalog

DOCUMENT_RULES = (placeholders.check, secrets.check, schedules.check)  # each: document -> its findings


def check_document(doc: AnyDocument, catalog: Catalog, product: str | None) -> tuple[list[Diagnostic], Resource | None]:
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        return [Diagnostic("Y006", rule("Y006").severity,
                           f"document {doc.index + 1} is {kind}, not a mapping; a DataOS manifest is a mapping "
                           "of name, version, type...", doc.position(()))], None
    if manifest.other_tool(doc.data) or (not manifest.is_manifest(doc.data)
                                         and not manifest.looks_untyped(doc.data, catalog)):
        return [], None
    out = [d for check in DOCUMENT_RULES for d in check(doc)]
    item, found = manifest.identify(doc, catalog)
    out.extend(found)
    if item is None:
        return out, _unversioned(doc, catalog, product)
    marked = {d.position for d in out if d.code == "P001"}
    settings = stacks.unknown_stack_keys(item, catalog)
    out.extend(d for d in validate.validate(item, catalog) if d.position not in marked
               and not (d.code == "S006" and d.position in settings))
    out.extend(stacks.check(item, catalog))
    name = doc.data.get("name")
    if not isinstance(name, str) or not name:
        return out, None
    info = catalog.types[item.type]
    return out, Resource(item.type, item.version, name, info.scope, doc, product, item.legacy)


def _unversioned(doc: AnyDocument, catalog: Catalog, product: str | None) -> Resource | None:
    """A manifest of a known type whose version is wrong or missing (S002, S003) still defines its name, so
    that the one finding on its version never cascades into "not defined" in the files that use it."""
    kind, name, version = doc.data.get("type"), doc.data.get("name"), doc.data.get("version")
    if not isinstance(kind, str) or kind not in catalog.types or not isinstance(name, str) or not name:
        return None
    info = catalog.types[kind]
    return Resource(kind, version if isinstance(version, str) and version else info.current, name, info.scope,
                    doc, product, unidentified=True)


def check_file(found: Found, catalog: Catalog, max_bytes: int, product: str | None,
               expand: Expand | None = None) -> SourceFile:
    parsed, diags = read(found, max_bytes)
    resources: list[Resource] = []
    if parsed is not None and found.kind == "spec" and not _manifest_named_product(found, parsed):
        diags.extend(specfiles.check(found.path, parsed.documents, catalog))
    elif parsed is not None:
        for written in parsed.documents:
            doc: AnyDocument = written
            if expand is not None:
                doc, expand_diags = expand(written)
                diags.extend(expand_diags)
            found_diags, resource = check_document(doc, catalog, product)
            diags.extend(found_diags)
            if resource is not None:
                resources.append(resource)
    return SourceFile(found, parsed, product, tuple(diags), tuple(resources))


def _manifest_named_product(found: Found, parsed: ParsedFile) -> bool:
    return found.path.name in PRODUCT_FILES and manifest.declares_dataos_resource(parsed.text)
