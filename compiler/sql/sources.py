"""Where a piece of SQL is written: the text to parse, and a way back to file, line and column.

A Flare sequence's SQL is an inline ``sql`` scalar, or the file its ``sqlFile`` names (read through
the file-system seam, resolved as the build resolves it). In a product described by a product.yaml
the resource is an expanded document: ``sql`` may be a rendered template, or a file the expansion
inlined; the value's origin leads back to the scalar (or the ``sqlFile`` key) that was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.core.diagnostics import Position
from compiler.core.paths import display_path
from compiler.load import fs
from compiler.load.includes import IncludeProblem, Includes
from compiler.load.origin import SourcedDocument
from compiler.load.yamlload import Document
from compiler.model import Repository
from compiler.resolve import _cwd as repo_cwd  # the one way to find the run's folder (resolve owns it)
from compiler.sql import positions, store
from compiler.sql.parse import Problem
from compiler.sql.positions import Locate, Masked


@dataclass(frozen=True)
class SqlText:
    """One SQL text as parsed (``${VAR}`` masked), in the file ``path`` (a display path)."""

    masked: Masked
    dialect: str
    path: str
    locate: Locate

    def position(self, offset: int) -> Position:
        return Position(self.path, *self.locate(offset))

    def summary(self) -> Any:
        """What the checks need of the parsed text (:mod:`compiler.sql.summary`), cached by its hash."""
        return store.summary(self.masked.text, self.dialect)

    def problem(self) -> Problem | None:
        found = self.summary()["problem"]
        return Problem(found[0], found[1]) if found else None


def get(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def written(doc: Any, path: tuple) -> tuple[Any, tuple]:
    """The document and path where the value at ``path`` was written (through expansions)."""
    while isinstance(doc, SourcedDocument):
        for cut in range(len(path), -1, -1):
            origin = doc.origins.get(path[:cut])
            if origin is not None:
                doc, path = origin.document, origin.path + path[cut:]
                break
        else:
            return doc, path
    return doc, path


class Sources:
    """Reads SQL for one run: file texts come from the parsed repository or the file-system seam."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self.cwd = repo_cwd(repo)
        self.includes = Includes(repo.root)
        self.texts = {f.display: f.parsed.text for f in repo.files if f.parsed is not None}
        self.paths = {f.display: f.found.path for f in repo.files}
        self.found: dict[tuple[int, tuple, str], SqlText | None] = {}  # at()'s answers: the views and the
        # column checks both read every step's SQL

    def file_text(self, display: str) -> str | None:
        if display not in self.texts:
            try:
                self.texts[display] = fs.read_text(self.cwd / display).replace("\r\n", "\n")
            except (OSError, UnicodeDecodeError):
                return None
        return self.texts[display]

    def sql_file(self, ref: str, manifest: str, dialect: str) -> SqlText | None:
        """The file a ``sqlFile`` names from the manifest ``manifest`` (a display path); None when it
        cannot be read (the resolver and the build report that)."""
        folder = self.paths.get(manifest, self.cwd / manifest).parent
        try:
            path, text = self.includes.load(ref, folder, "sqlFile")
        except IncludeProblem:
            return None
        return SqlText(positions.mask(text), dialect, display_path(path, self.cwd), positions.in_file(text))

    def scalar(self, doc: Any, path: tuple, dialect: str) -> SqlText | None:
        """The SQL string at ``path`` of ``doc`` (a manifest or an expanded one)."""
        rendered = get(doc.data, path)
        if not isinstance(rendered, str):
            return None
        source, at = written(doc, path)
        if at and at[-1] == "sqlFile" and isinstance(get(source.data, at), str):  # inlined by the expansion
            return self.sql_file(get(source.data, at), source.path, dialect)
        raw = get(source.data, at)
        raw = raw if isinstance(raw, str) else rendered
        text = self.file_text(source.path)
        start = source.values.get(tuple(at)) if isinstance(source, Document) else None
        if text is None or start is None:
            where = doc.position(path)
            locate: Locate = lambda _offset: (where.line, where.col)  # noqa: E731
            return SqlText(positions.mask(rendered), dialect, where.path, locate)
        locate = positions.through_template(raw, rendered, positions.in_scalar(text, *start, raw))
        return SqlText(positions.mask(rendered), dialect, source.path, locate)

    def at(self, doc: Any, at: tuple, dialect: str) -> SqlText | None:
        """The SQL at ``at``: a SQL string, or a mapping holding ``sql`` or ``sqlFile``."""
        key = (id(doc), at, dialect)
        if key not in self.found:
            self.found[key] = self._at(doc, at, dialect)
        return self.found[key]

    def _at(self, doc: Any, at: tuple, dialect: str) -> SqlText | None:
        entry = get(doc.data, at)
        if isinstance(entry, str):
            return self.scalar(doc, at, dialect)
        if not isinstance(entry, dict):
            return None
        if isinstance(entry.get("sql"), str):
            return self.scalar(doc, at + ("sql",), dialect)
        if isinstance(entry.get("sqlFile"), str):
            source, _ = written(doc, at + ("sqlFile",))
            return self.sql_file(entry["sqlFile"], source.path, dialect)
        return None
