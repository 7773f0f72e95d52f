"""``dpc schema export DIR``: the JSON Schemas dpc checks with, as files for editors.

Writes ``dataos/**`` (one schema per type and version, plus ``dataos/manifest.json``,
which picks the right one by ``type`` and ``version`` so one setting covers every
manifest) and ``spec/**`` (dpc.yaml, product.yaml, environments, platform.yaml). Relative
``$ref``s keep working because the layout is kept. DIR must be empty or an earlier export
(it holds the ``.dpc-schemas`` marker listing what was written); files of an earlier export
that no longer exist are removed, nothing else is. Nothing is written outside DIR, and nothing
through a symbolic link on the way to it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler import __version__
from compiler.core import atomic
from compiler.core.paths import schemas_dir
from compiler.load import confine

MARKER = ".dpc-schemas"
FOLDERS = ("dataos", "spec")
DISPATCH = "dataos/manifest.json"


@dataclass(frozen=True)
class Export:
    files: tuple[str, ...]  # relative, '/'-separated
    removed: tuple[str, ...]


class ExportError(Exception):
    """A reason to write nothing (the CLI exits 2)."""


def terse_name(schema: str) -> str:
    """``depot/v2alpha.json`` -> ``depot/v2alpha.terse.json``: the same schema with ``version`` optional."""
    return schema.removesuffix(".json") + ".terse.json"


def dispatcher(source: Path) -> dict[str, Any]:
    """A schema for any DataOS manifest: its type and version pick that version's schema; a version the type
    does not have is refused with the list of those it has; no version at all (the short form dpc build
    fills in) is checked against the type's current version."""
    catalog = json.loads((source / "dataos" / "catalog.json").read_text(encoding="utf-8"))
    branches: list[dict[str, Any]] = []
    for name, info in sorted(catalog["types"].items()):
        versions = sorted(info["versions"])
        for version in versions:
            branches.append({
                "if": {"properties": {"type": {"const": name}, "version": {"const": version}},
                       "required": ["type", "version"]},
                "then": {"$ref": info["versions"][version]["schema"]},
            })
        branches.append({
            "if": {"properties": {"type": {"const": name}}, "required": ["type", "version"]},
            "then": {"properties": {"version": {"enum": versions,
                                                "description": f"the versions of {name}: {', '.join(versions)}"}}},
        })
        branches.append({
            "if": {"properties": {"type": {"const": name}}, "required": ["type"],
                   "not": {"required": ["version"]}},
            "then": {"$ref": terse_name(info["versions"][info["current"]]["schema"])},
        })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "DataOS manifest",
        "description": f"Any DataOS manifest, checked against the schema of its type and version (dpc {__version__}).",
        "type": "object",
        # nothing is required: product.yaml and other non-manifests may match the same glob; dpc lint reports
        # a missing type
        "properties": {"type": {"enum": sorted(catalog["types"])}},
        "allOf": branches,
    }


def _terse(schema: bytes) -> bytes:
    data = json.loads(schema)
    data["required"] = [key for key in data.get("required", []) if key != "version"]
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _contents(source: Path) -> dict[str, bytes]:
    out = {}
    for folder in FOLDERS:
        for path in sorted((source / folder).rglob("*.json")):
            out[path.relative_to(source).as_posix()] = path.read_bytes()
    catalog = json.loads(out["dataos/catalog.json"])
    for info in catalog["types"].values():
        current = "dataos/" + info["versions"][info["current"]]["schema"]
        out[terse_name(current)] = _terse(out[current])
    out[DISPATCH] = (json.dumps(dispatcher(source), indent=2) + "\n").encode()
    return dict(sorted(out.items()))


def _previous(dest: Path) -> list[str]:
    if not dest.exists():
        return []
    if not dest.is_dir():
        raise ExportError(f"{dest} is a file, not a folder")
    marker = dest / MARKER
    if marker.is_file():
        return [line for line in marker.read_text(encoding="utf-8").splitlines()[1:] if line]
    if any(dest.iterdir()):
        raise ExportError(f"{dest} is not empty and holds no earlier export ({MARKER}); choose an empty or new folder")
    return []


def _inside(dest: Path, rel: str) -> Path:
    target = dest / rel
    real_dest = dest.resolve()
    if ".." in Path(rel).parts or real_dest not in target.resolve().parents:
        raise ExportError(f"refusing to write {rel}: it would land outside {dest}")
    return target


def _no_links(dest: Path) -> None:
    """Refuse a folder reached through a symbolic link (a committed ``.dpc -> products`` would make the export
    replace and delete files elsewhere, whatever marker it holds)."""
    dest = Path(os.path.abspath(dest))
    cwd = Path.cwd()
    base = cwd if confine.inside(dest, cwd) else dest.parent
    for part in (dest, *dest.parents):
        if part == base or not confine.inside(part, base):
            break
        if part.is_symlink():
            raise ExportError(f"refusing to export into {dest}: {part} is a symbolic link; nothing written")


def _exported_name(rel: str) -> bool:
    """Whether a marker line names a file an export writes (a schema under dataos/ or spec/)."""
    parts = Path(rel).parts
    return (confine.malformed(rel) is None and not Path(rel).is_absolute() and ".." not in parts
            and len(parts) > 1 and parts[0] in FOLDERS and rel.endswith(".json"))


def export(dest: Path, source: Path | None = None) -> Export:
    contents = _contents(source or schemas_dir())
    _no_links(dest)
    previous = _previous(dest)
    dest.mkdir(parents=True, exist_ok=True)
    targets = {rel: _inside(dest, rel) for rel in contents}  # check every path before writing any
    removed = []
    for rel in previous:
        if rel not in contents and _exported_name(rel):
            old = dest / rel
            if old.is_file() and not old.is_symlink() and dest.resolve() in old.resolve().parents:
                old.unlink()
                removed.append(rel)
    for rel, data in contents.items():
        target = targets[rel]
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(target, data)
    atomic.write_text(dest / MARKER, f"dpc {__version__} schema export\n" + "".join(f"{r}\n" for r in contents))
    return Export(tuple(contents), tuple(removed))
