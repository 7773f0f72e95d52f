"""The walk's skipped folders (built by dpc, lens models, Helm charts) judged from each folder's own listing
(compiler/load/discover.py ``_marked``): the same files as asking the file system for every marker of every
folder, which it replaced, over random trees with markers as files, folders, links and dangling links, names in
another case, hidden and tool folders, and links inside and out of the repository."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.load import discover, fs
from compiler.load.discover import (
    BUILD_MARKER,
    HELM_CHART_MARKERS,
    LENS_MODEL_MARKERS,
    SKIP_DIRS,
    _leads_outside,
    _skip_file,
)

DIRS = ["model", "sub", "p", ".hidden", "node_modules", "build"]
FILES = ["a.yaml", "b.yml", "Chart.yaml", "chart.yaml", "Chart.yml", BUILD_MARKER, "tables", "user_groups.yml",
         "views", "x.sql"]


def _asked(folder: str) -> bool:
    """The rule as it was: every marker asked of the file system."""
    name = os.path.basename(folder)
    if name.startswith(".") or name in SKIP_DIRS or fs.exists(os.path.join(folder, BUILD_MARKER)):
        return True
    if name == "model" and any(fs.exists(os.path.join(folder, m)) for m in LENS_MODEL_MARKERS):
        return True
    return any(fs.exists(os.path.join(folder, m)) for m in HELM_CHART_MARKERS)


def _walked(folder: Path, base: Path) -> list[Path]:
    """The walk as it was, with :func:`_asked` deciding each folder before it is entered."""
    out: list[Path] = []
    stack = [(folder, fs.realpath(folder))]
    walked = {stack[0][1]}
    while stack:
        current, real = stack.pop()
        try:
            entries = sorted(fs.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            link = entry.is_symlink()
            if fs.entry_is_dir(entry):
                if _asked(entry.path):
                    continue
                if link and _leads_outside(entry.path, base):
                    out.append(Path(entry.path))
                    continue
                target = fs.realpath(entry.path) if link else os.path.join(real, entry.name)
                if target not in walked:
                    walked.add(target)
                    subdirs.append((Path(entry.path), target))
            elif not _skip_file(entry.name):
                out.append(Path(entry.path))
        stack.extend(reversed(subdirs))
    return out


NODE = st.recursive(st.sampled_from(FILES).map(lambda f: ("file", f)),
                    lambda kids: st.tuples(st.just("dir"), st.sampled_from(DIRS), st.lists(kids, max_size=4)),
                    max_leaves=14)
LINKS = st.lists(st.tuples(st.sampled_from(FILES + DIRS), st.sampled_from(["in", "out", "nowhere", "dir"])),
                 max_size=4)


def _make(folder: Path, nodes: list, links: list, outside: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for node in nodes:
        if node[0] == "file":
            (folder / node[1]).write_text("a: 1\n", encoding="utf-8")
        else:
            (folder / node[1]).mkdir(exist_ok=True)
            _make(folder / node[1], node[2], [], outside)
    for name, where in links:
        path = folder / name
        if not os.path.lexists(path):
            target = {"in": folder, "out": outside, "nowhere": folder / "missing", "dir": folder.parent}[where]
            path.symlink_to(target)


@settings(max_examples=60, deadline=None)
@given(st.lists(NODE, max_size=5), LINKS, LINKS)
def test_the_same_files_as_asking_every_marker(nodes, links, deeper):
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "repo"
        (Path(tmp) / "outside").mkdir()
        (Path(tmp) / "outside" / "o.yaml").write_text("a: 1\n", encoding="utf-8")
        _make(base / "products", nodes, links, Path(tmp) / "outside")
        _make(base / "products" / "sub", [("file", "a.yaml")], deeper, Path(tmp) / "outside")
        (base / ".git").mkdir()
        found = discover.discover([base / "products"], base)
        assert [f.path for f in found] == sorted(_walked(base / "products", base),
                                                 key=lambda p: discover.display_path(p, base))
        shutil.rmtree(base)
