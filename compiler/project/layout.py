"""Where a repository keeps what dpc reads: the product roots dpc.yaml names, and what a bare ``dpc lint`` reads."""

from __future__ import annotations

from pathlib import Path

from compiler.load import fs
from compiler.load.discover import find_repo_root
from compiler.project.config import Config, environments_folder, load_config


def product_roots(root: Path, config: Config | None = None) -> tuple[Path, ...]:
    return tuple(root / p for p in (config or Config()).products if fs.is_dir(root / p))


def default_targets(cwd: Path) -> list[Path]:
    root = find_repo_root(cwd)
    if root is not None:
        config = load_config(root)[0]
        roots = [root / p for p in config.products if fs.is_dir(root / p)]
        if roots:
            # the environment files are dpc's own (schemas/spec/environment.json), linted with the products
            environments = environments_folder(root, config)
            return [*roots, *([environments] if environments is not None and fs.is_dir(environments) else [])]
    return [cwd]
