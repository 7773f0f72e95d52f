"""How many processes one run may use: ``DPC_JOBS``, else both cores once the repository is large enough.

``DPC_JOBS=1`` keeps a run in one process; a larger whole number lets it use a second process whatever the
repository's size (the tests use it on small repositories); unset, empty or ``0``: dpc decides, using a
second process where the operating system can fork one, the machine has more than one core and the run
reads at least :data:`MIN_FILES` files (below that a second process costs about what it saves: BENCHMARKS.md).
A value that is no whole number is a usage error (:func:`problem`). The result is the same either way, to
the byte: only the time differs.
"""

from __future__ import annotations

import os
import sys

ENV = "DPC_JOBS"
MIN_FILES = 5000  # measured: 1.07x the wall time of one process at 1,400 files, 0.88x at 14,000 (BENCHMARKS.md)


def problem() -> str | None:
    """What is wrong with ``DPC_JOBS`` as set, or None."""
    text = os.environ.get(ENV, "").strip()
    if text and not (text.isdigit() and text.isascii()):
        return f"{ENV} must be a whole number (1: one process; unset or 0: dpc decides), not {text[:40]!r}"
    return None


def can_fork() -> bool:
    """Whether a second process can be forked here: Linux (elsewhere forking a process that loaded native
    libraries is not safe, and a spawned one would have to load the repository again)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def processes(files: int) -> int:
    """How many processes a run over ``files`` files uses: 1 or 2."""
    text = os.environ.get(ENV, "").strip()
    wanted = int(text) if text.isdigit() and text.isascii() else 0
    if wanted == 1 or not can_fork():
        return 1
    if wanted > 1:
        return 2
    return 2 if (os.cpu_count() or 1) > 1 and files >= MIN_FILES else 1
