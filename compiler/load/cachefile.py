"""The one cache file format (every file under ``.git/dpc/`` alike: the per-file and whole-result stores,
the SQL store): a header line (magic, format, context key, sha256 of the body) and a JSON body, replaced
whole through :mod:`compiler.core.atomic`. Data only: nothing is unpickled or evaluated."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from compiler.core import atomic

FORMAT = 2
MAGIC = "dpc-cache"


def write_file(path: Path, key: str, payload: Any) -> None:
    """A cache file (every file under .git/dpc/ alike): a header line (magic, format, context key, sha256
    of the body) and the JSON body, replaced whole; a cache that cannot be written only slows the next run."""
    try:
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        header = json.dumps({"magic": MAGIC, "format": FORMAT, "key": key,
                             "sha256": hashlib.sha256(body).hexdigest()}).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(path, header + b"\n" + body)
    except (OSError, ValueError, TypeError):
        pass


def read_file(path: Path, key: str) -> Any:
    """The payload of a cache file written for ``key``; None when missing, foreign or damaged."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if not (isinstance(header, dict) and header.get("magic") == MAGIC and header.get("format") == FORMAT
                and header.get("key") == key and header.get("sha256") == hashlib.sha256(body).hexdigest()):
            return None
        return json.loads(body)
    except (OSError, ValueError, RecursionError):  # a missing, foreign or damaged cache is only a slower run
        return None


def keep_newest(base: Path, pattern: str, count: int) -> None:
    """Delete all but the ``count`` most recently written cache files matching ``pattern``."""
    try:
        found = sorted(base.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in found[count:]:
            old.unlink()
        for stale in (*base.glob("*.pickle"), *base.glob(".*.pickle.*")):  # format 1: never read again
            stale.unlink()
    except OSError:
        pass
