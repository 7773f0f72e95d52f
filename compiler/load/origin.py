"""Documents assembled from pieces of other files, whose positions point back to those files.

A built manifest mixes values from the resource spec, the environment file, product.yaml and
included files. :class:`SourcedDocument` has the same ``path``/``index``/``data``/``position()``
shape as :class:`compiler.yamlload.Document`, so schema validation and every per-document check
report a value at the line and column of the file that produced it. ``origins`` only records the
roots of grafted pieces; a path below a root maps onto the same suffix in the root's source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from compiler.core.diagnostics import Position
from compiler.core.walk import JsonPath
from compiler.load.yamlload import Document


class Located(Protocol):
    @property
    def path(self) -> str: ...

    def position(self, path: JsonPath, *, key: bool = False) -> Position: ...


@dataclass(frozen=True)
class Origin:
    """Where a value came from: a document (plain or sourced) and the path inside it."""

    document: Located
    path: JsonPath = ()

    def child(self, part: str | int) -> Origin:
        return Origin(self.document, self.path + (part,))

    def position(self, *, key: bool = False) -> Position:
        return self.document.position(self.path, key=key)


@dataclass(frozen=True)
class SourcedDocument:
    path: str  # the file the document stands for (its main source)
    index: int
    data: Any
    origins: dict[JsonPath, Origin] = field(repr=False)  # emitted path -> Origin of the value at that path

    def position(self, path: JsonPath, *, key: bool = False) -> Position:
        p = tuple(path)
        for cut in range(len(p), -1, -1):
            origin = self.origins.get(p[:cut])
            if origin is not None:
                return origin.document.position(origin.path + p[cut:], key=key)
        return Position(self.path)

    def origin(self, path: JsonPath) -> Origin:
        """The origin of ``path`` as a value (for grafting it into another document)."""
        return Origin(self, tuple(path))


Origins = dict[JsonPath, Origin]  # emitted path -> where the value at that path came from
AnyDocument = Document | SourcedDocument  # a document as parsed, or as built from several files


def sourced(document: Located, data: Any, index: int = 0) -> SourcedDocument:
    """A document whose every value comes from ``document`` at the same path."""
    return SourcedDocument(document.path, index, data, {(): Origin(document)})
