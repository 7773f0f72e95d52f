"""Every kind of edge from the reference sheet §3.2, one extractor each, listed explicitly.

An extractor reads one indexed resource and yields :class:`Reference` records (or a
:class:`Problem` when a reference does not even parse). Nothing is looked up here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from compiler.core.kinds import Scope
from compiler.resolve import edges_jobs as jobs
from compiler.resolve import edges_product as product
from compiler.resolve import edges_resources as res
from compiler.resolve.edgekit import Ctx, Extractor, Found
from compiler.resolve.findings import Finding, Problem, Reference, finding
from compiler.resolve.index import Index, Item

EDGES: dict[str, Extractor] = {
    "depot secrets": res.depot_secrets,
    "depot v1 dataosSecrets": res.depot_v1_secrets,
    "compute": res.computes,
    "job secrets": res.runnable_secrets,
    "cluster secrets and depots": res.cluster_refs,
    "lens secrets and source": res.lens_refs,
    "lakehouse secrets": res.lakehouse_secrets,
    "volumes": res.volumes,
    "policy depot": res.policy_depot,
    "dag dependencies": jobs.dag_dependencies,
    "dag files": jobs.dag_files,
    "flare sqlFile": jobs.flare_sql_files,
    "flare output names": jobs.flare_output_names,
    "dataset addresses": jobs.dataset_addresses,
    "soda clusterName": jobs.soda_clusters,
    "scanner depot": jobs.scanner_depot,
    "beacon database": jobs.beacon_database,
    "database includes": jobs.database_includes,
    "bundle resources": jobs.bundle_refs,
    "product resource": product.product_resource,
    "product lens port": product.product_lens,
    "product datasets": product.product_datasets,
    "related products": product.related_products,
    "monitor report": product.monitor_report,
    "pager incidents": product.pager_incidents,
}


def extract_item(item: Item, scopes: dict[str, Scope]) -> Iterator[Found]:
    """Every reference and problem of one indexed resource, extractor by extractor."""
    ctx = Ctx(item, scopes)
    for extractor in EDGES.values():
        yield from extractor(ctx)


def extract(index: Index, scopes: dict[str, Scope]) -> Iterator[Found]:
    for item in index.items:
        yield from extract_item(item, scopes)


def split(found: Iterable[Found]) -> tuple[list[Finding], list[Reference]]:
    """What the extractors found, in order: the problems as findings, and the references."""
    problems: list[Finding] = []
    refs: list[Reference] = []
    for item in found:
        if isinstance(item, Problem):
            problems.append(finding(item.code, item.position, item.message, item.hint))
        else:
            refs.append(item)
    return problems, refs
