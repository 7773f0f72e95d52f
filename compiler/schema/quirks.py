"""Where the DataOS docs contradict themselves: what one docs page shows and the schema (or another page)
does not allow. Such a place is a warning naming the page (S014 in a manifest's keys, R020 for a
compute's purpose), never an error: a team that copied the docs did nothing wrong.

Paths are tuples of keys; ``*`` matches any one key or list index.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core.walk import JsonPath

POSTGRES_PAGE = "learn/dp_developer_learn_track/data_source_connectivity/postgres/index.md"
LENS_PAGE = "resources/lens/lens_deployment.md"
BUNDLE_PAGE = "examples/resources/bundle/bundling_resources_in_data_product/bundle_for_lens_and_talos.yml"


@dataclass(frozen=True)
class Quirk:
    shown_on: str  # the docs page (under docs/ of moderndatacompany/dataos.info) that shows it
    note: str  # what the other pages or the schema say


# (resource type, path of an unknown or missing key) -> the quirk
UNKNOWN_KEYS: dict[tuple[str, tuple[str, ...]], Quirk] = {
    ("depot", ("depot", "name")): Quirk(POSTGRES_PAGE, "the depot's name is its top-level name"),
    ("depot", ("depot", "owner")): Quirk(POSTGRES_PAGE, "the depot's owner is its top-level owner"),
    ("depot", ("depot", "resources")): Quirk(POSTGRES_PAGE, "a depot runs nothing, so it has no "
                                             "resources"),
    ("lens", ("*", "resources", "cpu")): Quirk(LENS_PAGE, "cpu belongs under resources.requests or .limits"),
    ("lens", ("*", "resources", "memory")): Quirk(LENS_PAGE, "memory belongs under resources.requests or .limits"),
    ("lens", ("lens", "*", "resources", "cpu")): Quirk(LENS_PAGE, "cpu belongs under resources.requests or .limits"),
    ("lens", ("lens", "*", "resources", "memory")): Quirk(LENS_PAGE,
                                                          "memory belongs under resources.requests or .limits"),
    ("bundle", ("Description",)): Quirk(BUNDLE_PAGE, "the field is 'description'"),
    ("bundle", ("bundle", "dependencies")): Quirk(BUNDLE_PAGE, "DataOS reads dependencies per resource entry "
                                                  "(bundle.resources[].dependencies)"),
}
MISSING_KEYS: dict[tuple[str, tuple[str, ...]], Quirk] = {
    ("data", ("entity",)): Quirk("learn/dp_foundations2_learn_track/create_dp_spec/index.md",
                                 "quick_guides/building_data_product/index.md writes 'entity: product'"),
}
# (resource type holding the compute, purpose of the compute used) -> the quirk
COMPUTE_PURPOSE: dict[tuple[str, str], Quirk] = {
    ("cluster", "runnable"): Quirk("examples/products/data/sales_360/sales_cluster.yml",
                                   "resources/cluster/index.md requires a query compute (query-default)"),
}


def _fits(pattern: tuple[str, ...], path: JsonPath) -> bool:
    return len(pattern) == len(path) and all(p == "*" or p == k for p, k in zip(pattern, path, strict=True))


def find(table: dict[tuple[str, tuple[str, ...]], Quirk], rtype: str, path: JsonPath) -> Quirk | None:
    """The quirk of ``rtype`` at ``path`` in ``table`` (UNKNOWN_KEYS or MISSING_KEYS), else None."""
    return next((q for (t, pattern), q in table.items() if t == rtype and _fits(pattern, path)), None)
