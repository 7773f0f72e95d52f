"""``dpc diff``: what a change does to DataOS, compiled from both revisions and compared resource by resource.

Import-light on purpose: gitpython, jinja2 and the build stages load inside :func:`run`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from compiler.diff.runner import DiffOptions, Outcome


def run(options: "DiffOptions") -> "Outcome":
    from compiler.diff.runner import run as _run

    return _run(options)
