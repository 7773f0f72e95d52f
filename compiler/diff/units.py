"""A product's build cut into the units a reviewer compares: each manifest, and each resource inside a bundle.

A bundle is compared as its own settings plus one line per entry naming the resource it holds
(``spec: <identity>``); each resource inside is compared on its own, so a change in a Flare job
reads as a change of that workflow, not of a 2,000-line bundle. Every unit's text is the
canonical YAML of the build (:func:`compiler.emit.canonical.to_yaml`) after redaction; the digest of
the unredacted text decides whether it changed, and is never shown.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from compiler.diff.model import Manifest, split_identity
from compiler.emit.canonical import file_names, sha256, to_yaml
from compiler.emit.generate import Built, identity
from compiler.redaction.fingerprint import redact, scrub
from compiler.schema.catalog import Catalog

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
          catalog: Catalog, found: set[str], context: Context = NO_CONTEXT) -> Unit:
    kind, _, name, workspace = split_identity(ident)
    key = (kind, name, workspace or "")
    more = _attached(context.attached.get(key, ()))
    text = to_yaml(redact(data, catalog, found))
    return Unit(Manifest(product, ident, kind, name, workspace, file, bundle, order, text + more,
                         bundle is None and kind == "workflow" and _is_scanner(data), context.sources.get(key, ""),
                         kind == "workflow" and _scheduled(data)), sha256(to_yaml(data) + more))


def _member_identity(entry: dict[str, Any], spec: dict[str, Any]) -> str | None:
    kind, version, name = spec.get("type"), spec.get("version"), spec.get("name")
    if not (isinstance(kind, str) and kind and isinstance(version, str) and version and isinstance(name, str) and name):
        return None
    ws = entry.get("workspace") or spec.get("workspace")
    return identity(kind, version, name, ws if isinstance(ws, str) and ws else None)


def scrubbed(units_: list[Unit], found: set[str]) -> list[Unit]:
    """Every unit's text without any secret value found on either side, wherever else it was written."""
    return [replace(u, manifest=replace(u.manifest, text=scrub(u.manifest.text, found))) for u in units_]


def _bundle(product: str, b: Built, file: str, order: int, catalog: Catalog, found: set[str],
            context: Context) -> list[Unit]:
    shell: Any = copy.deepcopy(b.document.data)
    entries = (shell.get("bundle") or {}).get("resources") if isinstance(shell.get("bundle"), dict) else None
    members = []
    for j, entry in enumerate(entries if isinstance(entries, list) else []):
        spec = entry.get("spec") if isinstance(entry, dict) else None
        ident = _member_identity(entry, spec) if isinstance(spec, dict) else None
        if ident is None or not isinstance(spec, dict):
            continue
        members.append(_unit(product, spec, ident, file, b.identity, order * 1000 + j + 1, catalog, found, context))
        entry["spec"] = f"{ident} (compared on its own)"
    return [_unit(product, shell, b.identity, file, None, order * 1000, catalog, found, context), *members]


def units(product: str, environment: str, built: tuple[Built, ...], catalog: Catalog, found: set[str],
          context: Context = NO_CONTEXT) -> list[Unit]:
    """The compared units of one product's build, in apply order; the secret values redacted go into ``found``."""
    out: list[Unit] = []
    for i, (name, b) in enumerate(zip(file_names(list(built)), built, strict=True), 1):
        file = f"build/{environment}/{product}/{name}"
        if b.node.type == "bundle":
            out.extend(_bundle(product, b, file, i, catalog, found, context))
        else:
            out.append(_unit(product, b.document.data, b.identity, file, None, i * 1000, catalog, found, context))
    return out
