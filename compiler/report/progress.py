"""A file counter on stderr for long runs, so a big repository does not look hung.

Shown only when stderr is a terminal and the run reads more than ``THRESHOLD`` files; it
redraws one line with ``\\r`` and erases it at the end, so the summary line that follows
starts clean. Pipes, CI logs and pre-commit never see it, and stdout is never touched.
"""

from __future__ import annotations

from typing import TextIO

THRESHOLD = 200
EVERY = 25  # files between redraws
CLEAR = "\r\x1b[K"


class Progress:
    def __init__(self, stream: TextIO, threshold: int = THRESHOLD, enabled: bool = True):
        try:
            self.enabled = enabled and stream.isatty()
        except (AttributeError, ValueError):
            self.enabled = False
        self.stream = stream
        self.threshold = threshold
        self.shown = False

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total <= self.threshold or done % EVERY:
            return
        self.stream.write(f"\rdpc: reading files {done}/{total}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write(CLEAR)
            self.stream.flush()
            self.shown = False
