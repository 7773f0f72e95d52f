"""What a side knows besides its manifests: where each resource is defined, the files that are part of
a resource without being a manifest (a lens's model), and the source files it could not compile.

Read with the side's file system active. A lens's model is the folder its ``lens.repo.lensBaseDir``
names, matched from its end against the repository (``acme/dataos/products/x/lens/model`` is
``products/x/lens/model``), else the ``model`` folder beside the lens manifest: every file under it,
by path, goes into the lens's compared text, so a changed table, view, SQL file or user group shows
as a change of the lens.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from compiler.core.diagnostics import Diagnostic, Severity
from compiler.diff.model import NotCompiled
from compiler.diff.units import Context, Key
from compiler.emit.runner import Compiled
from compiler.load import fs
from compiler.model import Resource, SourceFile
from compiler.schema.manifest import is_manifest

# findings that leave a file without YAML to read, or a manifest without a known type and version
NOT_COMPILED = frozenset({"Y001", "Y003", "Y005", "Y006", "Y008", "Y009", "Y010", "Y011", "Y012",
                          "S001", "S002", "S012"})
MODEL_FOLDER = "model"


@dataclass(frozen=True)
class Side:
    context: Context
    not_compiled: tuple[NotCompiled, ...]
    defining: frozenset[str]  # display paths of files that define a compiled resource (product.yaml too)
    foreign: frozenset[str] = frozenset()  # display paths of YAML files that hold no DataOS manifest


def key_of(r: Resource) -> Key:
    return (r.type, r.name, r.workspace or "")


def _stopper(f: SourceFile) -> Diagnostic | None:
    """The finding that kept (part of) ``f`` from compiling: a NOT_COMPILED one, else the first error of a
    file with more manifests than identified resources (a manifest without its version...)."""
    errors = [d for d in f.diagnostics if d.severity >= Severity.ERROR]
    found = next((d for d in errors if d.code in NOT_COMPILED), None)
    manifests = sum(1 for doc in f.parsed.documents if is_manifest(doc.data)) if f.parsed else 0
    return found or (errors[0] if errors and manifests > len(f.resources) else None)


def _walk(folder: Path) -> Iterator[Path]:
    for path in fs.iterdir(folder):
        if path.name.startswith("."):
            continue
        if fs.is_dir(path):
            yield from _walk(path)
        elif fs.is_file(path):
            yield path


def model_folder(r: Resource, manifest: Path, root: Path) -> Path | None:
    repo = (r.data.get("lens") or {}).get("repo") if isinstance(r.data.get("lens"), dict) else None
    base = repo.get("lensBaseDir") if isinstance(repo, dict) else None
    if isinstance(base, str) and base.strip("/"):
        parts = PurePosixPath(base.strip("/")).parts
        for i in range(len(parts)):
            candidate = root.joinpath(*parts[i:])
            if ".." not in parts[i:] and fs.is_dir(candidate):
                return candidate
    beside = manifest.parent / MODEL_FOLDER
    return beside if fs.is_dir(beside) else None


def _model(r: Resource, manifest: Path, root: Path) -> tuple[tuple[str, str], ...]:
    folder = model_folder(r, manifest, root)
    if folder is None:
        return ()
    out = []
    for path in _walk(folder):
        try:
            text = fs.read_bytes(path).decode("utf-8", "replace")
        except OSError as err:
            text = f"(unreadable: {err.strerror or err})\n"
        out.append((path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix(), text))
    return tuple(out)


def side(made: Compiled | None, label: str) -> Side:
    """What ``made`` knows, ``label`` being "base" or "head"."""
    if made is None:
        return Side(Context(), (), frozenset())
    sources: dict[Key, str] = {}
    attached: dict[Key, tuple[tuple[str, str], ...]] = {}
    stopped = []
    foreign = set()
    for f in made.repository.files:
        stop = _stopper(f)
        if stop is not None:
            stopped.append(NotCompiled(label, f.display, f"{stop.code} {stop.message}"))
        elif not f.resources:
            foreign.add(f.display)
        for r in f.resources:
            sources.setdefault(key_of(r), f.display)
            if r.type == "lens":
                attached.setdefault(key_of(r), _model(r, f.found.path, made.repository.root))
    for built in made.built.values():
        for b in built:
            kind, _, rest = b.identity.partition(":")
            name, _, ws = rest.partition(":")[2].partition(":")
            sources.setdefault((kind, name, ws), b.document.path)
    defining = frozenset(sources.values())
    return Side(Context(sources, attached), tuple(sorted(stopped, key=lambda n: n.path)), defining,
                frozenset(foreign) - defining)
