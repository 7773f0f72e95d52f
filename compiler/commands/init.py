"""``dpc init PRODUCT``: a new data product as a plain DataOS folder, from packaged jinja2 templates.

The layout follows the DataOS docs (and products/sales-360): a depot with its ``-r`` and
``-rw`` instance secrets (values are ``${UPPER_SNAKE}`` references for dataos-ctl), a Flare
job with its SQL, Soda checks, an access policy, the bundle, the data product spec and its
scanner. Paths inside the manifests are written from the repository root, as dataos-ctl
reads them. The ``${VAR}`` names the new manifests use are added to the ``secrets`` list of
every environment file that does not declare them yet (comments kept), so the product builds
clean at once. Everything is rendered in memory first; if any file already exists nothing is
written.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from ruamel.yaml import YAML

from compiler.core import atomic
from compiler.core.paths import PACKAGE
from compiler.expand.envvars import REFERENCE, RUNTIME
from compiler.load import confine
from compiler.schema.catalog import NAME_RULES

TEMPLATES = PACKAGE / "templates" / "init"
MAX_NAME = 38  # the longest derived name, '<product>-transform', must stay within DataOS's 48

# output path (relative to the product folder) -> template
FILES: dict[str, str] = {
    "depot/{depot}.yaml": "depot.yaml.j2",
    "depot/{depot}-r.yaml": "secret-r.yaml.j2",
    "depot/{depot}-rw.yaml": "secret-rw.yaml.j2",
    "build/flare/{snake}.yaml": "flare.yaml.j2",
    "build/sql/{snake}.sql": "transform.sql.j2",
    "build/quality/{snake}_quality.yaml": "quality.yaml.j2",
    "build/access_control/{snake}_read.yaml": "policy.yaml.j2",
    "bundle/bundle.yaml": "bundle.yaml.j2",
    "deploy/data_product_spec.yaml": "data_product_spec.yaml.j2",
    "deploy/scanner.yaml": "scanner.yaml.j2",
}


class InitError(Exception):
    """A reason to write nothing (the CLI exits 2)."""


@dataclass(frozen=True)
class Plan:
    root: Path  # the repository root
    folder: Path  # the product folder, absolute
    files: dict[Path, str]  # absolute path -> contents
    environments: dict[Path, str] = field(default_factory=dict)  # environment files that must declare more


def _variables(files: dict[Path, str]) -> list[str]:
    """The ``${VAR}`` names the new manifests leave for dataos-ctl to fill in."""
    return sorted({m.group(1) or m.group(2) for path, text in files.items() if path.suffix == ".yaml"
                   for m in REFERENCE.finditer(text)} - RUNTIME)


def declare(text: str, names: list[str]) -> str | None:
    """The environment file's text with ``names`` added to its ``secrets`` list (comments and layout kept),
    or None when it declares them all already or is not a mapping dpc can extend."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    if not isinstance(data, dict):
        return None
    declared = {n for key in ("secrets", "env") if isinstance(data.get(key), list) for n in data[key]}
    missing = [n for n in names if n not in declared]
    if not missing or ("secrets" in data and not isinstance(data["secrets"], list)):
        return None
    if "secrets" not in data:
        data["secrets"] = []
    data["secrets"].extend(missing)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _environment_updates(folder: Path | None, names: list[str]) -> dict[Path, str]:
    out: dict[Path, str] = {}
    for path in sorted(folder.iterdir()) if folder is not None and folder.is_dir() else []:
        if path.suffix in (".yaml", ".yml") and path.is_file() and not path.is_symlink():
            updated = declare(path.read_text(encoding="utf-8"), names)
            if updated is not None:
                out[path] = updated
    return out


def check_name(product: str) -> None:
    pattern = NAME_RULES["general"][0]
    if not re.fullmatch(pattern, product) or len(product) > MAX_NAME:
        fixed = re.sub(r"[^a-z0-9-]+", "-", product.lower()).strip("-")[:MAX_NAME].strip("-")
        hint = f"; try '{fixed}'" if fixed and fixed != product and re.fullmatch(pattern, fixed) else ""
        raise InitError(f"'{product}' is not a valid data product name: DataOS names allow lowercase letters, "
                        f"digits and '-', starting and ending with a letter or digit, and dpc init keeps them "
                        f"to {MAX_NAME} characters so that derived names fit in 48{hint}")


def depot_name(product: str) -> str:
    """'sales-360' -> 'sales360db': depot names allow no hyphen and start with a letter."""
    base = re.sub(r"[^a-z0-9]", "", product) + "db"
    return base if base[0].isalpha() else "db" + base


def workspace_name(product: str) -> str:
    """Workspace names start with a letter and have 32 characters at most."""
    name = product if product[0].isalpha() else "dp-" + product
    return name[:32].rstrip("-")


def context(product: str, folder: str, owner: str | None, domain: str | None) -> dict:
    depot = depot_name(product)
    snake = product.replace("-", "_")
    return {
        "product": product, "title": " ".join(w.capitalize() for w in product.split("-")),
        "depot": depot, "env": depot.upper(), "snake": snake, "dataset": snake,
        "collection": product.replace("-", ""), "workspace": workspace_name(product), "folder": folder,
        "sql_path": f"{folder}/build/sql/{snake}.sql", "owner": owner, "domain": domain,
    }


def plan(repo_root: Path, products_root: str, product: str, owner: str | None = None,
         domain: str | None = None, environments: Path | None = None) -> Plan:
    check_name(product)
    folder_rel = f"{products_root.strip('/')}/{product}"
    values = context(product, folder_rel, owner, domain)
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      keep_trailing_newline=True, autoescape=False)
    folder = repo_root / folder_rel
    files = {folder / out.format(**values): env.get_template(template).render(values)
             for out, template in FILES.items()}
    return Plan(repo_root, folder, files, _environment_updates(environments, _variables(files)))


def write(p: Plan) -> list[Path]:
    why = confine.problem(p.folder, p.root)
    if why is not None:
        shown = os.path.relpath(p.folder, p.root).replace(os.sep, "/")
        raise InitError(f"refusing to write {shown}/: the path {why}; nothing written")
    existing = sorted(path for path in p.files if path.exists() or path.is_symlink())
    if existing:
        names = [e.relative_to(p.root).as_posix() for e in existing]
        raise InitError(f"refusing to overwrite {len(names)} existing file{'s' if len(names) > 1 else ''}, "
                        f"nothing written: {', '.join(names[:3])}{', ...' if len(names) > 3 else ''}")
    for path, text in p.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as f:  # 'x': never replaces a file
            f.write(text)
    for path, text in p.environments.items():  # whole or not at all
        atomic.write_text(path, text)
    return sorted(p.files)
