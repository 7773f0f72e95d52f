"""Both cores for a cold run: forked workers check shares of the files no cache entry answers.

The parent keeps the run: it hands each worker a range of the files to check (the list itself is inherited by
``fork``, nothing but two numbers travels to a worker), and takes the answers back in the universe's order,
whatever finishes first, so the output is the serial run's. A worker sends what the per-file cache already keeps
of a file (its plain-data record with packed positions, and the file-system questions its check asked), and the
parent restores it as a warm run restores a cached file. A worker sends nothing for a file the cache would not
keep whole (the caller's ``work`` says None: a secret value in it, a clock read, a record that cannot be packed,
an internal error): the parent checks that file itself, as it checks every file when no pool runs.

The run's resource budget (:mod:`compiler.core.budget`) stays exact: a worker checks each file from the budget
left when the pool started (never less than what is left when the parent takes the answer) and sends what the
check spent; the parent takes the answer only if its own budget still holds that much (then every grant and
refusal of the check is the one the parent would have made) and spends it, else checks the file itself.

Two workers when :func:`compiler.core.jobs.processes` allows a second process for the files to check (``DPC_JOBS``;
unset: 5,000 files or more, more than one core, Linux), else serial; a pool that cannot start or a worker that
dies leaves the files not yet answered to the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from compiler.core import budget, jobs

R = TypeVar("R")
CRASH_ENV = "DPC_POOL_TEST_CRASH"  # tests only: every worker dies at its first range (the fallback's test)
CHUNK = 64  # files per range a worker is handed
SPENT = ("values_left", "template_seconds_left", "template_output_left", "suggest_left")


@dataclass(frozen=True)
class _Job(Generic[R]):
    """What a forked worker inherits: the items, the work on one, and the budget left when the pool started."""

    items: Sequence[int]
    work: Callable[[int], R | None]
    left: tuple[Any, ...]


_JOB: _Job[Any] | None = None  # set in the parent just before the workers fork


def _budget_left(b: budget.Budget) -> tuple[Any, ...]:
    return tuple(getattr(b, name) for name in SPENT)


_Answer = tuple[Any, tuple[Any, ...]] | None  # (what ``work`` gave, what its check spent of the budget) or nothing


def _check_range(start: int, stop: int) -> list[_Answer]:
    """In a worker: each item of ``start:stop`` worked on from the budget left at the pool's start."""
    job = _JOB
    if job is None or os.environ.get(CRASH_ENV):
        os._exit(70)
    out: list[_Answer] = []
    with budget.run() as b:
        for item in job.items[start:stop]:
            for name, value in zip(SPENT, job.left, strict=True):
                setattr(b, name, value)
            try:
                result = job.work(item)
            except Exception:  # the parent checks it again and reports what went wrong there
                result = None
            spent = tuple(before - after for before, after in zip(job.left, _budget_left(b), strict=True))
            out.append((result, spent) if result is not None else None)
    return out


class Pooled(Generic[R]):
    """The workers' answers, taken in order: :meth:`take` gives an item's answer or None (check it yourself)."""

    def __init__(self, items: Sequence[int], answers: Iterator[list[_Answer]],
                 pool: ProcessPoolExecutor | None) -> None:
        self._wanted = set(items) if pool is not None else set()
        self._order = iter(items)
        self._answers = answers
        self._batch: Iterator[_Answer] = iter(())
        self._pool = pool
        self.answered: list[int] = []  # the items whose answers were taken

    def take(self, item: int) -> R | None:
        """The answer for ``item``; items handed to :func:`start` are taken in their order."""
        if item not in self._wanted:
            return None
        for expected in self._order:
            answer = self._next()
            if expected == item:
                taken = self._accepted(answer)
                if taken is not None:
                    self.answered.append(item)
                return taken
        return None

    def _next(self) -> _Answer:
        while self._pool is not None:
            try:
                return next(self._batch)
            except StopIteration:
                pass
            try:
                self._batch = iter(next(self._answers))
            except StopIteration:
                self.close()
            except (BrokenProcessPool, OSError, EOFError):  # a worker died: the files left are checked here
                self.close()
                self._wanted = set()
        return None

    def _accepted(self, answer: _Answer) -> R | None:
        """The answer when the parent's budget holds what it spent (which is then spent here), else None."""
        if answer is None:
            return None
        result, spent = answer
        b = budget.current()
        if any(cost > left for cost, left in zip(spent, _budget_left(b), strict=True)):
            return None
        values, seconds, output, comparisons = spent
        b.spend_values(values)
        b.spend_template_time(seconds)
        b.spend_template_output(output)
        b.spend_comparisons(comparisons)
        return result

    def close(self) -> None:
        """Stop the workers (answers not taken yet are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def serial() -> Pooled[Any]:
    """No workers: every file is checked by the caller."""
    return Pooled((), iter(()), None)


def start(items: Sequence[int], work: Callable[[int], R | None]) -> Pooled[R]:
    """Start workers for ``items`` (ascending) when it pays (see the module's docstring); serial otherwise."""
    global _JOB
    allowed = jobs.processes(len(items))
    if allowed < 2 or not items:
        return serial()
    workers = min(allowed, -(-len(items) // CHUNK))
    _JOB = _Job(items, work, _budget_left(budget.current()))
    gc.freeze()  # the workers share the parent's objects: no collection of theirs touches (copies) the pages
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        ranges = range(0, len(items), CHUNK)  # every worker forks at the first range handed out
        answers = pool.map(_check_range, ranges, [min(s + CHUNK, len(items)) for s in ranges])
    except (OSError, RuntimeError, ValueError):
        return serial()
    finally:
        _JOB = None
        gc.unfreeze()
    return Pooled(items, answers, pool)
