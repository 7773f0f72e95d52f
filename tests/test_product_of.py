"""A file's product from its path (compiler/pipeline/repository.py ``_product_of``), worked out on the paths' text:
the same answers as ``Path.relative_to``, which it replaced (asked for every file of every run)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from compiler.pipeline.repository import _product_of

PARTS = st.sampled_from(["products", "p", "products2", "build", "x.yaml", "pro", "a b", "é"])


def _by_relative_to(path: Path, roots: tuple[Path, ...]) -> str | None:
    for r in roots:
        try:
            rel = path.relative_to(r)
        except ValueError:
            continue
        return rel.parts[0] if len(rel.parts) > 1 else None
    return None


@given(st.lists(PARTS, max_size=5), st.lists(st.lists(PARTS, min_size=0, max_size=3), min_size=1, max_size=3))
def test_the_same_product_as_relative_to(path, roots):
    file = Path("/repo", *path)
    folders = tuple(Path("/repo", *r) for r in roots)
    assert _product_of(file, folders) == _by_relative_to(file, folders)


def test_examples():
    roots = (Path("/repo/products"),)
    assert [_product_of(Path(p), roots) for p in ("/repo/products/sales/build/a.yaml", "/repo/products/a.yaml",
                                                  "/repo/products", "/repo/products2/sales/a.yaml")] == \
        ["sales", None, None, None]
    assert _product_of(Path("/sales/a.yaml"), (Path("/"),)) == "sales"
