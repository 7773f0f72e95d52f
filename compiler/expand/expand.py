"""One resource spec -> one fully expanded manifest, with every value's origin.

Full expansion (files of a product described by a product.yaml), in this order:
1. merge the layers (weakest first): built-in fills (``version`` = the current version of the
   type, ``layer: user``, ``workspace: public`` for workspace-level types), the environment's
   ``owner``/``layer``/``workspace``, the environment's ``defaults.<type>``, product.yaml's
   ``owner``/``workspace``, product.yaml's ``defaults.<type>``, the spec (see merge.py);
2. ``tags``: the union of every layer's tags and the product's DPDomain/DPUsecase/DPTier tags;
3. ``compute`` where the spec names none: the environment's runnable compute on workflow jobs,
   workers, services and lenses, its query compute on clusters;
4. ``workflow.schedule`` dropped when the environment says ``schedules: false``;
5. templates rendered (render.py); 6. ``sqlFile:`` inlined into ``sql``.
Inline-only expansion (plain DataOS folders) does step 6 alone.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.core.diagnostics import Diagnostic
from compiler.core.walk import JsonPath
from compiler.expand.merge import merge, union_tags
from compiler.expand.render import NOT_RENDERED, Renderer, TemplateProblem, has_template
from compiler.load.includes import IncludeProblem, Includes
from compiler.load.origin import AnyDocument, Origin, Origins, SourcedDocument
from compiler.project.specs import Environment, ProductSpec
from compiler.schema.catalog import Catalog


def origin_at(origins: Origins, path: JsonPath) -> Origin:
    """The origin of ``path``, composed from the closest recorded root above it."""
    for cut in range(len(path), -1, -1):
        found = origins.get(path[:cut])
        if found is not None:
            return Origin(found.document, found.path + path[cut:])
    raise KeyError(path)  # pragma: no cover - the root always has an origin


@dataclass
class Expander:
    catalog: Catalog
    cwd: Path
    includes: Includes
    environment: Environment | None = None
    product: ProductSpec | None = None
    renderer: Renderer | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.product is not None and self.renderer is None:
            env = self.environment
            variables = {**(self.product.get("vars") or {}), **(env.vars if env else {})}
            self.renderer = Renderer({"env": env.context() if env else {}, "product": self.product.context(),
                                      "vars": variables})

    def expand(self, doc: AnyDocument) -> tuple[SourcedDocument, list[Diagnostic]]:
        if not isinstance(doc.data, dict):
            return SourcedDocument(doc.path, doc.index, doc.data, {(): Origin(doc)}), []
        out: list[Diagnostic] = []
        origins: Origins = {}
        if self.product is not None and self.renderer is not None:
            data = self._layers(doc, self.product, origins)
            data = self._render(self.renderer, data, (), origins, out)
        else:
            data, origins[()] = doc.data, Origin(doc)
        data = self._inline_sql(data, (), origins, out)
        return SourcedDocument(doc.path, doc.index, data, origins), out

    # 1-4: defaults, tags, computes, schedules
    def _layers(self, doc: AnyDocument, product: ProductSpec, origins: Origins) -> dict[str, Any]:
        env, data = self.environment, doc.data
        kind = data.get("type") if isinstance(data.get("type"), str) else None
        info = self.catalog.types.get(kind) if kind else None
        workspace_level = info is not None and info.scope == "workspace"
        builtin: dict[str, Any] = {"layer": "user"}
        if info is not None:
            builtin["version"] = info.current
        if workspace_level:
            builtin["workspace"] = "public"

        def fills(source: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
            return {k: source[k] for k in keys if isinstance(source.get(k), str)
                    and (k != "workspace" or workspace_level)}

        defaults_at: JsonPath = ("defaults", kind) if kind else ("defaults",)
        layers = [(builtin, Origin(doc))]
        if env is not None and env.document is not None:
            layers.append((fills(env.data, ("owner", "layer", "workspace")), Origin(env.document)))
            layers.append((env.defaults(kind), Origin(env.document, defaults_at)))
        layers.append((fills(product.data, ("owner", "workspace")), Origin(product.document)))
        layers.append((product.defaults(kind), Origin(product.document, defaults_at)))
        layers.append((data, Origin(doc)))
        tag_sources = [(layer.get("tags"), o.child("tags")) for layer, o in layers if isinstance(layer, dict)]
        layers = [({k: v for k, v in layer.items() if k != "tags"}, o) for layer, o in layers]
        merged = copy.deepcopy(merge(layers, origins))  # the sources' data stay untouched
        pairs = [(t, o.child(i)) for tags, o in tag_sources if isinstance(tags, list) for i, t in enumerate(tags)]
        pairs += [(tag, product.origin(*path)) for tag, path in product.tags()]
        tags, tag_origins = union_tags(pairs)
        if tags:
            merged["tags"] = tags
            origins[("tags",)] = Origin(doc, ("tags",))
            origins.update({("tags", i): o for i, o in tag_origins.items()})
        self._computes(kind, merged, origins, doc)
        if kind == "workflow" and env is not None and not env.schedules and isinstance(merged.get("workflow"), dict):
            merged["workflow"] = {k: v for k, v in merged["workflow"].items() if k != "schedule"}
        return merged

    def _computes(self, kind: str | None, data: dict[str, Any], origins: Origins, doc: AnyDocument) -> None:
        section = data.get(kind) if kind else None
        if not isinstance(section, dict):
            return
        places: list[tuple[JsonPath, dict[str, Any], str]] = []
        if kind == "workflow" and isinstance(section.get("dag"), list):
            places += [((kind, "dag", i, "spec"), job["spec"], "runnable") for i, job in enumerate(section["dag"])
                       if isinstance(job, dict) and isinstance(job.get("spec"), dict)]
        elif kind in ("worker", "service", "lens"):
            places.append(((kind,), section, "runnable"))
        elif kind == "cluster":
            places.append(((kind,), section, "query"))
        env = self.environment
        for path, spec, purpose in places:
            if "compute" in spec:
                continue
            spec["compute"] = env.compute(purpose) if env else ("query-default" if purpose == "query"
                                                                 else "runnable-default")
            from_env = env.origin("compute", purpose) if env and env.document is not None else None
            origins[path + ("compute",)] = from_env or origin_at(origins, path)

    # 5: templates
    def _render(self, renderer: Renderer, value: Any, path: JsonPath, origins: Origins,
                out: list[Diagnostic]) -> Any:
        if isinstance(value, str):
            if not has_template(value):
                return value
            try:
                return renderer.render(value)
            except TemplateProblem as p:
                out.append(Diagnostic.of(p.code, p.message, origin_at(origins, path).position(), p.hint))
                return value
        if isinstance(value, dict):
            return {k: v if k in NOT_RENDERED else self._render(renderer, v, path + (k,), origins, out)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self._render(renderer, v, path + (i,), origins, out) for i, v in enumerate(value)]
        return value

    # 6: sqlFile
    def _inline_sql(self, value: Any, path: JsonPath, origins: Origins, out: list[Diagnostic]) -> Any:
        if isinstance(value, list):
            return [self._inline_sql(v, path + (i,), origins, out) for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        result = {k: self._inline_sql(v, path + (k,), origins, out) for k, v in value.items()}
        ref = result.get("sqlFile")
        if isinstance(ref, str):
            where = origin_at(origins, path + ("sqlFile",))
            try:
                _, text = self.includes.load(ref, self.folder_of(where), "sqlFile")
            except IncludeProblem as p:
                out.append(Diagnostic.of(p.code, p.message, where.position(), p.hint))
                return result
            result = {("sql" if k == "sqlFile" else k): (text if k == "sqlFile" else v)
                      for k, v in result.items() if k != "sql"}
            origins[path + ("sql",)] = where
        return result

    def folder_of(self, origin: Origin) -> Path:
        """The folder of the file that wrote the value at ``origin``."""
        return (self.cwd / origin.position().path).parent
