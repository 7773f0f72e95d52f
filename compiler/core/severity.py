"""How bad a finding is; ordered so that ``max()`` gives the worst."""

from __future__ import annotations

import enum


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` gives the worst finding."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]
