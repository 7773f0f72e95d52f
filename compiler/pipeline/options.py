"""What a lint run is asked: the targets, the folder it runs from, the limits and the environment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compiler.load import cache


@dataclass(frozen=True)
class LintOptions:
    targets: tuple[Path, ...]
    cwd: Path
    max_bytes: int | None = None  # None: dpc.yaml's maxFileSize, else DEFAULT_MAX_BYTES
    progress: Callable[[int, int], None] | None = None  # (files read, files to read); the CLI draws it
    environment: str | None = None  # expands products described by a product.yaml (dpc build --env)
    scope: tuple[Path, ...] | None = None  # what to report on, when not the targets (lint --staged: the
    # staged files, possibly none when a commit only deletes; the targets are then the whole repository)

    @property
    def asked(self) -> tuple[Path, ...]:
        return self.targets if self.scope is None else self.scope


def cache_key(options: LintOptions, per_file: bool = False) -> str:
    """What cached results depend on besides what they read (see compiler/load/cache.py): a file's own
    findings do not depend on which files were asked about, a whole result does."""
    asked = () if per_file else (options.targets, options.scope)
    return cache.context_key((asked, options.cwd, options.max_bytes, options.environment))
