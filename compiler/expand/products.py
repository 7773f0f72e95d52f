"""Which product folders are described by a product.yaml, and the expansion of their resource specs.

The lint pipeline calls :func:`lint_expanders` only when some product folder holds a
product.yaml, so that plain repositories never import jinja2. A file is a resource spec of a
product when its path relative to the product folder matches one of product.yaml's
``resources`` globs (default: every YAML file); ``**`` matches any number of folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.core.diagnostics import Diagnostic
from compiler.expand.expand import Expander
from compiler.load import fs
from compiler.load.includes import Includes
from compiler.load.origin import AnyDocument
from compiler.load.yamlload import Document
from compiler.model import Expand
from compiler.project.config import Config, _glob, load_config
from compiler.project.specs import Environment, ProductSpec, find_product_file, load_environment, load_product
from compiler.schema.catalog import Catalog


def product_folders(roots: tuple[Path, ...]) -> dict[str, Path]:
    """Product folder name -> its product.yaml, for the folders that have one."""
    found: dict[str, Path] = {}
    for root in roots:
        try:
            children = [p for p in fs.iterdir(root) if fs.is_dir(p)]
        except OSError:
            continue
        for child in children:
            spec = find_product_file(child)
            if spec is not None:
                found.setdefault(child.name, spec)
    return found


@dataclass
class Setup:
    config: Config
    environment: Environment | None
    products: dict[str, ProductSpec]
    includes: Includes
    diagnostics: list[Diagnostic] = field(default_factory=list)
    expanders: dict[str, Expander] = field(default_factory=dict)


def setup(root: Path, roots: tuple[Path, ...], cwd: Path, catalog: Catalog, env_name: str | None) -> Setup:
    config, diags = load_config(root, cwd)
    environment, env_diags = load_environment(root, config, env_name, cwd, catalog)
    includes = Includes(root)
    result = Setup(config, environment, {}, includes, diags + env_diags)
    for folder, path in product_folders(roots).items():
        spec, found = load_product(path, cwd, catalog)
        result.diagnostics.extend(found)
        if spec is not None:
            result.products[folder] = spec
            result.expanders[folder] = Expander(catalog, cwd, includes, environment or Environment("default", {}, None),
                                                spec)
    return result


def hook(expander: Expander, product: ProductSpec, cwd: Path) -> Expand:
    patterns = [_glob(g) for g in product.resource_globs]
    folder = product.folder

    def expand(doc: Document) -> tuple[AnyDocument, list[Diagnostic]]:
        data = doc.data
        if not isinstance(data, dict) or "type" not in data:
            return doc, []
        try:
            rel = (cwd / doc.path).relative_to(folder).as_posix()
        except ValueError:
            return doc, []
        if rel in ("product.yaml", "product.yml") or not any(p.fullmatch(rel) for p in patterns):
            return doc, []
        return expander.expand(doc)

    return expand


def lint_expanders(root: Path, roots: tuple[Path, ...], cwd: Path, catalog: Catalog,
                   env_name: str | None) -> dict[str, Expand]:
    """Product folder -> the function expanding its documents during lint."""
    found = setup(root, roots, cwd, catalog, env_name)
    return {name: hook(e, found.products[name], cwd) for name, e in found.expanders.items()}
