"""A plain DataOS product folder (no product.yaml): its own manifests, bundles with files inlined.

Every ``resources[].file`` of a hand-written bundle is replaced by ``spec``: the manifest it
names, with its ``sqlFile:`` paths inlined too. A manifest inlined into a bundle is not
emitted on its own; every other manifest of the folder (instance secrets, depots, scanners, the
data product spec...) is, in apply order.
"""

from __future__ import annotations

from pathlib import Path

from compiler.core.diagnostics import Diagnostic
from compiler.core.paths import display_path
from compiler.expand.expand import Expander, origin_at
from compiler.load.includes import IncludeProblem
from compiler.load.origin import AnyDocument, Origin, Origins, SourcedDocument
from compiler.load.yamlload import parse_text
from compiler.model import Resource
from compiler.rules import stacks
from compiler.schema import manifest, validate
from compiler.schema.catalog import Catalog


def check_manifest(doc: AnyDocument, catalog: Catalog) -> list[Diagnostic]:
    """Schema and stack findings for a manifest dpc builds or inlines."""
    item, out = manifest.identify(doc, catalog)
    if item is not None:
        out = [*out, *validate.validate(item, catalog), *stacks.check(item, catalog)]
    return out


class BundleInliner:
    def __init__(self, expander: Expander, catalog: Catalog, known: dict[Path, Resource]):
        self.expander, self.catalog, self.known = expander, catalog, known
        self.inlined: set[Path] = set()

    def inline(self, bundle: Resource) -> tuple[SourcedDocument, list[Diagnostic]]:
        doc = bundle.document
        origins: Origins = {(): Origin(doc)}
        data = dict(bundle.data)
        section = data.get("bundle")
        out: list[Diagnostic] = []
        if not isinstance(section, dict) or not isinstance(section.get("resources"), list):
            return SourcedDocument(doc.path, doc.index, data, origins), out
        entries = []
        for i, entry in enumerate(section["resources"]):
            path = ("bundle", "resources", i)
            if isinstance(entry, dict) and isinstance(entry.get("file"), str) and "spec" not in entry:
                inlined = self._load(entry["file"], origin_at(origins, path + ("file",)), out)
                if inlined is not None:
                    entry = {("spec" if k == "file" else k): (inlined.data if k == "file" else v)
                             for k, v in entry.items()}
                    origins[path + ("spec",)] = Origin(inlined, ())
            entries.append(entry)
        data["bundle"] = {**section, "resources": entries}
        return SourcedDocument(doc.path, doc.index, data, origins), out

    def _load(self, value: str, where: Origin, out: list[Diagnostic]) -> SourcedDocument | None:
        includes = self.expander.includes
        try:
            path = includes.resolve(value, self.expander.folder_of(where), "file")
        except IncludeProblem as p:
            out.append(Diagnostic.of(p.code, p.message, where.position(), p.hint))
            return None
        self.inlined.add(path)
        known = self.known.get(path)
        if known is not None:
            return known.document if isinstance(known.document, SourcedDocument) else \
                self.expander.expand(known.document)[0]
        try:
            text = includes.read(path, "file", value)
        except IncludeProblem as p:
            out.append(Diagnostic.of(p.code, p.message, where.position(), p.hint))
            return None
        parsed = parse_text(display_path(path, self.expander.cwd), text)
        docs = [d for d in parsed.documents if isinstance(d.data, dict)]
        out.extend(parsed.diagnostics)
        if parsed.diagnostics and not docs:  # the file's YAML error is the one finding, not its consequence
            return None
        if len(docs) != 1:
            out.append(Diagnostic.of("T006", f"file '{value}' holds {len(docs)} manifests; a bundle "
                                     "entry's file must hold exactly one", where.position()))
            return None
        expanded, found = self.expander.expand(docs[0])
        out.extend(found)
        out.extend(check_manifest(expanded, self.catalog))
        return expanded
