"""``file:`` and ``sqlFile:`` paths: resolved inside the repository, read once per run.

A path resolves against the repository root first, then against the folder of the manifest
that names it (the DataOS docs never say which; every example fits the repository root).
Absolute paths, ``~`` and paths that leave the repository (``..``, or a symbolic link pointing
outside) are refused (T005); a path that names no readable UTF-8 file is T006.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.load import confine, fs

MAX_BYTES = 5 * 1024 * 1024


class IncludeProblem(Exception):
    def __init__(self, code: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def _inside(path: Path, root: Path) -> bool:
    return confine.inside(path, root)


@dataclass
class Includes:
    repo_root: Path
    cache: dict[Path, str] = field(default_factory=dict)

    def resolve(self, value: str, manifest_dir: Path, key: str) -> Path:
        text = value.strip()
        if not text:
            raise IncludeProblem("T006", f"{key} is empty")
        bad = confine.malformed(text)
        if bad is not None:
            shown = text[:60].replace("\0", "\\0") + ("..." if len(text) > 60 else "")
            raise IncludeProblem("T006", f"{key} '{shown}' names no file: the path {bad}")
        if text.startswith(("/", "~", "\\")) or Path(text).is_absolute() or (len(text) > 1 and text[1] == ":"):
            raise IncludeProblem("T005", f"{key} '{value}' is an absolute path; dpc only reads files inside the "
                                 "repository", "write the path relative to the repository root")
        root = fs.resolve(self.repo_root)
        for base in (self.repo_root, manifest_dir):
            candidate = fs.resolve(base / text)
            if not _inside(candidate, root):
                raise IncludeProblem("T005", f"{key} '{value}' leaves the repository", "keep included files inside "
                                     "the repository and write their paths relative to its root")
            if fs.is_file(candidate):
                return candidate
        folder = fs.resolve(manifest_dir)
        shown = folder.relative_to(root).as_posix() if _inside(folder, root) else "."
        raise IncludeProblem("T006", f"{key} '{value}' names no file (looked in the repository root and in "
                             f"{shown or '.'}/)", "paths are relative to the repository root")

    def read(self, path: Path, key: str, value: str) -> str:
        if path in self.cache:
            fs.depends_on(path)  # what reads it now depends on it as much as the first reader did
            return self.cache[path]
        try:
            if fs.size(path) > MAX_BYTES:
                raise IncludeProblem("T006", f"{key} '{value}' is larger than {MAX_BYTES:,} bytes")
            text = fs.read_bytes(path).decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise IncludeProblem("T006", f"{key} '{value}' is not UTF-8 text") from None
        except OSError as err:
            raise IncludeProblem("T006", f"{key} '{value}' cannot be read: {err.strerror or err}") from None
        self.cache[path] = text
        return text

    def load(self, value: str, manifest_dir: Path, key: str) -> tuple[Path, str]:
        path = self.resolve(value, manifest_dir, key)
        return path, self.read(path, key, value)
