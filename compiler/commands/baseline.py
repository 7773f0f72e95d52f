"""``dpc baseline``: record today's findings of lint and build in ``.dpc-baseline.json``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.core import atomic
from compiler.emit.runner import BuildOptions, Compiled, compile_products
from compiler.load import fs
from compiler.load.discover import find_repo_root
from compiler.pipeline import LintOptions, lint_repository
from compiler.project.layout import default_targets
from compiler.rules import baseline


@dataclass(frozen=True)
class Recorded:
    path: Path
    findings: int
    files: int


def record(cwd: Path, environment: str | None = None) -> Recorded:
    """Write the baseline of every finding ``dpc lint`` and ``dpc build`` give today."""
    root = find_repo_root(cwd) or cwd
    lint_result, _ = lint_repository(LintOptions(tuple(default_targets(cwd)), cwd))
    runs = [lint_result.diagnostics]
    compiled = compile_products(BuildOptions(cwd, environment))
    if isinstance(compiled, Compiled):  # else a usage error of the build: the lint findings alone
        runs.append(compiled.diagnostics)
    found = baseline.merge(*runs, root=root, cwd=cwd)
    path = root / baseline.FILE
    text = baseline.render(found, root, cwd)
    if not (fs.is_file(path) and fs.read_text(path) == text):
        atomic.write_text(path, text)
    return Recorded(path, len(found), len({d.position.path for d in found}))
