"""The enumerated values several stages share, as ``Literal`` types a type checker holds them to."""

from __future__ import annotations

from typing import Literal

Scope = Literal["workspace", "instance"]  # where a DataOS resource type lives (catalog.json "scope")

# What discovery found: a YAML file that may hold DataOS manifests, one of dpc's own spec files
# (dpc.yaml, environments, product.yaml, platform.yaml), or a symbolic link leading out of the
# repository (reported, never read).
FoundKind = Literal["manifest", "spec", "outside"]
