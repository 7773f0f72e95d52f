"""Edges out of workflows, jobs' stacks and bundles: dag and bundle ids, files, dataset addresses."""

from __future__ import annotations

from collections.abc import Iterator

from compiler.resolve.datasets import specs, stack_name, stack_spec
from compiler.resolve.edgekit import Ctx, Found, as_dict, as_list


def dag_dependencies(c: Ctx) -> Iterator[Found]:
    """workflow ``dag[].dependencies`` -> sibling job names."""
    if c.type != "workflow":
        return
    for i, job in enumerate(as_list(c.section.get("dag"))):
        deps = as_dict(job).get("dependencies")
        deps = [deps] if isinstance(deps, str) else as_list(deps)
        for j, dep in enumerate(deps):
            listed = isinstance(as_dict(job).get("dependencies"), list)
            path = ("workflow", "dag", i, "dependencies") + ((j,) if listed else ())
            yield from c.ref("job", dep, path, container=c.item.key, edge="depends")


def dag_files(c: Ctx) -> Iterator[Found]:
    """workflow ``dag[].file`` -> a workflow manifest file (super-DAG)."""
    if c.type != "workflow":
        return
    for i, job in enumerate(as_list(c.section.get("dag"))):
        yield from c.ref("file", as_dict(job).get("file"), ("workflow", "dag", i, "file"), edge="file")


def _flare_jobs(c: Ctx) -> Iterator[tuple[int, tuple, dict]]:
    for at, spec in specs(c.item.resource):
        if stack_name(spec) == "flare" and c.type == "workflow":
            key, ss = stack_spec(spec)
            yield at[2], at + key + ("job",), as_dict(ss.get("job"))


def flare_sql_files(c: Ctx) -> Iterator[Found]:
    for _, at, job in _flare_jobs(c):
        for s, step in enumerate(as_list(job.get("steps"))):
            for q, seq in enumerate(as_list(as_dict(step).get("sequence"))):
                yield from c.ref("file", as_dict(seq).get("sqlFile"), at + ("steps", s, "sequence", q, "sqlFile"),
                                 edge="sql")


def _legacy_sinks(job: dict) -> list[tuple[int, int, dict]]:
    """(step, sink, entry) of the legacy Flare 3.0 form: ``steps[].sink[]`` maps a sequence to an output."""
    return [(s, k, as_dict(entry)) for s, step in enumerate(as_list(job.get("steps")))
            for k, entry in enumerate(as_list(as_dict(step).get("sink")))]


def flare_output_names(c: Ctx) -> Iterator[Found]:
    """flare ``outputs[].name`` -> a step sequence name (or an input name when there are no steps). In the
    legacy form (``steps[].sink[]``, flare 3.0) an output is named freely and the sink's ``sequenceName``
    names the step instead: no output reference then."""
    for i, at, job in _flare_jobs(c):
        if _legacy_sinks(job):  # the sinks' names are checked with the SQL views (compiler/sql, Q007)
            continue
        for o, out in enumerate(as_list(job.get("outputs"))):
            yield from c.ref("flare-name", as_dict(out).get("name"), at + ("outputs", o, "name"),
                             container=f"{c.item.key}/{i}", edge="output")


def dataset_addresses(c: Ctx) -> Iterator[Found]:
    """UDLs of flare inputs/outputs, soda inputs, flash datasets and nilus sources/sinks -> depots."""
    for at, spec in specs(c.item.resource):
        key, ss = stack_spec(spec)
        base = at + key
        job = as_dict(ss.get("job"))
        for field in ("inputs", "outputs"):
            for n, entry in enumerate(as_list(job.get(field))):
                for name in ("dataset", "schemaPath"):
                    yield from c.udl_depot(as_dict(entry).get(name), base + ("job", field, n, name))
        checkpoint = as_dict(job.get("streaming")).get("checkpointLocation")
        yield from c.udl_depot(checkpoint, base + ("job", "streaming", "checkpointLocation"))
        for n, entry in enumerate(as_list(ss.get("inputs"))):
            yield from c.udl_depot(as_dict(entry).get("dataset"), base + ("inputs", n, "dataset"))
        for n, entry in enumerate(as_list(ss.get("datasets"))):
            yield from c.udl_depot(as_dict(entry).get("address"), base + ("datasets", n, "address"))
        for field in ("source", "sink"):
            address = as_dict(ss.get(field)).get("address")
            if isinstance(address, str) and address.startswith("dataos://"):
                yield from c.udl_depot(address, base + (field, "address"))


def soda_clusters(c: Ctx) -> Iterator[Found]:
    for at, spec in specs(c.item.resource):
        key, ss = stack_spec(spec)
        for n, entry in enumerate(as_list(ss.get("inputs"))):
            options = as_dict(as_dict(entry).get("options"))
            yield from c.ref("cluster", options.get("clusterName"), at + key + ("inputs", n, "options", "clusterName"),
                             edge="cluster")


def scanner_depot(c: Ctx) -> Iterator[Found]:
    """scanner ``stackSpec.depot``: a depot name or ``dataos://depot``."""
    for at, spec in specs(c.item.resource):
        if stack_name(spec) != "scanner":
            continue
        key, ss = stack_spec(spec)
        depot = ss.get("depot")
        if isinstance(depot, str) and depot.startswith("dataos://"):
            yield from c.udl_depot(depot, at + key + ("depot",), "scans")
        else:
            yield from c.ref("depot", depot, at + key + ("depot",), edge="scans")


def beacon_database(c: Ctx) -> Iterator[Found]:
    """beacon ``source {type: database, name}`` -> a Database resource."""
    for at, spec in specs(c.item.resource):
        key, ss = stack_spec(spec)
        source = as_dict(ss.get("source"))
        if source.get("type") == "database":
            yield from c.ref("database", source.get("name"), at + key + ("source", "name"), edge="database")


def database_includes(c: Ctx) -> Iterator[Found]:
    if c.type != "database":
        return
    for i, inc in enumerate(as_list(as_dict(c.section.get("migrate")).get("includes"))):
        yield from c.ref("dir", inc, ("database", "migrate", "includes", i), edge="migrations")


def bundle_refs(c: Ctx) -> Iterator[Found]:
    """bundle ``resources[]``: ``file``, ``dependencies``, ``dependencyConditions[].resourceId``, ``workspace``."""
    if c.type != "bundle":
        return
    for i, entry in enumerate(as_list(c.section.get("resources"))):
        entry = as_dict(entry)
        at = ("bundle", "resources", i)
        yield from c.ref("file", entry.get("file"), at + ("file",), edge="deploys")
        for j, dep in enumerate(as_list(entry.get("dependencies"))):
            yield from c.ref("bundle-id", dep, at + ("dependencies", j), container=c.item.key, edge="depends")
        for j, cond in enumerate(as_list(entry.get("dependencyConditions"))):
            yield from c.ref("bundle-id", as_dict(cond).get("resourceId"),
                             at + ("dependencyConditions", j, "resourceId"), container=c.item.key, edge="depends")
        yield from c.ref("workspace", entry.get("workspace"), at + ("workspace",), edge="workspace")
