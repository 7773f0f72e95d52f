"""The values every stage produces: positions, diagnostics and the result of a run."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from compiler.core.codes import rule
from compiler.core.severity import Severity

__all__ = ["Diagnostic", "Failure", "Position", "Result", "Severity", "Suppressed"]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a file; line and column are 1-based, as editors count them."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding. Codes come from :mod:`compiler.core.codes`; the severity may be overridden by config."""

    code: str
    severity: Severity
    message: str
    position: Position
    hint: str | None = None
    related: tuple[Position, ...] = ()

    @classmethod
    def of(cls, code: str, message: str, position: Position, hint: str | None = None,
           related: tuple[Position, ...] = ()) -> Diagnostic:
        """The finding ``code`` at ``position``, with the severity the codes table gives it."""
        return cls(code, rule(code).severity, message, position, hint, related)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        p = self.position
        return (p.path, p.line, p.col, self.code, self.message)


@dataclass(frozen=True)
class Suppressed:
    """A finding an inline ``# dpc: ignore[CODE] reason`` silenced: not reported, carried for SARIF."""

    diagnostic: Diagnostic
    reason: str
    at: Position  # where the suppression comment is


@dataclass(frozen=True)
class Failure:
    """Why a run could not be done (exit 2): one line, and the G code when the codes table has one."""

    message: str
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.code} {self.message}" if self.code else self.message


@dataclass(frozen=True)
class Result:
    """What a lint run hands to a reporter."""

    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    documents_checked: int = 0
    failures: tuple[str, ...] = ()  # internal errors, one line each naming the file: exit 2
    base: str = ""  # the working folder relative to the repository root ('' at the root), '/'-separated
    baselined: tuple[Diagnostic, ...] = ()  # findings the baseline holds (compiler.rules.baseline): never fail
    baseline: str | None = None  # the baseline file shown, when one is in use
    suppressed: tuple[Suppressed, ...] = ()  # silenced inline (compiler.rules.suppress): never fail nor shown

    def repo_path(self, path: str) -> str:
        """A finding's path (relative to the working folder) as a path from the repository root."""
        if path.startswith("/") or not self.base:
            return path
        return posixpath.normpath(posixpath.join(self.base, path))

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)
