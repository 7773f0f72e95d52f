"""Lens model SQL: ``model/sqls/*.sql`` files and the ``sql`` of each ``model/tables/*.yml`` table,
in Trino's dialect (Minerva and Themis run it). Lens model files are Jinja-templated, so templates
are masked by same-length placeholders before parsing.

The model folder is the lens manifest's ``repo.lensBaseDir`` (a path in the remote repository,
matched against this one from its end: ``dataos-products/products/p/lens/model`` is found as
``products/p/lens/model``), else a ``model`` folder next to the manifest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from compiler.core.paths import display_path
from compiler.load import fs
from compiler.load.yamlload import parse_text
from compiler.model import Resource
from compiler.resolve.edgekit import as_dict, as_list
from compiler.sql import positions
from compiler.sql.parse import TRINO
from compiler.sql.sources import Sources, SqlText

TABLE_SUFFIXES = (".yml", ".yaml")


def model_folder(resource: Resource, sources: Sources) -> Path | None:
    base = as_dict(as_dict(resource.data.get("lens")).get("repo")).get("lensBaseDir")
    if isinstance(base, str) and base.strip("/"):
        parts = Path(base.strip("/")).parts
        for k in range(len(parts)):
            candidate = sources.repo.root.joinpath(*parts[k:])
            if ".." not in parts[k:] and fs.is_dir(candidate):
                return candidate
    manifest = sources.paths.get(resource.path, sources.cwd / resource.path)
    beside = manifest.parent / "model"
    return beside if fs.is_dir(beside) else None


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not fs.is_dir(folder):
        return []
    return sorted(p for p in fs.iterdir(folder) if p.name.lower().endswith(suffixes) and fs.is_file(p))


def _read(path: Path) -> str | None:
    try:
        return fs.read_text(path).replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None


def model_sql(folder: Path, sources: Sources) -> Iterator[SqlText]:
    """Every SQL text of the lens model in ``folder``."""
    for path in _files(folder / "sqls", (".sql",)):
        text = _read(path)
        if text is not None:
            yield SqlText(positions.mask(text, templates=True), TRINO, display_path(path, sources.cwd),
                          positions.in_file(text))
    for path in _files(folder / "tables", TABLE_SUFFIXES):
        text = _read(path)
        if text is None:
            continue
        display = display_path(path, sources.cwd)
        for doc in parse_text(display, text).documents:
            for i, table in enumerate(as_list(as_dict(doc.data).get("tables"))):
                sql = as_dict(table).get("sql")
                start = doc.values.get(("tables", i, "sql"))
                if isinstance(sql, str) and start is not None:
                    yield SqlText(positions.mask(sql, templates=True), TRINO, display,
                                  positions.in_scalar(text, *start, sql))
