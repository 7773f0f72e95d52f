"""One file from disk (through the fs seam) to parsed YAML documents, every problem a diagnostic."""

from __future__ import annotations

from compiler.core.diagnostics import Diagnostic, Position
from compiler.load import fs
from compiler.load.discover import Found, link_leaves_repository
from compiler.load.yamlload import ParsedFile, decode, parse_text

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def read(found: Found, max_bytes: int) -> tuple[ParsedFile | None, list[Diagnostic]]:
    """Read, decode and parse one file; every problem comes back as a diagnostic."""
    def fail(code: str, message: str) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic.of(code, message, Position(found.display))]

    if found.kind == "outside" or (fs.is_link(found.path) and link_leaves_repository(found.path)):
        what = "folder" if fs.is_dir(found.path) else "file"
        return fail("Y012", f"the {what} is a symbolic link leading outside the repository; not read")
    if not fs.is_file(found.path) and fs.exists(found.path) and not fs.is_dir(found.path):
        return fail("Y014", "not a regular file (a named pipe, socket or device); not read")
    try:
        size = fs.size(found.path)
        if size > max_bytes:
            return fail("Y009", f"the file has {size:,} bytes, more than the limit of {max_bytes:,}")
        raw = fs.read_bytes(found.path)
    except OSError as err:
        return fail("Y011", f"cannot read the file: {err.strerror or err}")
    text, problem = decode(found.display, raw)
    if text is None:
        return None, [problem] if problem is not None else []
    parsed = parse_text(found.display, text)
    return parsed, list(parsed.diagnostics)
