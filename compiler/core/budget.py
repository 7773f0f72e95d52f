"""One resource budget per run: what a few committed bytes may cost dpc, in time, output and values.

:data:`LIMITS` is the frozen record of every bound (templates, YAML loading, findings about many
places); :class:`Budget` is the mutable counter of one run, drawn on by every stage that could
be made to work without end: YAML values across all documents of a file and of the run
(``load/yamlload.py``), template time, operations and output (``expand/render.py``,
``expand/limits.py``), did-you-mean comparisons (``core/suggest.py``), the places one finding
lists (``resolve/checks.py``). The run's budget is held in a context variable: :func:`run`
opens one (a nested call shares the open one) and :func:`current` gives it; outside a run,
each call gets a fresh budget, so a library caller is bounded per call. A stage that finds
the budget spent raises :class:`Exhausted` and reports it as a finding where it was working.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """Every bound of one run; the figures in docs/RELIABILITY.md were measured with these."""

    template_items: int = 100_000  # items a template may ask for: ranges, repetitions, arguments
    template_output: int = 1_000_000  # characters of one value a template computes or prints
    template_work: int = 10_000_000  # characters (and items) all the steps of one template produce together
    template_loops: int = 200_000  # loop iterations of one template
    template_int_bits: int = 14_000  # bits of an integer a template computes (about 4,200 digits)
    template_seconds: float = 1.0  # wall time of one template
    run_template_seconds: float = 10.0  # wall time of all templates of a run
    run_template_output: int = 50_000_000  # characters all templates of a run give
    file_values: int = 200_000  # YAML values all documents of one file expand to (alias bombs)
    run_values: int = 5_000_000  # YAML values all files of a run expand to
    pure_parse_chars: int = 100_000  # a larger file with a syntax error is not parsed again by the slow parser
    places: int = 5  # places one finding lists before "and N more"
    run_suggest_comparisons: int = 20_000  # names did-you-mean compares in full in a run (and again in each of
    # its repository-wide checks, :func:`own_comparisons`), then narrowed ones


LIMITS = Limits()


class Exhausted(Exception):
    """A part of the budget is spent; the message says which, in the user's terms."""


@dataclass
class Budget:
    """What is left of one run's budget."""

    limits: Limits = LIMITS
    values_left: int = field(init=False)
    template_seconds_left: float = field(init=False)
    template_output_left: int = field(init=False)
    suggest_left: int = field(init=False)

    def __post_init__(self) -> None:
        self.values_left = self.limits.run_values
        self.template_seconds_left = self.limits.run_template_seconds
        self.template_output_left = self.limits.run_template_output
        self.suggest_left = self.limits.run_suggest_comparisons

    def spend_values(self, n: int) -> None:
        self.values_left -= n
        if self.values_left < 0:
            raise Exhausted(f"the run's files expand to more than {self.limits.run_values:,} YAML values together")

    def spend_comparisons(self, n: int) -> bool:
        """Whether ``n`` more full did-you-mean comparisons fit (they are then spent)."""
        if n > self.suggest_left:
            return False
        self.suggest_left -= n
        return True

    def template_deadline(self) -> float:
        """The monotonic time by which the template about to start must end."""
        if self.template_seconds_left <= 0:
            raise Exhausted(f"the templates of this run took more than {self.limits.run_template_seconds:g} s "
                            "together")
        return time.monotonic() + min(self.limits.template_seconds, self.template_seconds_left)

    def spend_template_time(self, seconds: float) -> None:
        self.template_seconds_left -= seconds

    def spend_template_output(self, output: int) -> None:
        self.template_output_left -= output
        if self.template_output_left < 0:
            raise Exhausted(f"the templates of this run give more than {self.limits.run_template_output:,} "
                            "characters together")


_RUN: ContextVar[Budget | None] = ContextVar("dpc_budget", default=None)


def current() -> Budget:
    """The open run's budget; outside a run, a fresh one."""
    return _RUN.get() or Budget()


@contextmanager
def own_comparisons() -> Iterator[None]:
    """A repository-wide check's own did-you-mean comparisons: it starts with the whole allowance, and what it
    spends is not taken from the checks after it, so its hints are the same whatever ran before it (a check
    whose result was kept, or one run in another process at the same time)."""
    spent = current()
    left = spent.suggest_left
    spent.suggest_left = spent.limits.run_suggest_comparisons
    try:
        yield
    finally:
        spent.suggest_left = left


@contextmanager
def run(limits: Limits = LIMITS) -> Iterator[Budget]:
    """Open the run's budget; inside an open run, the same budget."""
    open_ = _RUN.get()
    if open_ is not None:
        yield open_
        return
    token = _RUN.set(Budget(limits))
    try:
        yield _RUN.get() or Budget(limits)
    finally:
        _RUN.reset(token)

