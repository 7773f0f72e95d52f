"""The last step of every run: dpc.yaml's rule settings and inline suppressions, in one place.

An inline suppression is a YAML comment ``# dpc: ignore[CODE] reason`` (or
``ignore[CODE1,CODE2]``). At the end of a line it covers that line; on a line of its own it
covers the next line that is neither blank nor a comment. It is accountable: one without a
reason is reported (P002, it still applies), one that silences nothing is reported (P003),
and so is a code dpc does not have (P004). Settings apply first (``off`` drops a code, so
an inline ignore of it counts as unused), then suppressions, then severity overrides.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from compiler.core.codes import RULES
from compiler.core.diagnostics import Diagnostic, Position, Severity, Suppressed
from compiler.core.suggest import did_you_mean
from compiler.project.config import OFF, Config

DIRECTIVE = re.compile(r"(?:^|(?<=\s))#\s*dpc:\s*ignore\[([^\]]*)\][ \t]*(.*)$")
OWN_CODES = frozenset({"P002", "P003", "P004"})  # findings about suppressions cannot be suppressed inline


@dataclass(frozen=True)
class Suppression:
    position: Position  # where the comment starts
    codes: tuple[str, ...]
    reason: str
    target: int | None  # the line it covers


def _next_content(lines: list[str]) -> list[int | None]:
    """For each line index, the 1-based number of the first line after it that is neither blank nor a comment.

    One pass from the end: a file of comment-only suppressions costs its length, not its square."""
    out: list[int | None] = [None] * len(lines)
    following: int | None = None
    for j in range(len(lines) - 1, -1, -1):
        out[j] = following
        stripped = lines[j].strip()
        if stripped and not stripped.startswith("#"):
            following = j + 1
    return out


def scan(path: str, text: str) -> list[Suppression]:
    """Every suppression comment of one file."""
    if "dpc:" not in text:
        return []
    lines = text.splitlines()
    following: list[int | None] | None = None
    out = []
    for i, line in enumerate(lines):
        m = DIRECTIVE.search(line)
        if m is None:
            continue
        codes = tuple(c.strip() for c in m.group(1).split(",") if c.strip())
        if line[: m.start()].strip():
            target: int | None = i + 1
        else:
            following = following or _next_content(lines)
            target = following[i]
        out.append(Suppression(Position(path, i + 1, m.start() + 1), codes, m.group(2).strip(), target))
    return out


def _inline(diagnostics: list[Diagnostic], suppressions: list[Suppression]
            ) -> tuple[list[Diagnostic], list[Suppressed]]:
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for s in suppressions:
        if s.target is not None:
            by_line.setdefault((s.position.path, s.target), []).append(s)
    used: set[tuple[Position, str]] = set()
    kept = []
    silenced = []
    for d in diagnostics:
        hits = [s for s in by_line.get((d.position.path, d.position.line), ()) if d.code in s.codes]
        if hits and d.code not in OWN_CODES:
            used.update((s.position, d.code) for s in hits)
            silenced.append(Suppressed(d, hits[0].reason, hits[0].position))
        else:
            kept.append(d)
    for s in suppressions:
        shown = f"ignore[{','.join(s.codes)}]"
        if not s.reason:
            kept.append(Diagnostic.of("P002", f"{shown} gives no reason", s.position,
                                      f"write why after the brackets: # dpc: {shown} <reason>"))
        for code in s.codes:
            if code not in RULES:
                kept.append(Diagnostic.of("P004", f"{shown}: dpc has no code '{code}'{did_you_mean(code, RULES)}",
                                          s.position, "'dpc rules' lists every code"))
            elif (s.position, code) not in used:
                where = f"line {s.target}" if s.target else "the end of the file"
                kept.append(Diagnostic.of("P003", f"{shown} suppresses nothing: no {code} finding on {where}",
                                          s.position, "delete the comment, or move it next to the finding"))
    return kept, silenced


Where = Callable[[str], str | None]  # a finding's display path -> its path from the repository root


def _setting(d: Diagnostic, config: Config, where: Where) -> str | None:
    """dpc.yaml's setting for ``d`` (its file's path worked out only when overrides could apply)."""
    return config.setting(d.code, where(d.position.path) if config.overrides else None)


def _configured(diagnostics: Iterable[Diagnostic], config: Config, where: Where) -> list[Diagnostic]:
    out = []
    for d in diagnostics:
        setting = _setting(d, config, where)
        if setting == OFF:
            continue
        if setting is not None and setting != d.severity.label:
            d = dataclasses.replace(d, severity=Severity.parse(setting))
        out.append(d)
    return out


def apply(diagnostics: Iterable[Diagnostic], config: Config, texts: Mapping[str, str], where: Where
          ) -> list[Diagnostic]:
    """Settings and suppressions applied to a run's findings; ``texts`` maps display path -> file text,
    ``where`` a display path to the path dpc.yaml's ``overrides`` match."""
    return apply_all(diagnostics, config, texts, where)[0]


def apply_all(diagnostics: Iterable[Diagnostic], config: Config, texts: Mapping[str, str], where: Where
              ) -> tuple[list[Diagnostic], list[Suppressed]]:
    """:func:`apply`, and the findings the inline suppressions silenced (with their severity settings)."""
    kept = [d for d in diagnostics if _setting(d, config, where) != OFF]
    suppressions = [s for path, text in texts.items() for s in scan(path, text)]
    shown, silenced = _inline(kept, suppressions)
    configured = _configured([s.diagnostic for s in silenced], config, where)
    return _configured(shown, config, where), [dataclasses.replace(s, diagnostic=d)
                                               for s, d in zip(silenced, configured, strict=True)]
