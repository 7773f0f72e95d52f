"""``dpc lint --fix`` and ``--diff``: lint, fix what the registry can (compiler.fix), lint the fixed text
again, until nothing more is fixed; then write the files (``--fix``) or show the diff (``--diff``).

Every pass after the first lints the fixed texts from memory (an overlay of the working tree), so
``--diff`` writes nothing and ``--fix`` writes each file once, at the end, atomically. A fix may make
another possible (a key renamed into a schema that then names the next typo), so the passes go on
until one fixes nothing: a second ``--fix`` finds nothing to do. With ``-`` (stdin) only the stdin
text is fixed; it is never written anywhere but to stdout.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from compiler.commands.lint import STDIN, LintOutcome, LintRequest
from compiler.commands.lint import run as lint
from compiler.core.diagnostics import Diagnostic
from compiler.core.words import plural
from compiler.fix import files
from compiler.fix.apply import fix_text, fixable
from compiler.fix.udiff import unified
from compiler.load import fs, records, stores
from compiler.load.discover import find_repo_root
from compiler.load.overlay import OverlayFS

MAX_PASSES = 10


@dataclass(frozen=True)
class Change:
    path: Path  # absolute, as linted
    shown: str  # as the findings show it
    before: bytes
    after: bytes


@dataclass(frozen=True)
class FixOutcome:
    lint: LintOutcome  # the last pass: what remains
    changes: tuple[Change, ...]
    fixed: int
    refused: tuple[str, ...]  # "PATH not fixed: why", one line each
    stdin: bytes | None = None  # the fixed stdin text, for ``-``

    def note(self) -> str:
        return f"{self.fixed} fixed, {len(self.lint.result.diagnostics)} remaining"

    def would(self) -> str:
        """The ``--diff`` summary: what --fix would do."""
        return (f"would fix {plural(self.fixed, 'finding')} in {plural(len(self.changes), 'file')}; "
                f"{len(self.lint.result.diagnostics)} would remain")

    def diff(self) -> str:
        return "".join(unified(c.shown, c.before.decode("utf-8"), c.after.decode("utf-8")) for c in self.changes)


def _stdin_path(request: LintRequest) -> Path | None:
    if STDIN not in request.paths or request.stdin is None or not request.stdin_filename:
        return None
    return Path(os.path.abspath(request.cwd / request.stdin_filename))


def _relint(request: LintRequest, texts: dict[Path, bytes], stdin: Path | None) -> LintOutcome:
    quiet = replace(request, progress=None)
    if stdin is not None:
        return lint(replace(quiet, stdin=texts.get(stdin, request.stdin)))
    with fs.use(OverlayFS(texts)):
        return lint(quiet)


def run(request: LintRequest, write: bool) -> FixOutcome:
    stdin = _stdin_path(request)
    root = find_repo_root(request.cwd) or request.cwd
    outcome = lint(request)
    texts: dict[Path, bytes] = {}  # the fixed bytes so far
    originals: dict[Path, bytes] = {}
    shown: dict[Path, str] = {}
    refused: dict[Path, str] = {}
    fixed = 0
    for _ in range(MAX_PASSES):
        by_file = _by_file(outcome, request, stdin)
        for path, found in by_file.items():
            shown.setdefault(path, found[0].position.path)
        done = 0
        for path, found in sorted(by_file.items()):
            why = None if stdin is not None else refused.get(path) or files.refusal(path, root)
            if why is not None:
                refused[path] = why
                continue
            data = texts.get(path) or originals.get(path) or (request.stdin if path == stdin else _read(path))
            if data is None:
                continue
            text = _text(data)
            if text is None:
                continue
            result = fix_text(text, found)
            if result.applied:
                originals.setdefault(path, data)
                texts[path] = result.text.encode("utf-8")
                done += len(result.applied)
        if not done:
            break
        fixed += done
        outcome = _relint(request, texts, stdin)
    changes = tuple(Change(p, shown[p], originals[p], texts[p]) for p in sorted(texts) if texts[p] != originals[p])
    failed = [f"{c.shown} not fixed: {why}" for c in changes if write and stdin is None
              and (why := files.write(c.path, c.before, c.after))]
    notes = tuple(sorted(f"{shown[p]} not fixed: {why}" for p, why in refused.items()))
    if failed:  # what the report says holds only for the files written: the rest is a failure (exit 2)
        outcome = replace(outcome, result=replace(outcome.result, failures=(*outcome.result.failures, *failed)))
    return FixOutcome(outcome, changes, fixed, notes, texts.get(stdin, request.stdin) if stdin else None)


def fixable_now(outcome: LintOutcome, request: LintRequest) -> int:
    """How many of the findings ``--fix`` would fix in its first pass: the plain summary's "N fixable".
    A file's count is a function of its bytes and its findings alone, kept under their digest (the
    cache's :class:`compiler.load.stores.Counts`): a warm run composes no YAML to count."""
    root = find_repo_root(request.cwd) or request.cwd
    stdin = _stdin_path(request)
    counts = stores.Counts.open(root, "fixable")
    count = 0
    for path, found in _by_file(outcome, request, stdin).items():
        if stdin is None and files.refusal(path, root) is not None:
            continue
        data = request.stdin if path == stdin else _read(path)
        text = _text(data) if data is not None else None
        if data is not None and text is not None:
            count += counts.get(_digest(data, found), partial(_count, text, found))
    counts.save()
    return count


def _count(text: str, found: list[Diagnostic]) -> int:
    return len(fix_text(text, found).applied)


def _digest(data: bytes, found: list[Diagnostic]) -> str:
    """What a file's fixable count depends on: its bytes and its findings (dpc's code is the store's key)."""
    findings = json.dumps([records.diagnostic_to_json(d) for d in found], ensure_ascii=False)
    return hashlib.sha256(f"{fs.blob_id(data)}\0{findings}".encode("utf-8", "surrogateescape")).hexdigest()


def _by_file(outcome: LintOutcome, request: LintRequest, stdin: Path | None) -> dict[Path, list[Diagnostic]]:
    """The findings a fixer answers, by file (only the stdin text's with ``-``), in path order."""
    by_file: dict[Path, list[Diagnostic]] = defaultdict(list)
    for d in fixable(outcome.result.diagnostics):
        path = Path(os.path.abspath(request.cwd / d.position.path))
        if stdin is None or path == stdin:
            by_file[path].append(d)
    return dict(sorted(by_file.items()))


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _read(path: Path) -> bytes | None:
    try:
        return fs.read_bytes(path)
    except OSError:
        return None
