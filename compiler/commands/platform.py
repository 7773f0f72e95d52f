"""``dpc platform init``: a platform.yaml listing the names the repository uses but defines nowhere.

Every reference that resolves neither in the repository nor in the built-in catalogue and whose kind
platform.yaml can declare (depots, clusters, computes, instance secrets, workspaces...) becomes an
entry, with a comment naming the first place that uses it, for the team to review before committing.
"""

from __future__ import annotations

import re
from pathlib import Path

from compiler.core import atomic
from compiler.load import fs
from compiler.load.discover import find_repo_root
from compiler.pipeline import LintOptions, load_repository
from compiler.project.layout import default_targets
from compiler.project.platform import PLATFORM_FILES, find
from compiler.resolve import analyse
from compiler.resolve.lookup import KINDS
from compiler.schema import catalog as catalog_mod

HEADER = ("# What this repository uses that lives outside it (written by dpc platform init; review it).\n"
          "# Entries extend dpc's built-in catalogue of what every DataOS instance has.\n")


PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class PlatformError(Exception):
    """platform.yaml cannot be written; the message says why."""


def external_names(cwd: Path) -> dict[str, dict[str, tuple[str, str | None]]]:
    """platform.yaml section -> name -> (first place that uses it, the purpose a compute needs)."""
    catalog = catalog_mod.load()
    repo = load_repository(LintOptions(tuple(default_targets(cwd)), cwd), catalog, [])
    analysis = analyse(repo, catalog)
    out: dict[str, dict[str, tuple[str, str | None]]] = {}
    for f in analysis.findings:
        if f.diagnostic.code != "R001" or f.target is None:
            continue
        kind, name = f.target
        section = KINDS[kind].section if kind in KINDS else None
        if section is None or not PLAIN_NAME.fullmatch(name):  # a docs fill-in marker is P001, not a name
            continue
        purpose = "runnable" if kind == "compute-purpose" else None
        hint = f.diagnostic.message.partition("; did you mean ")[2].split(" (used ")[0]
        note = f"used at {f.diagnostic.position}" + (f"; a typo? did you mean {hint}" if hint else "")
        out.setdefault(section, {}).setdefault(name, (note, purpose))
    return out


def render(names: dict[str, dict[str, tuple[str, str | None]]]) -> str:
    lines = [HEADER.rstrip("\n")]
    for section in sorted(names):
        lines.append(f"{section}:")
        for name, (where, purpose) in sorted(names[section].items()):
            entry = f"{{name: {name}, purpose: {purpose}}}" if section == "computes" else name
            lines.append(f"  - {entry}  # {where}")
    return "\n".join(lines) + "\n"


def init(cwd: Path, force: bool = False) -> tuple[Path, int]:
    root = find_repo_root(cwd) or cwd
    existing = find(root)
    if existing is not None and not force:
        raise PlatformError(f"{existing.name} exists; pass --force to replace it")
    names = external_names(cwd)
    path = existing or root / PLATFORM_FILES[0]
    if not fs.is_dir(root):
        raise PlatformError(f"no repository at {root}")
    atomic.write_text(path, render(names))
    return path, sum(len(v) for v in names.values())
