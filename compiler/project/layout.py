"""Which folders are data products, in a repository dpc.yaml does not describe.

With product roots (dpc.yaml's ``products``, by default ``products/``), each folder of a root is a
product. Without them (a plain DataOS repository), every folder holding a data product spec or a
bundle (a YAML file with a top-level ``type: data`` or ``type: bundle``) is a product: the file's
folder cut before its first lifecycle folder (:func:`compiler.load.includes.product_folder`:
``sales-360/deploy/bundle.yaml`` -> ``sales-360``). A file belongs to the nearest product folder
holding it; files outside every product folder belong to none. When the only such folder is the
repository root, the repository is one product, as before.
"""

from __future__ import annotations

import re
from pathlib import Path

from compiler.load import fs
from compiler.load.discover import find_repo_root
from compiler.load.includes import product_folder
from compiler.project.config import Config, environments_folder, load_config

_DECLARES = re.compile(rb"^type[ \t]*:[ \t]*[\"']?(?:data|bundle)[\"']?[ \t]*(?:#[^\n]*)?\r?$", re.M)
_NAME = re.compile(rb"^name[ \t]*:[ \t]*[\"']?([a-z0-9][a-z0-9-]{0,47})[\"']?[ \t]*(?:#[^\n]*)?\r?$", re.M)

Folders = tuple[tuple[str, Path], ...]  # (product name, folder), sorted by folder


def configured(roots: tuple[Path, ...]) -> Folders:
    """The folders of the product roots."""
    out = [(p.name, p) for r in roots for p in fs.iterdir(r) if fs.is_dir(p) and not p.name.startswith(".")]
    return tuple(sorted(out, key=lambda nf: nf[1]))


def _declared(path: Path) -> tuple[bool, str | None]:
    """Whether the file declares a data product or a bundle, and the data product's name when it is a spec."""
    try:
        raw = fs.read_bytes(path)
    except OSError:
        return False, None
    found = _DECLARES.search(raw)
    if not found:
        return False, None
    name = _NAME.search(raw) if b"data" in found.group(0) else None
    return True, name.group(1).decode("utf-8", "replace") if name else None


def detect(root: Path, files: list[Path]) -> Folders:
    """Product folders of a plain repository, from the files that declare a data product or a bundle. A
    product is named by its data product spec when its folder holds exactly one, else by its folder."""
    specs: dict[Path, set[str]] = {}
    for p in files:
        declares, name = _declared(p)
        if declares:
            specs.setdefault(product_folder(p.parent, root), set()).update([name] if name else [])
    specs.pop(root, None)
    named = {f: next(iter(n)) if len(n) == 1 else f.name for f, n in specs.items()}
    count: dict[str, int] = {}
    for name in named.values():
        count[name] = count.get(name, 0) + 1
    return tuple((name if count[name] == 1 else f.relative_to(root).as_posix().replace("/", "-"), f)
                 for f, name in sorted(named.items()))


def owner(path: Path, folders: Folders) -> str | None:
    """The product whose folder holds ``path`` (the nearest one), else None."""
    best: tuple[int, str] | None = None
    for name, folder in folders:
        if folder in path.parents and (best is None or len(folder.parts) > best[0]):
            best = (len(folder.parts), name)
    return best[1] if best else None


def holder(path: Path, folders: Folders) -> Path | None:
    """The nearest product folder holding (or being) ``path``."""
    held = [f for _, f in folders if f == path or f in path.parents]
    return max(held, key=lambda f: len(f.parts)) if held else None


def product_roots(root: Path, config: Config | None = None) -> tuple[Path, ...]:
    """The product roots dpc.yaml names that exist."""
    return tuple(root / p for p in (config or Config()).products if fs.is_dir(root / p))


def default_targets(cwd: Path) -> list[Path]:
    """What a bare ``dpc lint`` reads: the product roots and the environments folder, else the current folder."""
    root = find_repo_root(cwd)
    if root is not None:
        config = load_config(root)[0]
        roots = [root / p for p in config.products if fs.is_dir(root / p)]
        if roots:
            # the environment files are dpc's own (schemas/spec/environment.json), linted with the products
            environments = environments_folder(root, config)
            return [*roots, *([environments] if environments is not None and fs.is_dir(environments) else [])]
    return [cwd]
