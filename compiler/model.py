"""Typed records built from parsed files: resources, source files and the repository."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.core.diagnostics import Diagnostic
from compiler.core.kinds import Scope
from compiler.load.discover import Found
from compiler.load.origin import AnyDocument
from compiler.load.yamlload import Document, ParsedFile

DEFAULT_WORKSPACE = "public"


@dataclass(frozen=True)
class Resource:
    """One DataOS manifest whose type, version and name are known."""

    type: str
    version: str
    name: str
    scope: Scope
    document: AnyDocument
    product: str | None
    legacy: bool = False
    unidentified: bool = False  # its version is wrong or missing (S002/S003): it defines its name, nothing else

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def workspace(self) -> str | None:
        """The workspace written in the manifest, else ``public`` for workspace-level types."""
        if self.scope != "workspace":
            return None
        ws = self.data.get("workspace")
        return ws if isinstance(ws, str) and ws else DEFAULT_WORKSPACE

    @property
    def identity(self) -> str:
        """``type:version:name[:workspace]``, as the data product spec and dataos-ctl write it."""
        base = f"{self.type}:{self.version}:{self.name}"
        return f"{base}:{self.workspace}" if self.workspace else base

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What makes two resources the same resource in DataOS: type, name and workspace."""
        return (self.type, self.name, self.workspace)


Expand = Callable[[Document], tuple[AnyDocument, list[Diagnostic]]]  # a resource spec -> its expanded manifest


@dataclass(frozen=True)
class SourceFile:
    found: Found
    parsed: ParsedFile | None
    product: str | None
    diagnostics: tuple[Diagnostic, ...]
    resources: tuple[Resource, ...]

    @property
    def display(self) -> str:
        return self.found.display


@dataclass(frozen=True)
class Facts:
    """What the repository-wide checks read of each file, as hashes (compiler.pipeline.repository): ``setting``
    covers what every file depends on (dpc.yaml, product.yaml, the environment), ``files`` maps each file's
    display path to the hash of its documents with their positions, its resources and the answers its own
    check got (or of its text)."""

    setting: str
    files: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Repository:
    """Everything a run knows: every file of the product roots involved, parsed and checked."""

    root: Path
    product_roots: tuple[Path, ...]
    files: tuple[SourceFile, ...]
    scope: frozenset[str]  # display paths the user asked about
    folders: tuple[tuple[str, Path], ...] = ()  # (product name, product folder): compiler.project.layout
    facts: Facts | None = field(default=None, compare=False, repr=False)  # None: not known (nothing is cached)

    def resources(self) -> Iterator[Resource]:
        for f in self.files:
            yield from f.resources

    def products(self) -> dict[str | None, list[SourceFile]]:
        out: dict[str | None, list[SourceFile]] = {}
        for f in self.files:
            out.setdefault(f.product, []).append(f)
        return out

    def in_scope(self, path: str) -> bool:
        return path in self.scope
