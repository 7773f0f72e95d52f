"""Which files a run looks at.

With no path, dpc reads the repository's product folders (dpc.yaml's ``products``, by
default ``products/`` at the repository root) and its environments folder or, when there
is none, the current directory. Inside a folder it takes every ``*.yaml``/``*.yml`` file,
in sorted order, except:

- hidden folders and files (``.git``, ``.github``, ...), ``node_modules``, virtualenvs;
- lens model folders (a folder named ``model`` holding ``tables``, ``views``, ``sqls`` or
  ``user_groups.yml``): their YAML is Jinja-templated lens code, not DataOS manifests;
- Helm charts (a folder holding ``Chart.yaml``): their templates are Go-templated Kubernetes YAML;
- folders dpc itself built (they hold a ``.dpc-build`` marker);
- CI and tool configuration files (``bitbucket-pipelines.yml``, ``.gitlab-ci.yml``,
  ``docker-compose*.yml``, ``mkdocs.yml``, ``.pre-commit-*.yaml``).

Explicitly named files go through the same rules, so a pre-commit hook may pass every
staged YAML file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from compiler.core.kinds import FoundKind
from compiler.core.paths import display_path
from compiler.load import fs

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
SKIP_FILES = frozenset({"bitbucket-pipelines.yml", "bitbucket-pipelines.yaml", "mkdocs.yml", "mkdocs.yaml",
                        "codecov.yml", "action.yml", "action.yaml"})
LENS_MODEL_MARKERS = ("tables", "views", "sqls", "user_groups.yml", "user_groups.yaml")
HELM_CHART_MARKERS = ("Chart.yaml", "Chart.yml")
BUILD_MARKER = ".dpc-build"
SPEC_FILES = frozenset({"product.yaml", "product.yml", "dpc.yaml", "dpc.yml", "platform.yaml", "platform.yml"})


@dataclass(frozen=True)
class Found:
    path: Path  # absolute
    display: str  # relative to the working directory when inside it, with '/'
    kind: str  # "manifest" (any YAML that may hold DataOS manifests), "spec" (dpc's own files) or
    # "outside" (a symbolic link leading out of the repository: reported, never read)


def find_repo_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if fs.exists(folder / ".git") or fs.is_file(folder / "dpc.yaml"):
            return folder
    return None


def _skip_dir(entry: fs.DirEntry) -> bool:
    return _skipped(entry.name, entry.path)


def _skipped(name: str, path: str | Path) -> bool:
    """Whether the folder ``path`` (named ``name``) is not walked: hidden, a tool's, built by dpc, another tool's
    YAML (the file system asked for each marker; a walk judges the markers from its listing: :func:`_marked`)."""
    if name.startswith(".") or name in SKIP_DIRS or fs.exists(os.path.join(path, BUILD_MARKER)):
        return True
    return _tool_folder(name, path)


def _tool_folder(name: str, path: str | Path) -> bool:
    """A folder of another tool's YAML: a lens model folder or a Helm chart."""
    if name == "model" and any(fs.exists(os.path.join(path, m)) for m in LENS_MODEL_MARKERS):
        return True
    return any(fs.exists(os.path.join(path, m)) for m in HELM_CHART_MARKERS)


def _skip_file(name: str) -> bool:
    lower = name.lower()
    return (not lower.endswith(YAML_SUFFIXES) or name.startswith(".") or lower in SKIP_FILES
            or lower.startswith("docker-compose"))


def _kind(path: Path, environments: Path | None) -> FoundKind:
    if path.name in SPEC_FILES or (environments is not None and os.path.abspath(path.parent)
                                   == os.path.abspath(environments)):
        return "spec"
    return "manifest"


def _in_skipped_folder(path: Path, base: Path) -> bool:
    """Whether a folder between ``base`` and ``path`` would have been skipped by a walk."""
    try:
        rel = path.relative_to(base)
    except ValueError:
        return False
    return any(_skipped(parent.name, base / parent) for parent in rel.parents if parent.name)


def _leads_outside(path: Path | str, base: Path) -> bool:
    """Whether ``path``, or a symbolic link on the way to it, leads outside ``base`` (the repository)."""
    real, root = fs.realpath(path), fs.realpath(base)
    return not (real == root or real.startswith(root.rstrip(os.sep) + os.sep))


def link_leaves_repository(path: Path) -> bool:
    """Whether the symbolic link ``path`` leads outside the repository holding it."""
    root = find_repo_root(Path(os.path.abspath(path)).parent)
    return root is not None and _leads_outside(path, root)


def _lexically_inside(path: Path, base: Path) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(base).rstrip(os.sep) + os.sep)


def _present(marker: str, names: dict[str, fs.DirEntry], folder: str | Path) -> bool:
    """``fs.exists(folder/marker)``, answered from the folder's listing where it can be: a listed entry that is
    no link exists, and a name listed in no case does not; a link, or a name listed in another case only (a
    file system that ignores case), is asked."""
    entry = names.get(marker)
    if entry is not None and not entry.is_symlink():
        return True
    if entry is None and all(n.casefold() != marker.casefold() for n in names):
        return False
    return fs.exists(os.path.join(folder, marker))


def _marked(folder: Path, entries: list[fs.DirEntry]) -> bool:
    """Whether a listed folder is one :func:`_skip_dir` skips for what it holds (built by dpc, a lens model, a
    Helm chart), from its own listing: a walk lists every folder it enters anyway."""
    names = {e.name: e for e in entries}
    markers = (BUILD_MARKER, *(LENS_MODEL_MARKERS if folder.name == "model" else ()), *HELM_CHART_MARKERS)
    return any(_present(m, names, folder) for m in markers)


def _walk(folder: Path, base: Path | None = None, outside: set[Path] | None = None) -> list[Path]:
    """YAML files under ``folder``. Symbolic links leading out of ``base`` are not followed but listed
    (and added to ``outside``); a link back into a folder already walked is not followed twice."""
    out: list[Path] = []
    stack = [(folder, fs.realpath(folder), False)]  # a folder, its real path, whether its markers are judged
    walked = {stack[0][1]}
    while stack:
        current, real, judged = stack.pop()
        try:
            entries = sorted(fs.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        if judged and _marked(current, entries):
            continue
        subdirs = []
        for entry in entries:
            link = entry.is_symlink()
            if fs.entry_is_dir(entry):
                if entry.name.startswith(".") or entry.name in SKIP_DIRS:
                    continue
                if link and base is not None and _leads_outside(entry.path, base):
                    if _skip_dir(entry):  # not entered: its markers are asked of the file system
                        continue
                    out.append(Path(entry.path))
                    if outside is not None:
                        outside.add(Path(entry.path))
                    continue
                target = fs.realpath(entry.path) if link else os.path.join(real, entry.name)
                if target not in walked:
                    walked.add(target)
                    subdirs.append((Path(entry.path), target, True))
            elif not _skip_file(entry.name):
                out.append(Path(entry.path))
                if link and outside is not None and base is not None and _leads_outside(entry.path, base):
                    outside.add(Path(entry.path))
        stack.extend(reversed(subdirs))
    return out


def discover(targets: list[Path], cwd: Path) -> list[Found]:
    """Files under ``targets`` (absolute paths) in a stable order, each once (see :func:`with_environments`
    for the environment files)."""
    seen: dict[Path, Found] = {}
    base = find_repo_root(cwd) or cwd
    outside: set[Path] = set()
    for target in targets:
        if _lexically_inside(target, base) and _leads_outside(target, base):  # a link on the way leads out
            files = [target]
            outside.add(target)
        elif fs.is_dir(target):
            files = _walk(target, base, outside)
        elif _skip_file(target.name) or _in_skipped_folder(target, base):
            files = []
        else:
            files = [target]
        for f in files:
            if f not in seen:
                seen[f] = Found(f, display_path(f, cwd), "outside" if f in outside else _kind(f, None))
    return sorted(seen.values(), key=lambda f: f.display)


def with_environments(found: list[Found], environments: Path | None) -> list[Found]:
    """``found`` with the YAML files directly in ``environments`` (the folder dpc.yaml names) marked as
    dpc's own spec files."""
    return [Found(f.path, f.display, _kind(f.path, environments)) if f.kind == "manifest" else f for f in found]
