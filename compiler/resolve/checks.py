"""Checks over the resolved graph: duplicates, depot secret acls, unused secrets, undeployed resources,
data product scanner filters."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from compiler.core.budget import LIMITS
from compiler.resolve.datasets import specs, stack_name, stack_spec
from compiler.resolve.edgekit import as_dict, as_list
from compiler.resolve.findings import Finding, finding
from compiler.resolve.index import Index, Item
from compiler.resolve.lookup import Resolved

APPLIED_ALONE = frozenset({"instance-secret", "depot", "data", "bundle"})  # the DataOS docs' deploy flow
SECRET_KINDS = frozenset({"instance-secret", "secret-any", "secret-id"})


def duplicates(index: Index, isolated: frozenset[str]) -> Iterator[Finding]:
    groups: dict[tuple, list[Item]] = defaultdict(list)
    for item in index.items:
        r = item.resource
        if r.unidentified:  # its wrong version is the one finding about it
            continue
        alone = r.path if r.path in isolated else ""  # an isolated file is only compared with itself
        groups[(r.type, r.name, item.workspace, alone)].append(item)
    for (rtype, name, ws, _), items in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if len(items) < 2:
            continue
        where = f" in workspace '{ws}'" if ws else ""
        places = sorted(i.resource.document.position(("name",)) for i in items)
        first, others = places[0], places[1:]  # one finding, the other places as related
        shown_places = others[:LIMITS.places]  # the first few and a count: n duplicates never list n * n
        more = len(others) - len(shown_places)
        shown = ", ".join(str(p) for p in shown_places) + (f" and {more:,} more" if more else "")
        yield finding("R002", first, f"{rtype} '{name}'{where} is defined more than once: also at {shown}",
                      "rename one of them; the last one applied would replace the other",
                      places=tuple(dict.fromkeys(p.path for p in others)), related=tuple(shown_places))
    for kind, noun in (("job", "job name"), ("bundle-id", "bundle resource id")):
        for name, defs in sorted(index.definitions.get(kind, {}).items()):
            by_container: dict[str | None, list] = defaultdict(list)
            for d in defs:
                by_container[d.container].append(d)
            for same in by_container.values():
                for d in same[1:]:
                    yield finding("R002", d.position, f"{noun} '{name}' is used twice in this "
                                  f"{'dag' if kind == 'job' else 'bundle'} (first at line {same[0].position.line})")


def depot_secrets(index: Index, resolved: list[Resolved], isolated: frozenset[str]) -> Iterator[Finding]:
    by_identity = {i.identity: i for i in index.items}
    used: dict[str, list[Resolved]] = defaultdict(list)
    for r in resolved:
        if r.reference.kind == "instance-secret" and r.reference.origin.startswith("depot:"):
            used[r.reference.origin].append(r)
    for item in index.items:
        res = item.resource
        if res.type != "depot" or res.version != "v2alpha" or res.path in isolated:
            continue
        secrets = as_list(as_dict(res.data.get("depot")).get("secrets"))
        found = used.get(item.identity, [])
        acls: list[str] = []
        for r in found:
            target = by_identity.get(r.target.resource or "")
            acl = as_dict(target.resource.data.get("instance-secret")).get("acl") if target else r.target.attr("acl")
            acls.append(str(acl) if acl else "?")
            name = r.reference.name
            if acl in ("r", "rw") and (name.endswith("-rw") and acl != "rw" or
                                       name.endswith("-r") and acl != "r"):
                yield finding("R009", r.reference.position, f"instance secret '{name}' has acl: {acl}, but its "
                              f"name says {name.rsplit('-', 1)[1]}", "give <depot>-r acl r and <depot>-rw acl rw")
        if len(found) < len(secrets) or any(a in ("r", "?") for a in acls):
            continue  # unresolved secrets are reported as dangling; unknown acls may fit
        where = ("depot", "secrets") if secrets else ("depot",)
        shown = ", ".join(f"{r.reference.name} (acl {a})" for r, a in zip(found, acls, strict=True)) or "none"
        yield finding("R009", res.document.position(where, key=True),
                      f"depot '{res.name}' references no instance secret with acl: r (it has: {shown}); "
                      "dataos-ctl rejects it: 'invalid depot, missing a secret reference with acl: r'",
                      f"add an instance secret '{res.name}-r' with acl: r and list it under depot.secrets")


def unused_secrets(index: Index, resolved: list[Resolved], isolated: frozenset[str]) -> Iterator[Finding]:
    used = {r.target.resource for r in resolved if r.reference.kind in SECRET_KINDS}
    reported: set[str] = set()  # copies of one secret are one finding (R002 names the copies)
    for item in index.items:
        res = item.resource
        if (res.type == "instance-secret" and item.identity not in used and res.path not in isolated
                and item.identity not in reported):
            reported.add(item.identity)
            yield finding("R012", res.document.position(("name",)),
                          f"instance secret '{res.name}' is used by no depot, lens, lakehouse, cluster or job",
                          "delete it, or reference it where it is needed")


def _applied_alone(item: Item) -> bool:
    if item.resource.type in APPLIED_ALONE:
        return True
    jobs = list(specs(item.resource))
    return bool(jobs) and all(stack_name(spec) == "scanner" for _, spec in jobs)


def undeployed(index: Index, deployed: set[Path], inline: set[tuple[str, str]], isolated: frozenset[str],
               root: Path) -> Iterator[Finding]:
    bundles: dict[str | None, list[str]] = defaultdict(list)
    for item in index.items:
        if item.resource.type == "bundle":
            bundles[item.resource.product].append(item.resource.name)
    for item in index.items:
        res = item.resource
        if (res.product not in bundles or item.file in deployed or (res.type, res.name) in inline
                or _applied_alone(item) or res.path in isolated):
            continue
        names = ", ".join(f"'{b}'" for b in sorted(bundles[res.product]))
        rel = item.file.relative_to(root).as_posix() if item.file.is_relative_to(root) else item.file.as_posix()
        yield finding("R013", res.document.position(("name",)),
                      f"{res.type} '{res.name}' is deployed by no bundle of its product (bundles: {names})",
                      f"add '- id: {res.name}' with 'file: {rel}' to the bundle's resources")


def _dp_filters(item: Item) -> Iterator[tuple[tuple, list]]:
    for at, spec in specs(item.resource):
        if stack_name(spec) != "scanner":
            continue
        key, ss = stack_spec(spec)
        config = as_dict(as_dict(ss.get("sourceConfig")).get("config"))
        if ss.get("type") == "data-product" or config.get("type") == "DataProduct":
            pattern = as_dict(config.get("dataProductFilterPattern"))
            if isinstance(pattern.get("includes"), list):
                yield at + key + ("sourceConfig", "config", "dataProductFilterPattern", "includes"), pattern["includes"]


def scanner_filters(index: Index, isolated: frozenset[str]) -> Iterator[Finding]:
    products: dict[str | None, list[str]] = defaultdict(list)
    for item in index.items:
        if item.resource.type == "data":
            products[item.resource.product].append(item.resource.name)
    everyone = sorted(n for names in products.values() for n in names)
    for item in index.items:
        if item.resource.path in isolated:
            continue
        for path, includes in _dp_filters(item):
            names = sorted(products.get(item.resource.product) or everyone)
            if not names:
                continue
            doc, matched = item.resource.document, False
            for i, regex in enumerate(includes):
                try:
                    matched |= any(re.search(str(regex), n) for n in names)
                except re.error as err:
                    yield finding("R011", doc.position(path + (i,)), f"'{regex}' is not a valid regex: {err}")
                    matched = True
            if not matched:
                shown = ", ".join(f"'{n}'" for n in names)
                yield finding("R011", doc.position(path), f"dataProductFilterPattern.includes matches no data "
                              f"product of this folder ({shown})", f"use '^{names[0]}$'")
