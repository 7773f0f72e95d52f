"""The resolver's per-file facts and its O(1) lookups give exactly what a cold resolution gives.

- a warm run takes every resource's references and problems from the facts its file's cache record keeps
  (no extractor runs for an unchanged file) and gets the very same list as the extractors, also for a
  resource a bundle of another file places in another workspace (the references' origin follows);
- :func:`compiler.resolve.lookup.find` picks the same definition as the minimum of the ranking, ties
  included, over random definitions.
The whole-run equality (lint, a partial lint, build, graph) over random edits is
tests/test_cache_property.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from diffrepo import git
from hypothesis import given
from hypothesis import strategies as st

from compiler.core.diagnostics import Position
from compiler.load import cache
from compiler.pipeline import LintOptions, load_repository
from compiler.resolve import _cwd, _platform, edges, facts, lookup
from compiler.resolve import index as index_mod
from compiler.resolve.files import memo
from compiler.resolve.findings import Reference
from compiler.resolve.index import Definition, Index
from compiler.schema import catalog as catalog_mod

MOVED = "products/sales-360/build/moved.yaml"
FLOW = ("name: moved-flow\nversion: v1\ntype: workflow\nlayer: user\nworkflow:\n  dag:\n"
        "    - name: first\n      spec: {stack: soda+python:1.0, compute: runnable-default, stackSpec: {inputs: []}}\n"
        "    - name: second\n      dependencies: [first]\n"
        "      spec: {stack: soda+python:1.0, compute: runnable-default, stackSpec: {inputs: []}}\n")
BUNDLE = ("name: plainbundle\nversion: v1beta\ntype: bundle\nlayer: user\nbundle:\n  workspaces:\n"
          "    - name: {ws}\n      layer: user\n  resources:\n    - id: moved\n"
          f"      file: {MOVED}\n      workspace: {{ws}}\n")


def _index(repo_dir: Path) -> tuple[object, Index]:
    catalog = catalog_mod.load()
    with cache.tracking():
        repo = load_repository(LintOptions((repo_dir / "products",), repo_dir), catalog, [])
    with memo():
        index = index_mod.build(repo, _platform(repo, catalog, _cwd(repo))[0])
    return repo, index


@pytest.fixture
def sales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)  # files just written are trusted (as in test_cache.py)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "products" / "sales-360", repo / "products" / "sales-360")
    shutil.copy(REPO / "dpc.yaml", repo / "dpc.yaml")
    shutil.copytree(REPO / "environments", repo / "environments")
    git(repo, "init", "-q")
    return repo


def _calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The resources the extractors read (the facts module's calls, by resource identity)."""
    seen: list[str] = []
    real = facts.extract_item

    def counting(item: index_mod.Item, scopes: dict) -> object:
        seen.append(item.identity)
        return real(item, scopes)

    monkeypatch.setattr(facts, "extract_item", counting)
    return seen


def test_a_warm_run_takes_every_resources_references_from_the_facts(sales: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    scopes = facts.scopes_of(catalog_mod.load())
    cold_repo, cold = _index(sales)  # checks every file and keeps its facts
    expected = list(edges.extract(cold, scopes))
    seen = _calls(monkeypatch)
    warm_repo, warm = _index(sales)
    assert list(facts.extract(warm_repo, warm, scopes)) == expected
    assert seen == []  # no extractor ran: every file was restored with its facts
    assert len(expected) > 50


def test_a_bundle_moving_a_file_to_another_workspace_gives_its_references_the_new_origin(
        sales: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scopes = facts.scopes_of(catalog_mod.load())
    (sales / MOVED).write_text(FLOW, encoding="utf-8")
    bundle = sales / "products" / "sales-360" / "bundle" / "moving.yaml"
    bundle.write_text(BUNDLE.format(ws="ws-a"), encoding="utf-8")
    _index(sales)
    bundle.write_text(BUNDLE.format(ws="ws-b"), encoding="utf-8")
    seen = _calls(monkeypatch)
    repo, index = _index(sales)  # the workflow's file is restored with facts extracted under public
    got = list(facts.extract(repo, index, scopes))
    assert got == list(edges.extract(index, scopes))
    assert seen == ["bundle:v1beta:plainbundle"]  # only the edited bundle's resource is read again
    origins = sorted({f.origin for f in got if isinstance(f, Reference) and f.position.path.endswith(MOVED)})
    assert origins == ["workflow:v1:moved-flow:ws-b"]


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
