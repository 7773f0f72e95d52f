"""``dpc build``: what a build run shows, as the lines cli.py echoes in order (stdout, or stderr with ``err``).

Never prints and never exits: cli.py runs the build, echoes these lines and applies the exit-code rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.core.diagnostics import Result
from compiler.core.paths import display_path
from compiler.emit.runner import BuildResult
from compiler.report import failure as failure_line
from compiler.report.lint import REPORTERS
from compiler.report.lint.text import summary


@dataclass(frozen=True)
class Shown:
    text: str
    err: bool = False  # on stderr
    nl: bool = True  # a newline after it


def shown(result: BuildResult, cwd: Path, check: bool, colour: bool) -> list[Shown]:
    """The findings, the files that differ (``--check``), each product's outcome, the failures and the notes."""
    report = Result(result.diagnostics, result.files_checked, baselined=result.baselined)
    out = [Shown(REPORTERS["text"](report, colour), nl=False)]
    out += [Shown(f"{display_path(d.path, cwd)}: {d.kind}") for d in (result.differences if check else ())]
    out += [Shown(f"{display_path(p.folder, cwd)}: {p.manifests} manifests {result.status}")
            for p in (result.products if result.status in ("written", "unchanged") else ())]
    out += [Shown(failure_line.line(f), err=True) for f in result.failures]
    if result.diagnostics or result.baselined:
        out.append(Shown(summary(report), err=True))
    why = None if check else result.nothing_written()
    if why:
        out.append(Shown(f"dpc: {why}", err=True))
    if check and result.status in ("up to date", "out of date") and result.out is not None:
        out.append(Shown(f"dpc: {display_path(result.out, cwd)} is {result.status}", err=True))
    return out
