"""The DataOS catalogue: which types, versions and stacks exist, and their JSON Schemas.

Everything is read from ``schemas/`` once per process; a validator is built the first time a
schema is used and reused for every later document.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast
from urllib.parse import urljoin

from compiler.core.kinds import Scope
from compiler.core.paths import schemas_dir

if TYPE_CHECKING:  # imported where used: jsonschema and referencing take a while to import
    from jsonschema import Draft202012Validator
    from referencing import Registry

QuickCheck = Callable[[object], bool]
Schema = dict[str, Any]  # a JSON Schema (or a part of one), as parsed JSON

SCHEMA_BASE_URI = "file:///dpc/schemas/"




@dataclass(frozen=True)
class VersionInfo:
    version: str
    schema: str
    status: Literal["current", "legacy"]
    note: str = ""


@dataclass(frozen=True)
class TypeInfo:
    name: str
    scope: Scope
    current: str
    name_rule: str
    versions: dict[str, VersionInfo]


@dataclass(frozen=True)
class StackInfo:
    name: str
    schema: str | None
    legacy_key: str | None
    runnables: tuple[str, ...]


NAME_RULES = {
    "general": ("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
                "lowercase letters, digits and '-', starting and ending with a letter or digit, "
                "48 characters at most"),
    "depot": ("^[a-z][a-z0-9]*$",
              "lowercase letters and digits only, starting with a letter (no '-' or '_'), "
              "48 characters at most"),
}


class Catalog:
    """Types, versions, stacks and validators. Build one per process with :func:`load`."""

    def __init__(self, root: Path):
        self.root = root
        raw = json.loads((root / "dataos" / "catalog.json").read_text(encoding="utf-8"))
        self.types: dict[str, TypeInfo] = {
            name: TypeInfo(
                name, t.get("scope", "workspace"), t["current"], t.get("nameRule", "general"),
                {v: VersionInfo(v, info["schema"], info.get("status", "current"), info.get("note", ""))
                 for v, info in t["versions"].items()})
            for name, t in raw["types"].items()
        }
        self.stacks: dict[str, StackInfo] = {}
        for name, s in raw.get("stacks", {}).items():
            info = StackInfo(name, s.get("schema"), s.get("legacyKey"), tuple(s.get("runnables", ())))
            self.stacks[name] = info
            for alias in s.get("aliases", ()):
                self.stacks.setdefault(alias, info)
        self.known_stacks = frozenset(self.stacks) | frozenset(raw.get("knownStacks", ()))
        self._validators: dict[str, Draft202012Validator] = {}
        self._quick: dict[str, QuickCheck | None] = {}

    @cached_property
    def _registry(self) -> Registry[Any]:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        resources = []
        for file in sorted(self.root.rglob("*.json")):
            rel = file.relative_to(self.root).as_posix()
            contents = json.loads(file.read_text(encoding="utf-8"))
            if isinstance(contents, dict) and "$schema" in contents:
                contents["$id"] = SCHEMA_BASE_URI + rel
                resources.append((SCHEMA_BASE_URI + rel, Resource.from_contents(contents, DRAFT202012)))
        return Registry().with_resources(resources)

    def schema(self, rel: str) -> dict[str, Any]:
        return cast(dict[str, Any], self._registry.contents(SCHEMA_BASE_URI + rel))

    def validator(self, rel: str) -> Draft202012Validator:
        """A draft 2020-12 validator for ``schemas/<rel>``, built once, its ``$ref``s inlined.

        Inlining spares the validator a registry lookup per ``$ref`` per document (a third of
        the validation time), and lets error mapping see every property a branch allows.
        """
        found = self._validators.get(rel)
        if found is None:
            from jsonschema import Draft202012Validator

            schema = self._inline(self.schema(rel), SCHEMA_BASE_URI + rel, ())
            found = Draft202012Validator(schema, registry=self._registry)
            self._validators[rel] = found
        return found

    def quick(self, rel: str) -> QuickCheck | None:
        """A fast yes/no validity check for ``schemas/<rel>`` (jsonschema-rs), or None without one.

        Most documents are valid: they are answered in microseconds, and only an invalid one goes
        through the Python validator, whose errors dpc maps to positions and messages. The two
        are checked to agree on every test manifest (tests/test_schemas.py).
        """
        if rel not in self._quick:
            check: QuickCheck | None = None
            try:
                import jsonschema_rs

                schema = self._inline(self.schema(rel), SCHEMA_BASE_URI + rel, ())
                check = jsonschema_rs.Draft202012Validator(schema).is_valid
            except Exception:  # not installed, or a schema it cannot take: the Python validator decides
                check = None
            self._quick[rel] = check
        return self._quick[rel]

    def _inline(self, node: Any, base: str, trail: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [self._inline(v, base, trail) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        out = {k: self._inline(v, base, trail) for k, v in node.items() if k != "$ref"}
        if not isinstance(ref, str):
            return out
        target = urljoin(base, ref)
        if target in trail:  # a recursive schema keeps its reference
            return {**out, "$ref": target}
        resolved = self._registry.resolver(base_uri=base).lookup(ref)
        inner = self._inline(resolved.contents, target.split("#")[0], trail + (target,))
        if isinstance(inner, dict):
            inner = {k: v for k, v in inner.items() if k not in ("$id", "$schema", "$defs")}
        if not out:
            return inner
        return {**out, "allOf": [*out.get("allOf", ()), inner]}

    def dataos_schema_path(self, type_name: str, version: str) -> str:
        return "dataos/" + self.types[type_name].versions[version].schema


_CATALOG: Catalog | None = None


def load() -> Catalog:
    global _CATALOG
    if _CATALOG is None:
        _CATALOG = Catalog(schemas_dir())
    return _CATALOG
