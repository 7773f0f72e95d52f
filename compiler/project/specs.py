"""dpc.yaml, environments/<name>.yaml and product.yaml as typed records, each checked against its schema.

dpc.yaml itself is read by :mod:`compiler.config` (product roots, environments folder, default
environment). A missing environment file is fine only for the
built-in environment ``default``, which sets nothing: resources keep workspace ``public``,
computes are ``runnable-default``/``query-default``, and ``${VAR}`` references are not checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.core.diagnostics import Diagnostic, Failure, Position
from compiler.core.paths import display_path
from compiler.core.suggest import did_you_mean
from compiler.core.walk import JsonPath
from compiler.load import confine, fs
from compiler.load.discover import Found
from compiler.load.origin import Origin
from compiler.load.read import DEFAULT_MAX_BYTES, read
from compiler.load.yamlload import Document
from compiler.project.config import Config, environments_folder
from compiler.schema.catalog import Catalog
from compiler.schema.manifest import declares_dataos_resource
from compiler.schema.specfiles import ENVIRONMENT_SCHEMA, check_document

BUILTIN_ENVIRONMENT = "default"
PRODUCT_FILES = ("product.yaml", "product.yml")
DEFAULT_RESOURCES = ("**/*.yaml", "**/*.yml")
RUNNABLE_DEFAULT, QUERY_DEFAULT = "runnable-default", "query-default"


def load_file(path: Path, cwd: Path, schema: str, catalog: Catalog) -> tuple[Document | None, list[Diagnostic]]:
    """Read, parse and schema-check one of dpc's own files; only the first document counts."""
    parsed, diags = read(Found(path, display_path(path, cwd), "spec"), DEFAULT_MAX_BYTES)
    if parsed is None or not parsed.documents:
        return None, diags
    doc = parsed.documents[0]
    found = check_document(doc, schema, catalog)
    diags.extend(found)
    return (doc if isinstance(doc.data, dict) else None), diags


def _dict(data: Any, key: str | None) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _str(data: Any, key: str) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


class _Layer:
    """What an environment file and product.yaml both set: a workspace, an owner, defaults per kind."""

    data: dict[str, Any]

    @property
    def workspace(self) -> str | None:
        return _str(self.data, "workspace")

    @property
    def owner(self) -> str | None:
        return _str(self.data, "owner")

    def defaults(self, kind: str | None) -> dict[str, Any]:
        return _dict(_dict(self.data, "defaults"), kind)


@dataclass(frozen=True)
class Environment(_Layer):
    name: str
    data: dict[str, Any]
    document: Document | None  # None for the built-in environment

    @property
    def builtin(self) -> bool:
        return self.document is None

    def origin(self, *path: str | int) -> Origin | None:
        return Origin(self.document, tuple(path)) if self.document is not None else None

    @property
    def layer(self) -> str | None:
        return _str(self.data, "layer")

    def compute(self, purpose: str) -> str:
        default = QUERY_DEFAULT if purpose == "query" else RUNNABLE_DEFAULT
        return _str(_dict(self.data, "compute"), purpose) or default

    @property
    def schedules(self) -> bool:
        return self.data.get("schedules", True) is not False

    @property
    def vars(self) -> dict[str, Any]:
        return _dict(self.data, "vars")

    @property
    def declared(self) -> frozenset[str]:
        names = [*(self.data.get("secrets") or []), *(self.data.get("env") or [])]
        return frozenset(n for n in names if isinstance(n, str))

    def context(self) -> dict[str, Any]:
        """What templates see as ``env``."""
        return {"name": self.name, "tenant": _str(self.data, "tenant"), "workspace": self.workspace or "public",
                "owner": self.owner, "layer": self.layer or "user", "runnable": self.compute("runnable"),
                "query": self.compute("query"), "schedules": self.schedules}


def environment_names(root: Path, config: Config) -> list[str]:
    folder = environments_folder(root, config)
    if folder is None or not fs.is_dir(folder):
        return []
    return sorted(p.stem for p in fs.iterdir(folder) if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
                  and confine.plain_name(p.stem))


def environment_path(root: Path, config: Config, name: str) -> Path | None:
    """The file of environment ``name``; None for a name that is no plain file name (``../x``, ``/etc/x``), a
    folder or file leading outside the repository, or no file: nothing outside is ever read."""
    folder = environments_folder(root, config)
    if folder is None or not confine.plain_name(name):
        return None
    return next((folder / f"{name}{s}" for s in (".yaml", ".yml") if fs.is_file(folder / f"{name}{s}")
                 and confine.problem(folder / f"{name}{s}", root) is None), None)


def unknown_environment(root: Path, config: Config, name: str) -> Failure | None:
    """The one answer to a name no environment file has (``dpc build``, ``dpc diff`` and ``dpc mark-deployed``
    ``--env``): a G006 failure, or None when ``name`` is the built-in environment or has a file."""
    if name == BUILTIN_ENVIRONMENT or environment_path(root, config, name) is not None:
        return None
    known = environment_names(root, config)
    return Failure(f"unknown environment '{name}'{did_you_mean(name, known)}; "
                   f"{config.environments}/ holds: {', '.join(known) or 'nothing'}", "G006")


def unknown_default(root: Path, config: Config) -> Diagnostic | None:
    """T008 when dpc.yaml's ``defaultEnvironment`` names an environment without a file (lint and build
    report it alike: a run without ``--env`` cannot compile for it)."""
    name = config.default_environment
    if name is None or name == BUILTIN_ENVIRONMENT or environment_path(root, config, name) is not None:
        return None
    if confine.problem(config.environments, root) is not None:  # the folder is refused: Y013 is the root cause
        return None
    where = config.default_environment_at or Position("dpc.yaml", 1, 1)
    return Diagnostic.of("T008", f"defaultEnvironment '{name}' has no file {config.environments}/{name}.yaml",
                         where, "create the file or name another environment")


def load_environment(root: Path, config: Config, name: str | None, cwd: Path,
                     catalog: Catalog) -> tuple[Environment | None, list[Diagnostic]]:
    """The environment ``name`` (else dpc.yaml's default, else the built-in one); None when it has no file."""
    chosen = name or config.default_environment or BUILTIN_ENVIRONMENT
    path = environment_path(root, config, chosen)
    if path is None:
        if chosen == BUILTIN_ENVIRONMENT:
            return Environment(BUILTIN_ENVIRONMENT, {}, None), []
        return None, []
    doc, diags = load_file(path, cwd, ENVIRONMENT_SCHEMA, catalog)
    return Environment(chosen, doc.data if doc else {}, doc), diags


@dataclass(frozen=True)
class ProductSpec(_Layer):
    """product.yaml: the high-level spec of one product."""

    name: str
    folder: Path
    document: Document
    data: dict[str, Any] = field(repr=False)

    def origin(self, *path: str | int) -> Origin:
        return Origin(self.document, tuple(path))

    def get(self, key: str) -> Any:
        return self.data.get(key)

    @property
    def resource_globs(self) -> tuple[str, ...]:
        globs = self.data.get("resources")
        if isinstance(globs, list) and globs:
            return tuple(g for g in globs if isinstance(g, str))
        return DEFAULT_RESOURCES

    @property
    def bundle_name(self) -> str:
        return _str(_dict(self.data, "bundle"), "name") or f"{self.name}-bundle"

    def tags(self) -> list[tuple[str, JsonPath]]:
        """The product's tags with the path of the product.yaml value each comes from."""
        out: list[tuple[str, JsonPath]] = []
        if _str(self.data, "domain"):
            out.append((f"DPDomain.{self.data['domain']}", ("domain",)))
        for i, use in enumerate(self.data.get("useCases") or []):
            if isinstance(use, str):
                out.append((f"DPUsecase.{use}", ("useCases", i)))
        if _str(self.data, "tier"):
            out.append((f"DPTier.{self.data['tier']}", ("tier",)))
        for i, tag in enumerate(self.data.get("tags") or []):
            if isinstance(tag, str):
                out.append((tag, ("tags", i)))
        return out

    def context(self) -> dict[str, Any]:
        """What templates see as ``product``."""
        return {"name": self.name, "title": _str(self.data, "title") or self.name,
                "domain": _str(self.data, "domain"), "tier": _str(self.data, "tier"),
                "owner": self.owner, "workspace": self.workspace, "bundle": self.bundle_name,
                "useCases": [u for u in self.data.get("useCases") or [] if isinstance(u, str)]}


def find_product_file(folder: Path) -> Path | None:
    """The folder's dpc product spec; a product.yaml that is a DataOS manifest is not one."""
    for name in PRODUCT_FILES:
        path = folder / name
        if fs.is_file(path):
            try:
                text = fs.read_bytes(path).decode("utf-8", "replace")
            except OSError:
                return path
            if not declares_dataos_resource(text):
                return path
    return None


def load_product(path: Path, cwd: Path, catalog: Catalog) -> tuple[ProductSpec | None, list[Diagnostic]]:
    doc, diags = load_file(path, cwd, "spec/product.json", catalog)
    if doc is None:
        return None, diags
    name = _str(doc.data, "product") or path.parent.name
    return ProductSpec(name, path.parent, doc, doc.data), diags
