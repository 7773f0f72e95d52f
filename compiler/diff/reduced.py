"""A side of a diff reduced to what the comparison needs, taken as soon as the side is built.

A side's build holds its whole repository: every file's documents and the reference index of every
resource (hundreds of MB at 1,000 products). The comparison needs far less: the manifests of the
products built, the findings, what :mod:`compiler.diff.context` knows, the listing of its files and,
of the base, its index facts (:mod:`compiler.diff.baseindex`) and the columns its Flare jobs write
(:func:`compiler.diff.breaking.written`). :func:`base` keeps those, so the base's repository is gone
before the head's is read: one side's repository alive at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.core.diagnostics import Diagnostic
from compiler.diff import baseindex, breaking, context, reads
from compiler.diff.baseindex import BaseIndex
from compiler.diff.context import Side
from compiler.emit.generate import Built
from compiler.emit.runner import BuildResult, Compiled
from compiler.load import fs
from compiler.resolve.datasets import Table
from compiler.resolve.index import Index


@dataclass(frozen=True)
class Kept:
    """What the comparison needs of a side's build in memory: its products' manifests and its findings."""

    environment: str
    built: dict[str, tuple[Built, ...]]  # output folder -> its manifests in apply order
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Reduced:
    made: Kept | None  # None: nothing built on this side (or its build failed)
    failures: tuple[str, ...] | None  # the build failed: the diff stops with these (None: it did not)
    side: Side
    files: dict[str, str]  # repository-relative path -> blob id (compiler.diff.reads.listing)
    index: BaseIndex | None = None  # the base's only
    columns: dict[Table, breaking.Written] | None = None  # the base's only


def _failures(made: Compiled | BuildResult | None) -> tuple[str, ...] | None:
    """Why a side's build failed (None: it did not)."""
    if isinstance(made, BuildResult) or (isinstance(made, Compiled) and made.failures):
        return made.failures
    return None


def _compiled(made: Compiled | BuildResult | None) -> Compiled | None:
    return made if isinstance(made, Compiled) else None


def _kept(made: Compiled | None) -> Kept | None:
    return Kept(made.environment, made.built, made.diagnostics) if made is not None else None


FAILED = context.side(None, "failed")  # nothing known of a side whose build failed


def head(made: Compiled | BuildResult | None, read: fs.FileSystem, root: Path) -> Reduced:
    """The head's facts; its repository and index stay with the caller (the last side read)."""
    failed, compiled = _failures(made), _compiled(made)
    if failed is not None:
        return Reduced(None, failed, FAILED, {})
    with fs.use(read):
        return Reduced(_kept(compiled), None, context.side(compiled, "head"), reads.listing(root))


def base(made: Compiled | BuildResult | None, index: Index | None, read: fs.FileSystem, root: Path) -> Reduced:
    """Everything of the base the comparison reads, with the base's file system ``read`` active."""
    failed, compiled = _failures(made), _compiled(made)
    if failed is not None:
        return Reduced(None, failed, FAILED, {})
    with fs.use(read):
        side, files = context.side(compiled, "base"), reads.listing(root)
    return Reduced(_kept(compiled), None, side, files, baseindex.reduce(index) if index else None,
                   breaking.written(compiled.repository, read) if compiled else None)
