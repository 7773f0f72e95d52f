"""The garbage collector during a diff: each full collection's survivors are left alone by the next ones.

A diff builds a whole repository on each side, and its heap grows to more than a million objects. The
collector's full collection walks every object the process holds each time the heap has grown by a
quarter, so it walked the growing repository about twenty times per diff (8-13 s of a 50-100 s diff at
1,000 products, measured with ``gc.callbacks``). Within :func:`survivors_frozen`, what survives a full
collection is moved to the collector's permanent generation (``gc.freeze``): a later full collection
walks only what was made since. Nothing else changes: objects are still freed when their last reference
goes, and young cycles are still collected; a cycle among frozen objects that becomes garbage waits for
:func:`thaw` (called when a side's repository is let go) or the end of the diff.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


@contextmanager
def survivors_frozen() -> Iterator[None]:
    """Within: each full collection's survivors are frozen; on the way out every frozen object goes back to
    the collector (as :func:`gc.unfreeze` leaves them). Inside another one: that one's."""
    if _freeze_survivors in gc.callbacks:
        yield
        return
    gc.callbacks.append(_freeze_survivors)
    try:
        yield
    finally:
        gc.callbacks.remove(_freeze_survivors)
        thaw()


def thaw() -> None:
    """Every frozen object back to the collector: garbage among them (a repository let go) is collected by
    the next full collection."""
    gc.unfreeze()
