"""The output folder: refused when unsafe, compared for --check, replaced atomically.

dpc only replaces a folder it created: one holding the ``.dpc-build`` marker. It never writes to
``/``, the home folder, the repository root or a folder holding the repository, nor to a
non-empty folder without the marker, and it writes outside the repository only when ``--out``
says so. A build is written into a temporary sibling folder, then swapped in (:mod:`compiler.emit.atomic`:
one atomic exchange, under a lock); when anything fails the temporary folder is removed and the
previous build stays as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from compiler.core import atomic as atomic_file
from compiler.emit import atomic
from compiler.load import confine
from compiler.load.discover import BUILD_MARKER

MARKER_TEXT = "This folder is written by `dpc build`; dpc replaces it on every build.\n"
INDEX = "index.json"  # each product folder's list of the files dpc wrote into it


class OutputRefused(Exception):
    """The output folder cannot be used; the message says why."""


@dataclass(frozen=True)
class Difference:
    path: Path
    kind: Literal["differs", "missing", "extra"]


def check_target(out: Path, repo_root: Path, explicit: bool) -> None:
    """Refuse an output folder that is dangerous to replace; without --out, one leading outside the repository
    (a committed ``build -> /elsewhere`` link: the one confinement test, compiler.load.confine)."""
    if not explicit and confine.problem(out, repo_root) is not None:
        raise OutputRefused(f"refusing to write the build outside the repository ({out.resolve()}); pass --out to "
                            "do so")
    out, root = out.resolve(), repo_root.resolve()
    home = Path(os.path.expanduser("~")).resolve()
    if out == Path(out.anchor) or out == home or out == root or out in root.parents:
        raise OutputRefused(f"refusing to write the build into {out}: it is the file system root, the home "
                            "folder or holds the repository")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"refusing to write the build into {out}: it is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / BUILD_MARKER).is_file():
        raise OutputRefused(f"refusing to replace {out}: the folder is not empty and was not written by dpc "
                            f"(it has no {BUILD_MARKER} marker)")


def refuse_foreign(out: Path) -> None:
    """Refuse to replace a dpc-built folder that also holds files dpc did not write."""
    foreign = foreign_files(out)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise OutputRefused(f"refusing to replace {out}: it holds files dpc did not write ({shown}); move them "
                            "out, or set another output folder (dpc.yaml 'output:', or --out)")


def refuse_sources(out: Path, sources: tuple[Path, ...]) -> None:
    """Refuse an output folder that is, holds or lies inside a source folder (a product folder)."""
    for folder in sorted(sources):
        if out == folder or folder in out.parents or out in folder.parents:
            raise OutputRefused(f"refusing to write the build into {out}: it is a source folder or lies inside or "
                                f"around the product folder {folder}; set 'output:' in dpc.yaml to a folder of "
                                "its own (default: dist)")


def _written(out: Path) -> set[str]:
    """What dpc writes into ``out``: the marker, and per product folder its index.json and the files it lists."""
    written = {BUILD_MARKER}
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink()):
        try:
            index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        written.add(f"{folder.name}/{INDEX}")
        for entry in index.get("resources", []) if isinstance(index, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                written.add(f"{folder.name}/{entry['file']}")
    return written


def foreign_files(out: Path) -> list[str]:
    """Files under a dpc-built ``out`` that dpc did not write (by the product folders' index.json), sorted."""
    if not (out / BUILD_MARKER).is_file():
        return []
    written = _written(out)
    found = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() or p.is_symlink())
    return [f for f in found if f not in written]


def _current(out: Path, products: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for product in products:
        folder = out / product
        if folder.is_dir():
            found[product] = {p.name: p.read_bytes().decode("utf-8", "replace")
                              for p in sorted(folder.iterdir()) if p.is_file()}
    return found


def differences(out: Path, products: dict[str, dict[str, str]], others_kept: bool = False) -> list[Difference]:
    """What differs between the build in memory and the folder on disk, file by file; unless ``others_kept``
    (a build of some products only), a product folder on disk the build no longer has is extra too."""
    current = _current(out, products)
    diffs: list[Difference] = []
    if not others_kept and out.is_dir():
        diffs += [Difference(p, "extra") for p in sorted(out.iterdir())
                  if p.is_dir() and not p.is_symlink() and p.name not in products]
    for product, files in sorted(products.items()):
        have = current.get(product, {})
        for name in sorted(set(files) | set(have)):
            path = out / product / name
            if name not in have:
                diffs.append(Difference(path, "missing"))
            elif name not in files:
                diffs.append(Difference(path, "extra"))
            elif have[name] != files[name]:
                diffs.append(Difference(path, "differs"))
    return sorted(diffs, key=lambda d: d.path)


def replace(out: Path, products: dict[str, dict[str, str]], keep_others: bool) -> None:
    """Write ``products`` (folder -> file -> text) as the new ``out``; other products' folders are
    carried over when ``keep_others``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic.locked(out.parent):  # concurrent builds take turns; leftovers of killed ones go first
        atomic.sweep(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.dpc-tmp-", dir=out.parent))
        try:
            os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the output is an ordinary folder
            # the marker first: a build killed at any later point leaves a folder the next one sweeps
            atomic_file.write_text(tmp / BUILD_MARKER, MARKER_TEXT)
            if keep_others and out.is_dir():
                for child in sorted(out.iterdir()):
                    if child.is_dir() and child.name not in products:
                        shutil.copytree(child, tmp / child.name, symlinks=True)
            for product, files in products.items():
                folder = tmp / product
                folder.mkdir()
                for name, text in files.items():
                    _put(folder / name, text, out / product / name)
            _swap(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _put(target: Path, text: str, previous: Path) -> None:
    """Write ``text`` at ``target``; a file the previous build already holds with the same bytes is linked
    instead, so an unchanged output keeps its inode and modification time across the swap."""
    data = text.encode("utf-8")
    try:
        if not previous.is_symlink() and previous.is_file() and previous.stat().st_size == len(data) \
                and previous.read_bytes() == data:
            os.link(previous, target)
            return
    except OSError:  # another file system, no hard links: written afresh
        pass
    atomic_file.write_text(target, text)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.rename(tmp, out)
        return
    if atomic.exchange(tmp, out):  # one step: never a moment without a complete build
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous build
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.dpc-old-", dir=out.parent))
    os.rmdir(old)
    os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
