"""Edges out of resource sections: secrets, computes, depots, clusters, lenses, lakehouses, volumes."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.resolve.datasets import specs
from compiler.resolve.edgekit import Ctx, Found, as_dict, as_list
from compiler.resolve.forms import parse_secret_ref

QUERY_TYPES = frozenset({"cluster"})
COMPUTE_HOLDERS = frozenset({"depot", "lens", "lakehouse", "database", "cluster"})
# the docs give a depot a runnable compute (resources/depot/configurations.md) and a query compute
# (learn/dp_developer_learn_track/data_source_connectivity/postgres/index.md): any compute will do
ANY_COMPUTE = frozenset({"depot"})


def depot_secrets(c: Ctx) -> Iterator[Found]:
    """depot v2alpha ``secrets[].name`` -> instance secrets."""
    if c.type != "depot":
        return
    for i, s in enumerate(as_list(c.section.get("secrets"))):
        ref = parse_secret_ref(s)
        if ref:
            yield from c.ref("instance-secret", ref.name, ("depot", "secrets", i, "name"), edge="secret")


def depot_v1_secrets(c: Ctx) -> Iterator[Found]:
    """depot v1 ``dataosSecrets[]`` -> secrets (instance secrets when no workspace is given)."""
    if c.type != "depot":
        return
    for i, s in enumerate(as_list(c.section.get("dataosSecrets"))):
        ref = parse_secret_ref(s)
        if ref:
            yield from c.ref("secret-any", ref.name, ("depot", "dataosSecrets", i, "name"), edge="secret")


def computes(c: Ctx) -> Iterator[Found]:
    """``compute`` of depots, lenses, lakehouses, databases, clusters and runnable specs, with its purpose."""
    if c.type in COMPUTE_HOLDERS:
        purpose = "query" if c.type in QUERY_TYPES else "runnable"
        expect = () if c.type in ANY_COMPUTE else (("purpose", purpose),)
        yield from c.ref("compute-purpose", c.section.get("compute"), (c.type, "compute"),
                         expect=expect, edge="compute")
    for at, spec in specs(c.item.resource):
        yield from c.ref("compute-purpose", spec.get("compute"), at + ("compute",),
                         expect=(("purpose", "runnable"),), edge="compute")


def runnable_secrets(c: Ctx) -> Iterator[Found]:
    """``secrets`` / ``dataosSecrets`` of workflow jobs, services and workers."""
    for at, spec in specs(c.item.resource):
        for field in ("secrets", "dataosSecrets"):
            for i, s in enumerate(as_list(spec.get(field))):
                ref = parse_secret_ref(s)
                path = at + (field, i) + (("name",) if isinstance(s, dict) else ())
                if ref:
                    yield from c.ref("secret-any", ref.name, path, edge="secret")


def cluster_refs(c: Ctx) -> Iterator[Found]:
    """cluster ``minerva``/``themis``: secrets and depots (addresses or names)."""
    if c.type != "cluster":
        return
    for engine in ("minerva", "themis"):
        body = as_dict(c.section.get(engine))
        for i, s in enumerate(as_list(body.get("secrets"))):
            ref = parse_secret_ref(s)
            path = (engine, "secrets", i) + (("name",) if isinstance(s, dict) else ())
            if ref:
                yield from c.ref("secret-any", ref.name, ("cluster",) + path, edge="secret")
        for i, d in enumerate(as_list(body.get("depots"))):
            path = ("cluster", engine, "depots", i)
            if isinstance(d, str):
                yield from (c.udl_depot(d, path, "depot") if d.startswith("dataos://")
                            else c.ref("depot", d, path, edge="depot"))
            else:
                yield from c.udl_depot(as_dict(d).get("address"), path + ("address",), "depot")


def lens_refs(c: Ctx) -> Iterator[Found]:
    """lens ``secrets[].name``, ``repo.secretId`` and ``source`` (depot, cluster or flash service)."""
    if c.type != "lens":
        return
    for i, s in enumerate(as_list(c.section.get("secrets"))):
        ref = parse_secret_ref(s)
        if ref:
            path = ("lens", "secrets", i) + (("name",) if isinstance(s, dict) else ())
            yield from c.ref("instance-secret", ref.name, path, edge="secret")
    repo = as_dict(c.section.get("repo"))
    yield from c.ref("secret-id", repo.get("secretId"), ("lens", "repo", "secretId"), edge="secret")
    source = as_dict(c.section.get("source"))
    kind = {"depot": "depot", "minerva": "cluster", "themis": "cluster", "flash": "service"}.get(
        str(source.get("type")))
    if kind:
        yield from c.ref(kind, source.get("name"), ("lens", "source", "name"), edge="source")


def lakehouse_secrets(c: Ctx) -> Iterator[Found]:
    if c.type != "lakehouse":
        return
    for holder in (("iceberg", "storage"), ("iceberg",), ()):
        body = as_dict(c.section)
        for key in holder:
            body = as_dict(body.get(key))
        for i, s in enumerate(as_list(body.get("secrets"))):
            ref = parse_secret_ref(s)
            path = ("lakehouse",) + holder + ("secrets", i) + (("name",) if isinstance(s, dict) else ())
            if ref:
                yield from c.ref("instance-secret", ref.name, path, edge="secret")


def volumes(c: Ctx) -> Iterator[Found]:
    """``persistentVolume.name``, ``tempVolume`` and ``dataosVolumes[].name`` -> volumes."""
    for at, spec in specs(c.item.resource):
        pv = spec.get("persistentVolume")
        yield from c.ref("volume", as_dict(pv).get("name") if isinstance(pv, dict) else pv,
                         at + ("persistentVolume",) + (("name",) if isinstance(pv, dict) else ()), edge="volume")
        tv = spec.get("tempVolume")
        yield from c.ref("volume", as_dict(tv).get("name") if isinstance(tv, dict) else tv,
                         at + ("tempVolume",) + (("name",) if isinstance(tv, dict) else ()), edge="volume")
        for i, v in enumerate(as_list(spec.get("dataosVolumes"))):
            yield from c.ref("volume", as_dict(v).get("name"), at + ("dataosVolumes", i, "name"), edge="volume")


def policy_depot(c: Ctx) -> Iterator[Found]:
    """data policy ``depot`` and access policy ``objects.paths`` addresses."""
    if c.type != "policy":
        return
    data = as_dict(c.section.get("data"))
    depot = data.get("depot")
    if isinstance(depot, str) and "*" not in depot:
        yield from c.ref("depot", depot, ("policy", "data", "depot"), edge="policy")
    paths = as_list(as_dict(as_dict(c.section.get("access")).get("objects")).get("paths"))
    for i, p in enumerate(paths):
        depot = p[len("dataos://"):].split(":")[0].split("/")[0] if isinstance(p, str) else ""
        if depot and p.startswith("dataos://") and "*" not in depot:
            yield from c.udl_depot(p, ("policy", "access", "objects", "paths", i), "policy")
