"""Gradual adoption: ``.dpc-baseline.json`` records today's findings so that only new ones fail.

An entry is a finding's code, its file (from the repository root) and a fingerprint of its content:
a hash of the code, the file and the message with every number left out, so an entry survives edits
elsewhere in the file (lines moving) but not a change of the finding itself. Equal findings in one
file are counted, one entry each. ``dpc lint`` and ``dpc build`` then report only findings the
baseline does not hold, say how many baselined ones remain, and report each entry that no longer
occurs (P020) so that the file shrinks as findings are fixed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from compiler.core.codes import rule
from compiler.core.diagnostics import Diagnostic, Position, Result
from compiler.load import fs

FILE = ".dpc-baseline.json"
VERSION = 1
Key = tuple[str, str, str]  # code, file from the repository root, fingerprint


@dataclass(frozen=True)
class Entry:
    key: Key
    message: str
    line: int  # in the baseline file


@dataclass(frozen=True)
class Split:
    new: tuple[Diagnostic, ...]
    baselined: tuple[Diagnostic, ...]
    stale: tuple[Entry, ...]


def _from_root(shown: str, root: Path, cwd: Path) -> str:
    path = Path(shown) if os.path.isabs(shown) else cwd / shown
    try:
        return Path(os.path.normpath(path)).relative_to(root).as_posix()
    except ValueError:
        return Path(shown).as_posix()


def key(d: Diagnostic, root: Path, cwd: Path) -> Key:
    file = _from_root(d.position.path, root, cwd)
    content = re.sub(r"\d+", "#", d.message)
    digest = hashlib.sha256(f"{d.code}\0{file}\0{content}".encode()).hexdigest()[:16]
    return (d.code, file, digest)


def load(root: Path) -> tuple[Entry, ...] | None:
    """The baseline's entries, or None when the repository has none (or it cannot be read)."""
    path = root / FILE
    if not fs.is_file(path):
        return None
    try:
        text = fs.read_text(path)
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    lines = text.splitlines()
    out = []
    for item in data.get("findings", []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("code", "file", "fingerprint")):
            line = next((n for n, t in enumerate(lines, 1) if item["fingerprint"] in t), 1)
            out.append(Entry((item["code"], item["file"], item["fingerprint"]), str(item.get("message", "")), line))
    return tuple(out)


def split(diagnostics: Iterable[Diagnostic], entries: tuple[Entry, ...], root: Path, cwd: Path) -> Split:
    left = Counter(e.key for e in entries)
    new, kept = [], []
    for d in diagnostics:
        k = key(d, root, cwd)
        if left[k] > 0:
            left[k] -= 1
            kept.append(d)
        else:
            new.append(d)
    stale = []
    for e in entries:
        if left[e.key] > 0:
            left[e.key] -= 1
            stale.append(e)
    return Split(tuple(new), tuple(kept), tuple(stale))


def stale_findings(stale: Iterable[Entry], shown: str) -> list[Diagnostic]:
    return [Diagnostic("P020", rule("P020").severity, f"baseline entry {e.key[0]} in {e.key[1]} no longer occurs "
                       f"({e.message})", Position(shown, e.line, 1),
                       "run dpc baseline to drop it, so the baseline only holds findings that remain")
            for e in stale]


def apply(result: Result, root: Path, cwd: Path, asked: Callable[[str], bool],
          judged: Callable[[str], bool] = lambda code: True) -> Result:
    """The lint result with baselined findings moved aside and stale entries reported: those of files
    ``asked`` about (by their path from the repository root) and of codes the run ``judged`` (``--select`` /
    ``--ignore``: an entry of a code the run did not look for is not stale; ``--ignore P020`` hides them)."""
    entries = load(root)
    if entries is None:
        return result
    found = split(result.diagnostics, entries, root, cwd)
    shown = os.path.relpath(root / FILE, cwd).replace(os.sep, "/")
    # build findings (T) are judged by dpc build, which lint does not run
    stale = stale_findings([e for e in found.stale if asked(e.key[1]) and not e.key[0].startswith("T")
                            and judged(e.key[0])], shown) if judged("P020") else []
    return replace(result, diagnostics=tuple(sorted([*found.new, *stale], key=Diagnostic.sort_key)),
                   baselined=found.baselined, baseline=shown)


def render(diagnostics: Iterable[Diagnostic], root: Path, cwd: Path) -> str:
    """The baseline file for ``diagnostics``: one entry a line, sorted, so that its diffs read well."""
    rows = sorted((key(d, root, cwd), d.message) for d in diagnostics)
    lines = [json.dumps({"code": k[0], "file": k[1], "fingerprint": k[2], "message": m}, ensure_ascii=False)
             for k, m in rows]
    body = "\n    " + ",\n    ".join(lines) + "\n  " if lines else ""
    about = "findings recorded by dpc baseline; dpc lint and dpc build fail only on findings not listed here"
    return f'{{\n  "version": {VERSION},\n  "about": "{about}",\n  "findings": [{body}]\n}}\n'


def merge(*runs: Iterable[Diagnostic], root: Path, cwd: Path) -> list[Diagnostic]:
    """The findings of several runs (lint, build) once each: per key, as many as the run with most."""
    best: dict[Key, list[Diagnostic]] = {}
    for run in runs:
        mine: dict[Key, list[Diagnostic]] = {}
        for d in run:
            mine.setdefault(key(d, root, cwd), []).append(d)
        for k, ds in mine.items():
            if len(ds) > len(best.get(k, [])):
                best[k] = ds
    return [d for ds in best.values() for d in ds]
