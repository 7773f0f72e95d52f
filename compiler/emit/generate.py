"""The manifests dpc writes for a product described by a product.yaml: bundle, data product, scanner.

- Bundle (v1beta) ``<product>-bundle`` (product.yaml ``bundle.name``): every resource of the
  product inline as ``spec``, in apply order, each with its ``workspace`` (workspace-level
  types) and its ``dependencies`` (order.py); ``workspaces`` creates every workspace the
  resources use except ``public``, ``sandbox`` and ``system``. Entry ids are resource names,
  or ``<type>-<name>`` where two resources of different types share a name.
- Data product (v1beta) named ``product``: tags, meta, collaborators, ``resource`` -> the
  bundle, inputs, outputs (``refType: dataos`` for ``dataset:`` ids, ``dataos_address`` for
  UDLs), ``ports.lens`` -> ``lens:v1alpha:<name>:<workspace>``.
- Scanner workflow ``scan-dp-<product>`` (scanner:2.0, data-product scan) whose
  ``dataProductFilterPattern`` is exactly ``^<product>$``.
Every generated value's origin is the product.yaml line it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.core.diagnostics import Diagnostic
from compiler.emit.order import Node, edges, order
from compiler.expand.merge import union_tags
from compiler.load.origin import Origin, Origins, SourcedDocument
from compiler.model import Resource
from compiler.project.specs import Environment, ProductSpec
from compiler.schema.catalog import Catalog

BUILTIN_WORKSPACES = frozenset({"public", "sandbox", "system"})


@dataclass(frozen=True)
class Built:
    """One manifest to emit."""

    node: Node
    document: SourcedDocument

    @property
    def identity(self) -> str:
        return self.node.key


def identity(kind: str, version: str, name: str, workspace: str | None) -> str:
    return f"{kind}:{version}:{name}" + (f":{workspace}" if workspace else "")


def _doc(product: ProductSpec, data: dict[str, Any], origins: Origins) -> SourcedDocument:
    return SourcedDocument(product.document.path, 0, data, {(): product.origin("product"), **origins})


def product_tags(product: ProductSpec) -> tuple[list[str], Origins]:
    tags, found = union_tags([(t, product.origin(*p)) for t, p in product.tags()])
    return tags, {("tags", i): o for i, o in found.items()}


def _meta(product: ProductSpec, env: Environment | None, name: str, version: str, kind: str,
          description: str | None) -> tuple[dict[str, Any], Origins]:
    tags, origins = product_tags(product)
    data: dict[str, Any] = {"name": name, "version": version, "type": kind}
    if tags:
        data["tags"] = tags
    if description:
        data["description"] = description
        origins[("description",)] = product.origin("description")
    owner = product.owner or (env.owner if env else None)
    if owner:
        data["owner"] = owner
        where = product.origin("owner") if product.owner else env.origin("owner") if env else None
        if where is not None:  # the built-in environment has no file to point at
            origins[("owner",)] = where
    data["layer"] = "user"
    return data, origins


def bundle(product: ProductSpec, env: Environment | None, resources: list[Resource],
           catalog: Catalog) -> tuple[Built, list[Diagnostic]]:
    nodes = [Node(r.identity, r.type, r.name, r.data) for r in resources]
    by_key = {r.identity: r for r in resources}
    deps = edges(nodes, catalog)
    ordered, stuck = order(nodes, deps)
    diags = [Diagnostic.of("T009", f"{n.type} '{n.name}' is part of a dependency cycle: "
                           + " -> ".join(sorted(x.name for x in stuck)), by_key[n.key].document.position(("name",)),
                           "break the cycle of references")
             for n in stuck]
    names = [n.name for n in nodes]
    ids = {n.key: n.name if names.count(n.name) == 1 else f"{n.type}-{n.name}" for n in nodes}
    description = (product.get("bundle") or {}).get("description") or product.get("description")
    data, origins = _meta(product, env, product.bundle_name, catalog.types["bundle"].current, "bundle", description)
    entries: list[dict] = []
    used_workspaces: list[str] = []
    for i, n in enumerate(ordered):
        r = by_key[n.key]
        entry: dict = {"id": ids[n.key]}
        if r.workspace:
            entry["workspace"] = r.workspace
            used_workspaces.append(r.workspace)
        dependencies = sorted(ids[d] for d in deps[n.key] if d in ids)
        if dependencies:
            entry["dependencies"] = dependencies
        entry["spec"] = r.data
        entries.append(entry)
        origins[("bundle", "resources", i)] = Origin(r.document, ())
        origins[("bundle", "resources", i, "spec")] = Origin(r.document, ())
    section: dict = {}
    created = sorted(set(used_workspaces) - BUILTIN_WORKSPACES)
    if created:
        section["workspaces"] = [{"name": ws, "description": f"Workspace of the {product.name} data product.",
                                  "layer": "user", "labels": {"dataproduct": product.name}} for ws in created]
        origins[("bundle", "workspaces")] = product.origin("workspace")
    section["resources"] = entries
    data["bundle"] = section
    node = Node(identity("bundle", data["version"], data["name"], None), "bundle", data["name"], data)
    return Built(node, _doc(product, data, origins)), diags


def _ref(item: str | dict[str, Any], i: int, key: str, product: ProductSpec) -> tuple[dict[str, Any], Origin]:
    ref = item if isinstance(item, str) else item.get("ref", "")
    out = {"refType": "dataos_address" if str(ref).startswith("dataos://") else "dataos", "ref": ref}
    if isinstance(item, dict):
        out.update({k: item[k] for k in ("description", "purpose") if k in item})
    return out, product.origin(key, i)


def data_product(product: ProductSpec, env: Environment | None, bundle_built: Built, lenses: list[Resource],
                 catalog: Catalog) -> tuple[Built, list[Diagnostic]]:
    version = catalog.types["data"].current
    data, origins = _meta(product, env, product.name, version, "data", product.get("description"))
    data = {"name": data.pop("name"), "version": data.pop("version"), "entity": "product", **data}
    if product.get("purpose"):
        data["purpose"] = product.get("purpose")
        origins[("purpose",)] = product.origin("purpose")
    if product.get("refs"):
        data["refs"] = product.get("refs")
        origins[("refs",)] = product.origin("refs")
    body: dict = {"meta": {"title": product.context()["title"], **(product.get("meta") or {})}}
    origins[("v1beta", "data", "meta")] = product.origin("meta")
    origins[("v1beta", "data", "meta", "title")] = product.origin("title")
    collaborators = []
    for i, c in enumerate(product.get("collaborators") or []):
        entry = {"name": c} if isinstance(c, str) else {"name": c.get("name"), **({"description": c["role"]}
                                                                                  if "role" in c else {})}
        collaborators.append(entry)
        origins[("v1beta", "data", "collaborators", i)] = product.origin("collaborators", i)
    if collaborators:
        body["collaborators"] = collaborators
    if product.get("relatedDataProducts"):
        body["relatedDataProducts"] = product.get("relatedDataProducts")
        origins[("v1beta", "data", "relatedDataProducts")] = product.origin("relatedDataProducts")
    body["resource"] = {"refType": "dataos", "ref": f"bundle:{bundle_built.node.data['version']}:"
                        f"{bundle_built.node.name}", "description": "Bundle generated by dpc from product.yaml."}
    for key in ("inputs", "outputs"):
        items = product.get(key) or []
        refs = []
        for i, item in enumerate(items):
            ref, o = _ref(item, i, key, product)
            refs.append(ref)
            origins[("v1beta", "data", key, i)] = o
        if refs or key == "inputs":
            body[key] = refs
    diags: list[Diagnostic] = []
    lens_name = (product.get("ports") or {}).get("lens")
    if isinstance(lens_name, str):
        lens = next((r for r in lenses if r.name == lens_name), None)
        where = product.origin("ports", "lens")
        if lens is None:
            diags.append(Diagnostic.of("T010", f"ports.lens names '{lens_name}', which is no lens of "
                                       f"product {product.name}", where.position(), "lenses of the product: "
                                       + (", ".join(sorted(r.name for r in lenses)) or "none")))
        else:
            body["ports"] = {"lens": {"ref": lens.identity, "refType": "dataos"}}
            origins[("v1beta", "data", "ports")] = where
    data["v1beta"] = {"data": body}
    node = Node(identity("data", version, product.name, None), "data", product.name, data)
    return Built(node, _doc(product, data, origins)), diags


def scanner(product: ProductSpec, env: Environment | None, catalog: Catalog) -> Built:
    settings = product.get("scanner") or {}
    name = settings.get("name") or f"scan-dp-{product.name}"
    version = catalog.types["workflow"].current
    data, origins = _meta(product, env, name, version, "workflow",
                          f"Registers the {product.name} data product in Metis and the Data Product Hub.")
    workspace = product.workspace or (env.workspace if env else None) or "public"
    data["workspace"] = workspace
    origins[("workspace",)] = product.origin("workspace")
    data["workflow"] = {"dag": [{
        "name": "scan-data-product",
        "spec": {
            "stack": "scanner:2.0",
            "compute": env.compute("runnable") if env else "runnable-default",
            "stackSpec": {"type": "data-product", "sourceConfig": {"config": {
                "type": "DataProduct", "markDeletedDataProducts": True,
                "dataProductFilterPattern": {"includes": [f"^{product.name}$"]}}}},
        },
    }]}
    origins[("workflow",)] = product.origin("scanner")
    node = Node(identity("workflow", version, name, workspace), "workflow", name, data)
    return Built(node, _doc(product, data, origins))
