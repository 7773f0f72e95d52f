"""The SQL store (compiler/sql/store.py): one file per version of dpc's code, so that two versions run in turn on
one repository (a benchmark's pair, a CI job beside a developer's hook) do not rewrite each other's and parse
everything again; a run that parsed nothing new leaves the file as it was. (From helper sqlkeep's work.)"""

from __future__ import annotations

from pathlib import Path

from diffrepo import EXAMPLES, make_repo

from compiler.load import cache

FLOW = "products/sales-360/build/flare/orders_enriched.yaml"


def test_two_versions_of_dpc_keep_a_sql_store_each(dpc, monkeypatch, tmp_path: Path) -> None:
    """The first version's store is still there, unchanged, after the second ran; a third version's run leaves the
    two written last."""
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    repo = make_repo(tmp_path / "repo", EXAMPLES)
    base = repo / ".git" / "dpc"

    def run(version: str) -> str:
        monkeypatch.setattr(cache, "_SCHEMA_KEY", version * 64)  # what the context key takes from dpc's code
        with (repo / FLOW).open("a", encoding="utf-8") as fh:
            fh.write("# no whole result answers\n")
        assert dpc("lint", cwd=repo).exit_code == 0
        return f"sql-{cache.context_key(('sql',))[:16]}.json"

    a = run("a")
    assert sorted(p.name for p in base.glob("sql-*.json")) == [a]
    written = (base / a).read_bytes()
    b = run("b")
    assert sorted(p.name for p in base.glob("sql-*.json")) == sorted([a, b])
    assert run("a") == a and (base / a).read_bytes() == written
    c = run("c")
    assert sorted(p.name for p in base.glob("sql-*.json")) == sorted([b, c])  # a's was not written again
