"""Edges out of the data product spec, monitors and pagers."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from compiler.resolve import forms
from compiler.resolve.edgekit import Ctx, Found, as_dict, as_list


def _body(c: Ctx) -> dict:
    return as_dict(as_dict(c.data.get("v1beta")).get("data"))


def _resource_ref(c: Ctx, value: object, path: tuple, want: str, edge: str) -> Iterator[Found]:
    if not isinstance(value, str) or not value:
        return
    rid = forms.parse_resource_id(value)
    if rid is None:
        yield from c.problem("R007", path, f"'{value}' is not a resource id (type:version:name[:workspace])",
                             f"write it as '{want}:<version>:<name>'")
    elif rid.type != want:
        yield from c.problem("R007", path, f"'{value}' names a {rid.type}, but this field takes a {want}",
                             f"write it as '{want}:<version>:<name>'")
    else:
        yield from c.ref("identity", c.identity(rid), path, text=value, edge=edge)


def product_resource(c: Ctx) -> Iterator[Found]:
    """data product ``resource.ref`` -> ``bundle:v1beta:<name>``."""
    if c.type == "data":
        ref = as_dict(_body(c).get("resource")).get("ref")
        yield from _resource_ref(c, ref, ("v1beta", "data", "resource", "ref"), "bundle", "bundle")


def product_lens(c: Ctx) -> Iterator[Found]:
    """data product ``ports.lens.ref`` -> ``lens:v1alpha:<name>:<workspace>`` (a mapping or a one-item list)."""
    if c.type != "data":
        return
    lens = as_dict(_body(c).get("ports")).get("lens")
    entries = [(("v1beta", "data", "ports", "lens", "ref"), lens)] if isinstance(lens, dict) else [
        (("v1beta", "data", "ports", "lens", i, "ref"), e) for i, e in enumerate(as_list(lens))]
    for path, entry in entries:
        yield from _resource_ref(c, as_dict(entry).get("ref"), path, "lens", "port")


def product_datasets(c: Ctx) -> Iterator[Found]:
    """data product ``inputs[]/outputs[].ref``: a dataset id or a UDL whose depot exists."""
    if c.type != "data":
        return
    for field in ("inputs", "outputs"):
        for i, entry in enumerate(as_list(_body(c).get(field))):
            ref = as_dict(entry).get("ref")
            path = ("v1beta", "data", field, i, "ref")
            if not isinstance(ref, str) or not ref:
                continue
            if ref.startswith("dataos://"):
                yield from c.udl_depot(ref, path, field[:-1])
                continue
            parsed = forms.parse_dataset_id(ref)
            if parsed is None:
                yield from c.problem("R007", path, f"'{ref}' is not a dataset id (dataset:depot:collection:dataset) "
                                     "nor a DataOS address (dataos://depot:collection/dataset)")
            else:
                yield from c.ref("depot", parsed.depot, path, text=ref, edge=field[:-1])


def related_products(c: Ctx) -> Iterator[Found]:
    if c.type != "data":
        return
    for i, value in enumerate(as_list(_body(c).get("relatedDataProducts"))):
        path = ("v1beta", "data", "relatedDataProducts", i)
        pid = forms.parse_product_id(value)
        if pid is None and isinstance(value, str):
            yield from c.problem("R007", path, f"'{value}' is not a data product id (data:v1beta:<name>)")
        elif pid is not None:
            yield from c.ref("data", pid.name, path, text=value, edge="related")


def monitor_report(c: Ctx) -> Iterator[Found]:
    """report monitor ``source.dataOsInstance.path ...?id=type:version:name:workspace`` -> the watched resource."""
    if c.type != "monitor":
        return
    report = as_dict(c.section.get("report"))
    path_value = as_dict(as_dict(report.get("source")).get("dataOsInstance")).get("path")
    if not isinstance(path_value, str) or "id=" not in path_value:
        return
    at = ("monitor", "report", "source", "dataOsInstance", "path")
    for rid_text in parse_qs(urlsplit(path_value).query).get("id", []):
        if "%" in rid_text or "*" in rid_text:
            continue  # a wildcard watches whatever matches
        rid = forms.parse_resource_id(rid_text)
        if rid is None:
            yield from c.problem("R007", at, f"'{rid_text}' is not a resource id (type:version:name[:workspace])")
        else:
            yield from c.ref("identity", c.identity(rid), at, text=rid_text, edge="watches")


_PAGER_FILTERS = {".properties.name": "incident-name", ".properties.severity": "incident-severity",
                  ".properties.incident_type": "incident-type", ".properties.incidentType": "incident-type"}


def pager_incidents(c: Ctx) -> Iterator[Found]:
    """pager ``conditions[]`` on an incident's name, severity or type -> a monitor raising it."""
    if c.type != "pager":
        return
    for i, cond in enumerate(as_list(c.section.get("conditions"))):
        cond = as_dict(cond)
        kind = _PAGER_FILTERS.get(str(cond.get("valueJqFilter", "")).strip())
        if kind and cond.get("operator", "equals") == "equals":
            yield from c.ref(kind, cond.get("value"), ("pager", "conditions", i, "value"), edge="pages")
