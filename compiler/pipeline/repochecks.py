"""The repository-wide checks (``REPO_CHECKS`` entries) whose work is kept for the next run
(:mod:`compiler.pipeline.kept`).

- References: the whole analysis of :mod:`compiler.resolve` (its findings, and the names the repository
  defines for the partial-run filter) is kept. A commit that edits only SQL, or a comment in a manifest,
  resolves nothing; any other change works the analysis out again only where files changed
  (:mod:`compiler.resolve.incremental`, its state kept by :func:`compiler.pipeline.kept.carried`). The
  partial-run filter (:func:`compiler.resolve.scope.select`) runs every time, on the kept names or on the index.
- SQL: the SQL check's findings for the run's scope, with every file it read.
- P009: the files the manifests in scope include (every ``file:``/``sqlFile:`` string resolved) are kept;
  the folders wholly in scope are walked and every file's text is scanned every run.
"""

from __future__ import annotations

from pathlib import Path

from compiler.core.diagnostics import Diagnostic
from compiler.load import records
from compiler.model import Repository
from compiler.pipeline import kept
from compiler.resolve import analyse, incremental, scope
from compiler.resolve.findings import Finding
from compiler.resolve.index import Index
from compiler.rules import filesecrets
from compiler.schema.catalog import Catalog
from compiler.sql.check import check as sql_check


class Names:
    """The names an analysed repository defines, as kept: kind -> name -> the file of each definition (None
    for the platform's), which is all the partial-run filter asks (:class:`compiler.resolve.scope.Defined`)."""

    def __init__(self, table: dict[str, dict[str, list[str | None]]]) -> None:
        self._table = table

    @classmethod
    def of(cls, index: Index) -> Names:
        return cls({kind: {name: [d.position.path if d.position is not None else None for d in defs]
                           for name, defs in names.items()} for kind, names in index.definitions.items()})

    def to_json(self) -> records.Json:
        return self._table

    def is_defined(self, kind: str, name: str) -> bool:
        return bool(self._table.get(kind, {}).get(name))

    def defined_in(self, paths: frozenset[str]) -> set[tuple[str, str]]:
        return {(kind, name) for kind, names in self._table.items() for name, where in names.items()
                if any(p in paths for p in where)}


Resolved = tuple[list[Finding], Index | Names]


def _finding_to_json(f: Finding) -> records.Json:
    return [records.diagnostic_to_json(f.diagnostic), list(f.target) if f.target else None, list(f.places)]


def _finding_from_json(data: records.Json) -> Finding:
    diag, target, places = data
    if not (target is None or (isinstance(target, list) and len(target) == 2 and all(isinstance(t, str)
                                                                                      for t in target))):
        raise records.BadRecord("a malformed finding target")
    if not (isinstance(places, list) and all(isinstance(p, str) for p in places)):
        raise records.BadRecord("malformed finding places")
    return Finding(records.diagnostic_from_json(diag), (target[0], target[1]) if target else None, tuple(places))


def _names_from_json(data: records.Json) -> Names:
    ok = isinstance(data, dict) and all(
        isinstance(names, dict) and all(isinstance(where, list) and all(p is None or isinstance(p, str)
                                                                         for p in where)
                                        for where in names.values())
        for names in data.values())
    if not ok:
        raise records.BadRecord("malformed kept names")
    return Names(data)


def _resolved_to_json(value: Resolved) -> records.Json:
    found, names = value
    table = Names.of(names) if isinstance(names, Index) else names
    return {"findings": [_finding_to_json(f) for f in found], "names": table.to_json()}


def _resolved_from_json(data: records.Json) -> Resolved:
    return [_finding_from_json(f) for f in data["findings"]], _names_from_json(data["names"])


def _analysed(repo: Repository, catalog: Catalog) -> Resolved:
    """The analysis, worked out again only where the files changed since the last run (when the run caches)."""
    def work(previous: records.Json | None) -> tuple[Resolved, records.Json | None]:
        try:
            outcome = incremental.analyse(repo, catalog, previous if isinstance(previous, dict) else None)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):  # a damaged state: a cold analysis
            outcome = incremental.analyse(repo, catalog, None)
        return (outcome.findings, outcome.index), outcome.state

    if repo.facts is None:
        analysis = analyse(repo, catalog)
        return list(analysis.findings), analysis.index
    return kept.carried(repo, "resolution", (incremental.FORMAT, str(Path.cwd())), work)


def references(repo: Repository, catalog: Catalog) -> list[Diagnostic]:
    """Every reference finding the run's scope should show."""
    found, names = kept.computed(repo, "analysis", (), lambda: _analysed(repo, catalog), _resolved_to_json,
                                 _resolved_from_json)
    return scope.select(repo, found, names)


SQL_KEPT = "sqlcheck"  # .git/dpc/sqlcheck-<key>.json


def _diagnostics_from_json(data: records.Json) -> list[Diagnostic]:
    if not isinstance(data, list):
        raise records.BadRecord("malformed kept findings")
    return [records.diagnostic_from_json(d) for d in data]


def sql(repo: Repository, catalog: Catalog) -> list[Diagnostic]:
    """The SQL check's findings for the run's scope (compiler/sql/check.py), kept while no file's facts, no file
    it read (a ``sqlFile``, a lens model, a manifest's text) and the scope changed: a commit that edits a
    comment, or a manifest holding no SQL, checks no SQL again."""
    return kept.computed(repo, SQL_KEPT, sorted(repo.scope), lambda: sql_check(repo, catalog),
                         lambda found: [records.diagnostic_to_json(d) for d in found], _diagnostics_from_json)


def sql_kept(repo: Repository) -> list[Diagnostic] | None:
    """What :func:`sql` takes from the last run, when it holds (else None: nothing is computed here)."""
    found = kept.taken(repo, SQL_KEPT, sorted(repo.scope), _diagnostics_from_json)
    return found[0] if found is not None else None


def _paths_from_json(data: records.Json) -> list[Path]:
    if not (isinstance(data, list) and all(isinstance(p, str) for p in data)):
        raise records.BadRecord("malformed kept paths")
    return [Path(p) for p in data]


def file_secrets(repo: Repository, catalog: object = None) -> list[Diagnostic]:
    """P009 for the SQL and template files of the run."""
    cwd = Path.cwd()
    includes = kept.computed(repo, "p009-includes", sorted(repo.scope), lambda: filesecrets.included(repo),
                             lambda ps: [str(p) for p in ps], _paths_from_json)
    return filesecrets.findings(filesecrets.candidates(repo, cwd, includes), cwd)
