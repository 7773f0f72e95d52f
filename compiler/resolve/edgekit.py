"""What every edge extractor gets: the resource being read and helpers that build references."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.core.kinds import Scope
from compiler.resolve import forms
from compiler.resolve.findings import Problem, Reference
from compiler.resolve.index import Item

Found = Reference | Problem
Extractor = Callable[["Ctx"], Iterator[Found]]


def as_list(v: Any) -> list:
    return v if isinstance(v, list) else []


def as_dict(v: Any) -> dict:
    return v if isinstance(v, dict) else {}


@dataclass(frozen=True)
class Ctx:
    item: Item
    scopes: dict[str, Scope]  # resource type -> its scope, from the catalogue

    @property
    def data(self) -> dict:
        return self.item.resource.data

    @property
    def type(self) -> str:
        return self.item.resource.type

    @property
    def section(self) -> dict:
        return as_dict(self.data.get(self.type))

    def ref(self, kind: str, name: Any, path: tuple, *, text: Any = None, container: str | None = None,
            expect: tuple[tuple[str, str], ...] = (), edge: str = "") -> Iterator[Reference]:
        """A reference to ``name`` written at ``path``; nothing when the value is not a usable string."""
        if not isinstance(name, str) or not name.strip():
            return
        r = self.item.resource
        shown = text if isinstance(text, str) else name
        base = self.item.file.parent if kind in ("file", "dir") else None
        yield Reference(kind, name.strip(), r.document.position(path), shown, r.product, self.item.identity,
                        container, expect, base, edge or kind)

    def problem(self, code: str, path: tuple, message: str, hint: str | None = None) -> Iterator[Problem]:
        yield Problem(code, self.item.resource.document.position(path), message, hint)

    def udl_depot(self, value: Any, path: tuple, edge: str = "dataset") -> Iterator[Found]:
        """The depot of a ``dataos://`` address; a malformed address is a problem."""
        if not isinstance(value, str) or not value.strip():
            return
        udl = forms.parse_udl(value)
        if udl is None:
            yield from self.problem("R007", path, f"'{value}' is not a DataOS address "
                                    "(dataos://depot[:collection[/dataset]][?acl=r|rw])")
            return
        if udl.depot != "**":
            yield from self.ref("depot", udl.depot, path, text=value, edge=edge)

    def identity(self, rid: forms.ResourceId) -> str:
        """``type:version:name[:workspace]`` as the index writes it (public when a workspace type omits it)."""
        scope = self.scopes.get(rid.type, "workspace")
        if scope != "workspace":
            return f"{rid.type}:{rid.version}:{rid.name}"
        return f"{rid.type}:{rid.version}:{rid.name}:{rid.workspace or 'public'}"

    @property
    def root_dir(self) -> Path:
        return self.item.file.parent
