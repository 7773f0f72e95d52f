"""The records the resolver's stages hand each other: references found in manifests, and findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.core.diagnostics import Diagnostic, Position


@dataclass(frozen=True)
class Reference:
    """One place where a manifest names something that must exist."""

    kind: str  # what is looked for: an index kind ("depot", "job", "identity"...) or "file"/"dir"
    name: str  # the name looked for (for files: the path as written)
    position: Position
    text: str  # the reference as written ("dataos://salesdb:public/orders")
    product: str | None
    origin: str  # identity of the referencing resource
    container: str | None = None  # local names: only definitions of this container count
    expect: tuple[tuple[str, str], ...] = ()  # attributes the target must have (("purpose", "query"),)
    base: Path | None = None  # files: the manifest's folder
    edge: str = ""  # the extractor that found it (graph labels)


@dataclass(frozen=True)
class Problem:
    """A reference that is wrong before any lookup (it does not parse, or names the wrong type)."""

    code: str
    position: Position
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class Finding:
    """A diagnostic plus what the partial-run filter needs to know about it."""

    diagnostic: Diagnostic
    target: tuple[str, str] | None = None  # (kind, name) a dangling reference looked for
    places: tuple[str, ...] = ()  # other files involved: reported when any of them is in scope


def finding(code: str, position: Position, message: str, hint: str | None = None,
            target: tuple[str, str] | None = None, places: tuple[str, ...] = (),
            related: tuple[Position, ...] = ()) -> Finding:
    diag = Diagnostic.of(code, message, position, hint, related)
    return Finding(diag, target, places)
