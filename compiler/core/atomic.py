"""The one way dpc writes a file: whole or not at all.

The bytes go to a hidden sibling (``.NAME.dpc-PID-N``, created exclusively, with the permissions an
ordinary new file gets), which then replaces ``path`` in one ``os.replace``: a reader, a crash or a
full disk never leaves half a report, environment file or manifest behind. The sibling is removed
when anything fails. (A whole output folder is swapped by :mod:`compiler.emit.atomic`.)
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

_COUNTER = itertools.count()


def write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` by a file holding ``data``, in one step; with ``mode`` (permission bits) when given
    (``lint --fix`` keeps the mode of the file it rewrites)."""
    tmp = path.with_name(f".{path.name}.dpc-{os.getpid()}-{next(_COUNTER)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """:func:`write_bytes` of ``text`` as UTF-8, with the line ends it has (never translated)."""
    write_bytes(path, text.encode("utf-8"))
