"""What graph renderers share: mermaid ids and labels, dot quoting. One place for the escaping, so a name
from a manifest can never break out of a label in any graph format."""

from __future__ import annotations

import re


class MermaidIds:
    """Stable, unique, sanitised mermaid ids: the first key to claim a sanitised id keeps it, the next get
    ``_2``, ``_3``... (claim them in a fixed order for a stable result)."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self.used: set[str] = set()

    def __call__(self, prefix: str, key: str) -> str:
        full = prefix + key
        if full not in self.ids:
            base = prefix + re.sub(r"[^A-Za-z0-9]+", "_", key).strip("_")
            candidate, k = base, 2
            while candidate in self.used:
                candidate, k = f"{base}_{k}", k + 1
            self.used.add(candidate)
            self.ids[full] = candidate
        return self.ids[full]


def label(text: str) -> str:
    """Text inside a mermaid ``["..."]`` or ``|"..."|``."""
    return text.replace('"', "#quot;")


def quote(text: str) -> str:
    """A dot string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
