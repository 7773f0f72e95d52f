"""The resolver's O(1) lookups give exactly what the ranking gives: :func:`compiler.resolve.lookup.find`
picks the same definition as the minimum of :func:`compiler.resolve.lookup._rank`, ties included, over
random definitions. The whole-run equality (lint, a partial lint, build, graph) over random edits is
tests/test_cache_property.py.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from compiler.core.diagnostics import Position
from compiler.resolve import lookup
from compiler.resolve.findings import Reference
from compiler.resolve.index import Definition, Index

_PRODUCTS = st.sampled_from([None, "a", "b"])
_DEFS = st.lists(st.tuples(st.sampled_from(["repo", "platform"]), _PRODUCTS, st.sampled_from(["x.yaml", "y.yaml"]),
                           st.integers(1, 3), st.booleans()), min_size=0, max_size=9)


@given(_DEFS, _PRODUCTS)
def test_find_picks_the_minimum_of_the_ranking_first_of_equals(rows: list[tuple], product: str | None) -> None:
    defs = tuple(Definition("depot", "d", None if nopos else Position(path, line), prod, origin, None,
                            (("n", str(i)),)) for i, (origin, prod, path, line, nopos) in enumerate(rows))
    index = Index((), {"depot": {"d": defs}} if defs else {}, (), None)  # type: ignore[arg-type]
    ref = Reference("depot", "d", Position("z.yaml"), "d", product, "x")
    want = min(defs, key=lambda d: lookup._rank(ref, d)) if defs else None
    assert lookup.find(index, ref) is want
    assert lookup.find(index, ref) is want  # the second time from the index's memo
