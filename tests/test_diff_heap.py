"""The garbage collector during a diff (compiler/diff/heap.py): what survives a full collection is frozen, so a
later one walks only what was made since; young cycles are still collected; the base's objects go back to the
collector before the head is read, and everything after the diff. Real objects, the real collector, a real
git history of the example products through the diff's own progress callback."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from diffrepo import EXAMPLES, commit_all, make_repo

from compiler.diff import heap
from compiler.diff.runner import DiffOptions, run

SQL = "products/sales-360/build/sql/daily_sales.sql"


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_survivors_of_a_full_collection_are_frozen_and_young_cycles_still_collected() -> None:
    gc.collect()
    before = list(gc.callbacks)
    old = Node()
    with heap.survivors_frozen():
        gc.collect()
        frozen = gc.get_freeze_count()
        old_seen = any(o is old for o in gc.get_objects())
        young = Node()
        gone = weakref.ref(young)
        del young
        gc.collect(0)
        with heap.survivors_frozen():  # inside another: that one's
            inner = list(gc.callbacks)
        collected = gone() is None
    after = (gc.get_freeze_count(), any(o is old for o in gc.get_objects()), list(gc.callbacks))
    assert (frozen > 0, old_seen, collected, inner == [*before, heap._freeze_survivors]) == (True, False, True, True)
    assert after == (0, True, before)


def test_a_frozen_cycle_let_go_is_collected_once_thawed() -> None:
    with heap.survivors_frozen():
        kept = Node()
        gone = weakref.ref(kept)
        gc.collect()  # kept survives: frozen
        del kept
        gc.collect()
        still_there = gone() is not None
        heap.thaw()
        thawed = gc.get_freeze_count()
        gc.collect()
        assert (still_there, thawed, gone() is None) == (True, 0, True)


def test_a_diff_freezes_survivors_thaws_the_base_and_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- reviewed\n", encoding="utf-8")
    commit_all(repo, "one product's SQL")
    (repo / SQL).write_text((repo / SQL).read_text(encoding="utf-8") + "-- and again\n", encoding="utf-8")
    starts: list[tuple[bool, int]] = []

    def progress(done: int, total: int) -> None:
        if done == 0:  # a side starts reading its files
            starts.append((heap._freeze_survivors in gc.callbacks, gc.get_freeze_count()))
            gc.collect()  # a full collection: the side's start freezes what is alive

    before = list(gc.callbacks)
    outcome = run(DiffOptions(repo, base="HEAD~1", progress=progress))
    assert outcome.failure is None and outcome.report is not None
    assert (len(starts), starts[0][0], starts[1], list(gc.callbacks), gc.get_freeze_count()) == (
        2, True, (True, 0), before, 0)
