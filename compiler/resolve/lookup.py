"""Resolve references against the index: the same product first, then another product, then the platform.

A reference that finds nothing is an error at its own position, naming what was looked for and
where, with the closest existing names. A reference in an *isolated* file (a YAML file outside
the product roots of a repository that has them, linted on its own) is only checked when it is
local to its document or found: dpc cannot see the files its other targets would live in.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core.suggest import closest, did_you_mean
from compiler.resolve.findings import Finding, Reference, finding
from compiler.resolve.index import Definition, Index
from compiler.schema import quirks


@dataclass(frozen=True)
class Kind:
    noun: str
    section: str | None = None  # platform.yaml list that may declare it
    local: str | None = None  # where local names live ("in this workflow's dag")
    code: str = "R001"


KINDS: dict[str, Kind] = {
    "depot": Kind("depot", "depots"),
    "instance-secret": Kind("instance secret", "instanceSecrets"),
    "secret-any": Kind("secret", "instanceSecrets"),
    "secret-id": Kind("git secret id", "instanceSecrets"),
    "compute-purpose": Kind("compute", "computes"),
    "cluster": Kind("cluster", "clusters"),
    "service": Kind("service", "services"),
    "volume": Kind("volume", "volumes"),
    "database": Kind("database", "databases"),
    "workspace": Kind("workspace", "workspaces"),
    "data": Kind("data product", "products"),
    "identity": Kind("resource"),
    "incident-name": Kind("monitor incident name"),
    "incident-severity": Kind("monitor incident severity"),
    "incident-type": Kind("monitor incident type"),
    "job": Kind("job", local="in this workflow's dag"),
    "bundle-id": Kind("bundle resource id", local="in this bundle's resources"),
    "flare-name": Kind("step or input", local="in this flare job (an output must name a step sequence, "
                       "or an input when there are no steps)", code="R010"),
}


@dataclass(frozen=True)
class Resolved:
    reference: Reference
    target: Definition


@dataclass(frozen=True)
class Where:
    repo: str  # "products/" or "the repository"
    platform: str  # "platform.yaml" or the built-in catalogue
    isolated: frozenset[str]  # display paths of files whose cross-file references are not judged


def _rank(ref: Reference, d: Definition) -> tuple:
    return (d.origin != "repo", d.product != ref.product, d.position is None,
            d.position.path if d.position else "", d.position.line if d.position else 0)


@dataclass(frozen=True)
class Ranked:
    """The definitions of one name, arranged so that :func:`find` is O(1) per reference: the first best
    repository definition of each product and of all products (by place), and the platform's."""

    by_product: dict[str | None, Definition]
    best_repo: Definition | None
    platform: tuple[Definition, ...]


def _place(d: Definition) -> tuple:
    return (d.position is None, d.position.path if d.position else "", d.position.line if d.position else 0)


def _ranked(defs: tuple[Definition, ...]) -> Ranked:
    by_product: dict[str | None, Definition] = {}
    best: Definition | None = None
    for d in defs:
        if d.origin != "repo":
            continue
        if d.product not in by_product or _place(d) < _place(by_product[d.product]):
            by_product[d.product] = d  # strictly better only: the first of equals stays, as min() keeps it
        if best is None or _place(d) < _place(best):
            best = d
    return Ranked(by_product, best, tuple(d for d in defs if d.origin != "repo"))


def find(index: Index, ref: Reference) -> Definition | None:
    """The definition ``ref`` resolves to: the minimum of :func:`_rank` (a repository definition of the same
    product, then of another, then the platform's; each by place), the first of equals."""
    defs = index.find(ref.kind, ref.name) if ref.container is None else index.find_in(ref.kind, ref.name,
                                                                                        ref.container)
    if len(defs) < 3:
        return min(defs, key=lambda d: _rank(ref, d)) if defs else None
    key = ("ranked", ref.kind, ref.name, ref.container)
    ranked = index.memo.get(key)
    if ranked is None:
        ranked = index.memo[key] = _ranked(defs)
    if ref.product in ranked.by_product:
        return ranked.by_product[ref.product]
    if ranked.best_repo is not None:
        return ranked.best_repo
    return min(ranked.platform, key=lambda d: _rank(ref, d)) if ranked.platform else None


def _candidates(index: Index, ref: Reference) -> list[str]:
    names = index.names(ref.kind, ref.container)
    if ref.kind != "identity":
        return names
    rtype, _, rest = ref.name.partition(":")
    rname = rest.split(":")[1] if rest.count(":") >= 1 else ""
    same_type = [n for n in names if n.startswith(rtype + ":")]
    same_name = [n for n in same_type if n.split(":")[2] == rname]
    return same_name or same_type


def _suggest(index: Index, ref: Reference) -> str:
    pool = _candidates(index, ref)
    if ref.kind == "identity":
        rtype = ref.name.split(":")[0]
        hits = [n for n in pool if n.split(":")[2] == ref.name.split(":")[2]] or closest(ref.name, pool)
        return ("; did you mean " + " or ".join(f"'{h}'" for h in hits[:3]) + "?") if hits else (
            f"; no {rtype} is defined" if not pool else "")
    return did_you_mean(ref.name, pool)


def dangling(index: Index, ref: Reference, where: Where) -> Finding:
    kind = KINDS.get(ref.kind, Kind(ref.kind))
    shown = f" (from {ref.text})" if ref.text != ref.name else ""
    noun = ref.name.split(":")[0] if ref.kind == "identity" else kind.noun
    if kind.local:
        message = f"{noun} '{ref.name}' is not defined {kind.local}"
        hint = None
    elif ref.kind.startswith("incident-"):
        message = f"no monitor in {where.repo} raises an incident with {kind.noun.split()[-1]} '{ref.name}'"
        hint = "the pager would never fire; match a monitor's incident"
    elif kind.section is None:
        message = f"{noun} '{ref.name}'{shown} is not defined in {where.repo}"
        hint = f"add the {noun} to the repository, or fix the reference"
    else:
        message = f"{noun} '{ref.name}'{shown} is not defined in {where.repo} nor in {where.platform}"
        article = "an" if noun[0] in "aeiou" else "a"
        hint = (f"define {article} {noun} named '{ref.name}' in the repository, or list it under "
                f"'{kind.section}' in platform.yaml")
    return finding(kind.code, ref.position, message + _suggest(index, ref), hint, target=(ref.kind, ref.name))


def _check_expect(index: Index, ref: Reference, target: Definition) -> list[Finding]:
    out = []
    for key, wanted in ref.expect:
        have = target.attr(key)
        if have is None or have == "None" or have == wanted:
            continue
        fits = sorted(n for n, ds in index.definitions.get(ref.kind, {}).items()
                      if any(d.attr(key) == wanted for d in ds))
        hint = f"use a {wanted} compute: " + ", ".join(f"'{n}'" for n in fits[:3]) if fits else None
        holder = ref.origin.split(":")[0]
        quirk = quirks.COMPUTE_PURPOSE.get((holder, have))
        if quirk is not None:
            out.append(finding("R020", ref.position, f"compute '{ref.name}' has purpose {have}, as on the DataOS "
                               f"docs page {quirk.shown_on}; but {quirk.note}", hint))
            continue
        out.append(finding("R008", ref.position, f"compute '{ref.name}' has purpose {have}, but a {holder} "
                           f"needs a {wanted} compute", hint))
    return out


def resolve(index: Index, refs: list[Reference], where: Where) -> tuple[list[Resolved], list[Finding]]:
    resolved: list[Resolved] = []
    findings: list[Finding] = []
    missing: dict[tuple[str, str], list[Reference]] = {}
    for ref in refs:
        target = find(index, ref)
        if target is not None:
            resolved.append(Resolved(ref, target))
            findings.extend(_check_expect(index, ref, target))
        elif ref.container is not None or ref.position.path not in where.isolated:
            if KINDS.get(ref.kind, Kind(ref.kind)).section is None:
                findings.append(dangling(index, ref, where))
            else:
                missing.setdefault((ref.kind, ref.name), []).append(ref)
    findings += [_once(index, sorted(group, key=lambda r: r.position), where) for group in missing.values()]
    return resolved, findings


def _once(index: Index, group: list[Reference], where: Where) -> Finding:
    """One finding for a name defined nowhere (a depot, cluster, compute or secret that lives outside the
    repository), at its first use, with every other use as ``related``."""
    first = dangling(index, group[0], where)
    others = tuple(dict.fromkeys(r.position for r in group[1:]))
    if not others:
        return first
    d = first.diagnostic
    shown = ", ".join(str(p) for p in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
    message = f"{d.message} (used {len(others) + 1} times; also at {shown})"
    return finding(d.code, d.position, message, d.hint, target=first.target,
                   places=tuple(dict.fromkeys(p.path for p in others)), related=others)
