"""Each SQL text is parsed once a run: a cold lint (no store to read) and `dpc graph --columns` (no store
open: the process's summaries) ask for the same text many times (the views, the columns in rounds, the
column checks) and parse it once (compiler/sql/store.py)."""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from diffrepo import EXAMPLES, make_repo

from compiler.cli import cli
from compiler.sql import check, store, summary
from compiler.sql.parse import Parsed


@pytest.mark.parametrize(("args", "texts"), [
    (["lint"], [("spark", 7), ("trino", 3)]),  # Flare steps; lens models and Flare input queries
    (["graph", "--columns"], [("spark", 7)]),  # the column lineage reads Flare steps only
])
def test_a_run_parses_each_sql_text_of_the_example_products_once(args: list[str], texts: list[tuple[str, int]],
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("DPC_NO_CACHE", "1")
    monkeypatch.setattr(store, "_MEMORY", store.Store(None))  # what other tests of this process summarised
    asked: Counter[tuple[str, str]] = Counter()
    real = summary.parse

    def counted(text: str, dialect: str) -> Parsed:
        asked[(text, dialect)] += 1
        return real(text, dialect)

    monkeypatch.setattr(summary, "parse", counted)
    run = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert run.exit_code == 0, run.output
    assert sorted(Counter(dialect for _, dialect in asked).items()) == texts
    assert set(asked.values()) == {1}


def test_the_sql_check_freezes_the_objects_before_it_for_the_collector_and_unfreezes_them_after() -> None:
    """The repository's objects are left out of full collections while the check parses, and only then."""
    seen: list[int] = []

    def probe(text: str, dialect: str) -> Parsed:
        seen.append(gc.get_freeze_count())
        raise RuntimeError("stop")  # the check ends by an error: the objects are unfrozen all the same

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(summary, "parse", probe)
        with pytest.raises(RuntimeError, match="stop"):
            with check._young_only():
                summary.summarise("SELECT 1", "spark")
    assert (seen[0] > 0, gc.get_freeze_count()) == (True, 0)
