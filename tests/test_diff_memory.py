"""One side's repository alive at a time: the diff reduces the base to what the comparison needs
(compiler.diff.reduced) before it reads the head, so while the head's files are read no repository of
the run is alive, and before its first file is read no source file of the base is. Counted with the
garbage collector's own list of objects, on a real git history of the example products, through the
diff's real progress callback (called as each side reads its files)."""

from __future__ import annotations

import gc
from pathlib import Path

from diffrepo import EXAMPLES, commit_all, make_repo

from compiler.diff.runner import DiffOptions, run
from compiler.model import Repository, SourceFile

SQL = "products/sales-360/build/sql/daily_sales.sql"


def _alive() -> tuple[int, int]:
    """How many repositories and source files exist (frozen ones too: the diff freezes what survives a full
    collection, compiler/diff/heap.py, and the collector's list leaves frozen objects out)."""
    gc.unfreeze()
    objects = gc.get_objects()
    return sum(1 for o in objects if isinstance(o, Repository)), sum(1 for o in objects if isinstance(o, SourceFile))


def test_no_repository_is_alive_while_the_head_is_read(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- reviewed\n", encoding="utf-8")
    commit_all(repo, "one product's SQL")
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- and again\n", encoding="utf-8")
    sides: list[list[tuple[int, int]]] = []

    def progress(done: int, total: int) -> None:
        if done == 0:  # a side starts reading its files
            sides.append([])
        sides[-1].append(_alive())

    gc.collect()
    repositories, files = _alive()
    outcome = run(DiffOptions(repo, base="HEAD~1", progress=progress))
    assert outcome.failure is None and outcome.report is not None
    assert [c.status for c in outcome.report.changes if c.status != "unchanged"] == ["changed"]
    assert len(sides) == 2  # the base's files read, then the head's
    assert sides[1][0] == (repositories, files)  # before the head reads its first file: nothing of the base
    assert [r for r, _ in sides[1]] == [repositories] * len(sides[1])
