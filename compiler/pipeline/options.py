"""What a lint run is asked: the targets, the folder it runs from, the limits and the environment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


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
