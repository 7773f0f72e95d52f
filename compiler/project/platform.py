"""What exists outside the repository: ``platform.yaml`` at the repository root, over a built-in default.

``platform.yaml`` lists computes, depots, clusters, workspaces, users, secrets, services,
databases, volumes, products and stacks. Its lists *extend* the built-in catalogue
(``default_platform.yaml`` next to this module) unless it says ``extends: none``. The file is
checked against ``schemas/spec/platform.json`` like any manifest (positions, codes, did-you-mean).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.core.diagnostics import Diagnostic, Position
from compiler.load import fs
from compiler.load.yamlload import Document, parse_text
from compiler.schema.catalog import Catalog
from compiler.schema.validate import validate_document

PLATFORM_FILES = ("platform.yaml", "platform.yml")
SCHEMA = "spec/platform.json"
BUILTIN = "the built-in platform catalogue"

# platform.yaml section -> the kind of definition it provides (the resource type it stands for)
SECTIONS: dict[str, str] = {
    "computes": "compute", "depots": "depot", "clusters": "cluster", "workspaces": "workspace",
    "users": "user", "instanceSecrets": "instance-secret", "secrets": "secret", "services": "service",
    "databases": "database", "volumes": "volume", "products": "data", "stacks": "stack",
}
_ATTRS = ("purpose", "acl", "workspace")


@dataclass(frozen=True)
class PlatformEntry:
    kind: str
    name: str
    attrs: tuple[tuple[str, str], ...]
    position: Position | None  # None for the built-in catalogue


@dataclass(frozen=True)
class Platform:
    entries: tuple[PlatformEntry, ...]
    label: str  # how messages name it: "platform.yaml" or the built-in catalogue
    diagnostics: tuple[Diagnostic, ...] = ()


def _entries(data: Any, doc: Document | None) -> list[PlatformEntry]:
    out: list[PlatformEntry] = []
    if not isinstance(data, dict):
        return out
    for section, kind in SECTIONS.items():
        items = data.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            name = item if isinstance(item, str) else item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name:
                continue
            attrs = tuple((a, str(item[a])) for a in _ATTRS if isinstance(item, dict) and a in item)
            out.append(PlatformEntry(kind, name, attrs, doc.position((section, i)) if doc else None))
    return out


def _builtin() -> list[PlatformEntry]:
    text = (Path(__file__).with_name("default_platform.yaml")).read_text(encoding="utf-8")
    parsed = parse_text("default_platform.yaml", text)
    return _entries(parsed.documents[0].data, None)


def find(root: Path) -> Path | None:
    return next((root / n for n in PLATFORM_FILES if fs.is_file(root / n)), None)


def load(root: Path, display: str, text: str | None, catalog: Catalog, parsed_diags: bool) -> Platform:
    """The platform for a repository. ``text`` is platform.yaml's content (None when there is none);
    ``parsed_diags`` says whether its YAML findings must be reported here (the pipeline did not read it)."""
    if text is None:
        return Platform(tuple(_builtin()), BUILTIN)
    parsed = parse_text(display, text)
    diags = list(parsed.diagnostics) if parsed_diags else []
    doc = parsed.documents[0] if parsed.documents else None
    entries: list[PlatformEntry] = []
    extends = "default"
    if doc is not None:
        diags.extend(validate_document(doc, SCHEMA, catalog))
        entries = _entries(doc.data, doc)
        if isinstance(doc.data, dict) and doc.data.get("extends") == "none":
            extends = "none"
    if extends == "default":
        entries = _builtin() + entries
    return Platform(tuple(entries), display, tuple(diags))
