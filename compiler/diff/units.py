"""A product's build cut into the units a reviewer compares: each manifest, and each resource inside a bundle.

A bundle is compared as its own settings plus one line per entry naming the resource it holds
(``spec: <identity>``); each resource inside is compared on its own, so a change in a Flare job
reads as a change of that workflow, not of a 2,000-line bundle. Every unit's text is the
canonical YAML of the build (:func:`compiler.emit.canonical.to_yaml`) with its secrets shown as
:mod:`compiler.redaction.markers` does (changed or unchanged, compared with the other side in
memory: :func:`shown`); the digest of the unredacted text decides whether it changed, and is never shown.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from compiler.diff.model import Manifest, split_identity
from compiler.emit.canonical import file_names, sha256, to_yaml
from compiler.emit.generate import Built, identity
from compiler.redaction import markers
from compiler.redaction.masks import Hidden
from compiler.redaction.scrub import scrub
from compiler.redaction.shapes import credentials
from compiler.schema.catalog import Catalog
from compiler.schema.sensitive import sensitive_values, values_of

Key = tuple[str, str, str]  # type, name, workspace ("" for instance-level types)


@dataclass(frozen=True)
class Context:
    """What a side knows about its resources beyond the build: where each is defined, and the files
    that are part of it without being a manifest (a lens's model: name -> text)."""

    sources: Mapping[Key, str] = field(default_factory=dict)
    attached: Mapping[Key, tuple[tuple[str, str], ...]] = field(default_factory=dict)


NO_CONTEXT = Context()


@dataclass(frozen=True)
class Unit:
    manifest: Manifest
    digest: str  # sha256 of the unredacted canonical YAML: compared, never shown
    data: Any = None  # the unredacted resource, in memory only: its text is made by :func:`shown`
    attached: str = ""  # the files that belong to it (a lens's model), shown after its manifest


def _is_scanner(data: dict) -> bool:
    dag = (data.get("workflow") or {}).get("dag") if isinstance(data.get("workflow"), dict) else None
    return any(isinstance(job, dict) and str((job.get("spec") or {}).get("stack", "")).startswith("scanner")
               for job in dag or ())


def _scheduled(data: dict) -> bool:
    section = data.get("workflow")
    return isinstance(section, dict) and bool(section.get("schedule"))


def _attached(files: tuple[tuple[str, str], ...]) -> str:
    """The files that belong to a resource, after its manifest: a comment line naming each, then its text."""
    return "".join(f"# {name}\n{text}" + ("" if text.endswith("\n") or not text else "\n") for name, text in files)


def _unit(product: str, data: dict, ident: str, file: str, bundle: str | None, order: int,
          catalog: Catalog, context: Context = NO_CONTEXT) -> Unit:
    kind, _, name, workspace = split_identity(ident)
    key = (kind, name, workspace or "")
    more = _attached(context.attached.get(key, ()))
    return Unit(Manifest(product, ident, kind, name, workspace, file, bundle, order, "",
                         bundle is None and kind == "workflow" and _is_scanner(data), context.sources.get(key, ""),
                         kind == "workflow" and _scheduled(data)), sha256(to_yaml(data) + more), data, more)


def _member_identity(entry: dict, spec: dict) -> str | None:
    kind, version, name = spec.get("type"), spec.get("version"), spec.get("name")
    if not (isinstance(kind, str) and kind and isinstance(version, str) and version
            and isinstance(name, str) and name):
        return None
    ws = entry.get("workspace") or spec.get("workspace")
    return identity(kind, version, name, ws if isinstance(ws, str) and ws else None)


def _secrets(u: Unit, values: Hidden) -> markers.Secrets:
    return markers.Secrets({s.path: s.value for s in sensitive_values(u.data)},
                           frozenset((c.path, c.secret) for c in credentials(u.data)), values)


def shown(base: list[Unit], head: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """Both sides' units with their texts: canonical YAML, every secret a marker saying whether it changed."""
    values = (values_of(u.data for u in base), values_of(u.data for u in head))
    sides = (base, head)
    # the unit compare() matches: the first of its key
    first: tuple[dict[tuple[str, ...], Unit], dict[tuple[str, ...], Unit]] = ({}, {})
    for side, units_ in enumerate(sides):
        for u in units_:
            first[side].setdefault(u.manifest.key, u)
    everything = values[0] | values[1]
    out: tuple[list[Unit], list[Unit]] = ([], [])
    for side, units_ in enumerate(sides):
        for u in units_:
            twin = first[1 - side].get(u.manifest.key)
            other = _secrets(twin, values[1 - side]) if twin is not None else None
            data, tokens = markers.redact(u.data, _secrets(u, values[side]), other, everything, side == 1)
            text = markers.finish(to_yaml(data), tokens) + scrub(u.attached, everything)
            out[side].append(replace(u, manifest=replace(u.manifest, text=text)))
    return out


def _bundle(product: str, b: Built, file: str, order: int, catalog: Catalog,
            context: Context) -> list[Unit]:
    shell: Any = copy.deepcopy(b.document.data)
    entries = (shell.get("bundle") or {}).get("resources") if isinstance(shell.get("bundle"), dict) else None
    members = []
    for j, entry in enumerate(entries if isinstance(entries, list) else []):
        spec = entry.get("spec") if isinstance(entry, dict) else None
        if not isinstance(spec, dict):
            continue
        ident = _member_identity(entry, spec)
        if ident is None:
            continue
        members.append(_unit(product, spec, ident, file, b.identity, order * 1000 + j + 1, catalog, context))
        entry["spec"] = f"{ident} (compared on its own)"
    return [_unit(product, shell, b.identity, file, None, order * 1000, catalog, context), *members]


def units(product: str, environment: str, built: tuple[Built, ...], catalog: Catalog,
          context: Context = NO_CONTEXT, output: str = "dist") -> list[Unit]:
    """The compared units of one product's build, in apply order (texts made by :func:`shown`); each file named
    where ``dpc build`` writes it (``output``: dpc.yaml's output folder, relative to the repository root)."""
    out: list[Unit] = []
    for i, (name, b) in enumerate(zip(file_names(list(built)), built, strict=True), 1):
        file = f"{output.strip('/')}/{environment}/{product}/{name}"
        if b.node.type == "bundle":
            out.extend(_bundle(product, b, file, i, catalog, context))
        else:
            out.append(_unit(product, b.document.data, b.identity, file, None, i * 1000, catalog, context))
    return out
