"""``dpc build``: high-level product specs -> fully expanded, canonical DataOS manifests.

Stages: lint (parse, expand, validate, resolve) -> per product: generate or inline ->
order -> validate what is emitted -> canonical YAML + index -> atomic write or --check.
Import-light on purpose: jinja2 and the stages load inside :func:`run`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from compiler.build.runner import BuildOptions, BuildResult


def run(options: "BuildOptions") -> "BuildResult":
    from compiler.build.runner import run as _run

    return _run(options)
