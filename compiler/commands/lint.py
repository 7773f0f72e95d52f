"""``dpc lint``: the pipeline's result narrowed to the codes asked for, rendered in the chosen format.

Never prints and never exits: cli.py shows the outcome and applies the one exit-code rule.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from compiler.core import atomic
from compiler.core.diagnostics import Result
from compiler.gitrepo import git
from compiler.load import fs
from compiler.load.discover import find_repo_root
from compiler.load.overlay import OverlayFS
from compiler.pipeline import LintOptions
from compiler.pipeline import lint as run_pipeline
from compiler.project.layout import default_targets
from compiler.report.lint import REPORTERS
from compiler.rules import baseline
from compiler.rules.select import Selection

STDIN = "-"
# what a commit can change that dpc reads: manifests, and the SQL and templates they inline
STAGED_SUFFIXES = (".yaml", ".yml", ".sql", ".j2", ".jinja", ".jinja2")


@dataclass(frozen=True)
class LintRequest:
    paths: tuple[str, ...]  # as typed; empty: the repository's products and environments
    cwd: Path
    fmt: str
    colour: bool
    max_file_size: int | None = None
    selection: Selection = Selection()
    stdin: bytes | None = None  # the bytes of ``-``, linted as ``stdin_filename``
    stdin_filename: str | None = None
    progress: Callable[[int, int], None] | None = None
    staged: bool = False  # the files staged in git (as the pre-commit hook runs it), deletions included


@dataclass(frozen=True)
class LintOutcome:
    result: Result
    report: str


def default_format(environ: Mapping[str, str]) -> str:
    """GitHub annotations inside a GitHub Actions job, else text."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def _targets(request: LintRequest) -> tuple[Path, ...]:
    named = [request.stdin_filename or "" if p == STDIN else p for p in request.paths]
    return tuple(Path(os.path.abspath(request.cwd / p)) for p in named) or tuple(default_targets(request.cwd))


@dataclass(frozen=True)
class Staged:
    """What ``lint --staged`` checks: ``everything`` when nothing at all is staged (``pre-commit run
    --all-files`` on a clean tree, as CI runs it); ``files``, the staged files dpc reads (none when the
    commit only deletes some); ``nothing`` when the commit touches none of them."""

    what: Literal["everything", "files", "nothing"]
    files: tuple[Path, ...] = ()


def _staged(cwd: Path) -> Staged:
    root = find_repo_root(cwd) or cwd
    staged, deletions = git.staged_files(root), git.staged_deletions(root)
    if not staged and not deletions:
        return Staged("everything")
    written = [p for p in staged if p.lower().endswith(STAGED_SUFFIXES)]
    deleted = [p for p in deletions if p.lower().endswith(STAGED_SUFFIXES)]
    return Staged("files", tuple(root / p for p in written)) if written or deleted else Staged("nothing")


def _options(request: LintRequest) -> LintOptions | None:
    scope = _staged(request.cwd) if request.staged else Staged("everything")
    if scope.what == "nothing":
        return None
    if scope.what == "everything":
        return LintOptions(_targets(request), request.cwd, request.max_file_size, request.progress)
    # the whole repository is read (the cache makes that cheap) and only the staged files reported on, with
    # the findings that a staged deletion causes elsewhere: one resolution, however many files are staged
    return LintOptions(tuple(default_targets(request.cwd)), request.cwd, request.max_file_size, request.progress,
                       scope=scope.files)


def run(request: LintRequest) -> LintOutcome:
    options = _options(request)
    if options is None:
        result = Result((), 0)
        return LintOutcome(result, REPORTERS[request.fmt](result, request.colour))
    if request.stdin is not None and request.stdin_filename:
        with fs.use(OverlayFS({request.cwd / request.stdin_filename: request.stdin})):
            result = run_pipeline(options)
    else:
        result = run_pipeline(options)
    result = replace(result, diagnostics=request.selection.apply(result.diagnostics),
                     suppressed=tuple(s for s in result.suppressed if request.selection.keeps(s.diagnostic.code)))
    result = _baselined(result, request.cwd, options.targets, request.selection.keeps)
    return LintOutcome(result, REPORTERS[request.fmt](result, request.colour))


def _baselined(result: Result, cwd: Path, targets: tuple[Path, ...], judged: Callable[[str], bool]) -> Result:
    """The result with the findings of .dpc-baseline.json set aside (compiler.rules.baseline); stale entries
    are reported for the files under the paths linted."""
    root = find_repo_root(cwd) or cwd

    def asked(rel: str) -> bool:
        path = root / rel
        return any(path == t or t in path.parents for t in targets)

    return baseline.apply(result, root, cwd, asked, judged)


def write_output(path: Path, text: str) -> None:
    """``--output-file``: the whole report or nothing (:mod:`compiler.core.atomic`)."""
    atomic.write_text(path, text)
