"""The incremental build (compiler/emit/reuse.py): a product whose inputs did not change is taken from the
previous build, and the output tree always equals a cold build's, byte for byte.

The property test applies random edit sequences to a real git repository of three example products (one
described by a product.yaml, two plain ones, one reading another's output): a SQL file, an environment
value, a depended-on product's manifest, product.yaml, dpc.yaml (ignored files, the default environment),
platform.yaml, deleting, restoring and renaming a product. After each edit the incremental ``dpc build``
must print and write exactly what a cold build (DPC_NO_CACHE=1, a fresh output folder) prints and writes.
As in test_cache_property.py, files just written are trusted by their stat signature (no racy window) and
every edit gives every file a new modification time, so what is compared is what each entry recorded.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
from pathlib import Path

from conftest import REPO
from diffrepo import git
from hypothesis import given, settings
from hypothesis import strategies as st
from robust import tree

from compiler.emit.runner import BuildOptions, run
from compiler.load import cache, cachefile

PRODUCTS = ("marketing-360", "product-affinity", "sales-360")
SALES_SQL = "products/sales-360/build/sql/daily_sales.sql"
MARKETING_SQL = "products/marketing-360/build/sql/campaign_performance.sql"
SALES_FLOW = "products/sales-360/build/flare/orders_enriched.yaml"  # writes what product-affinity reads
_STAMP = itertools.count(1)


def _make(base: Path) -> Path:
    repo = base / "repo"
    for name in PRODUCTS:
        shutil.copytree(REPO / "products" / name, repo / "products" / name)
    shutil.copytree(REPO / "environments", repo / "environments")
    shutil.copy(REPO / "dpc.yaml", repo / "dpc.yaml")
    git(repo, "init", "-q")
    return repo


def _toggle(path: Path, one: str, other: str) -> None:
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(one, other, 1) if one in text else text.replace(other, one, 1),
                        encoding="utf-8")


def _append(path: Path, line: str) -> None:
    if path.is_file():
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def _product_folder(repo: Path, prefix: str) -> Path | None:
    return next((p for p in sorted((repo / "products").iterdir()) if p.name.startswith(prefix)), None)


def _rename(repo: Path) -> None:
    sales = _product_folder(repo, "sales-")
    if sales is not None:
        sales.rename(sales.with_name("sales-361" if sales.name == "sales-360" else "sales-360"))


def _delete(repo: Path) -> None:
    if (repo / "products" / "product-affinity").is_dir():
        shutil.rmtree(repo / "products" / "product-affinity")


def _restore(repo: Path) -> None:
    if not (repo / "products" / "product-affinity").is_dir():
        shutil.copytree(REPO / "products" / "product-affinity", repo / "products" / "product-affinity")


def _platform(repo: Path) -> None:
    path = repo / "platform.yaml"
    if path.is_file():
        path.unlink()
    else:
        path.write_text("computes:\n  - {name: runnable-large, purpose: runnable}\n", encoding="utf-8")


def _sales(repo: Path, rel: str) -> Path:
    sales = _product_folder(repo, "sales-")
    return repo / rel.replace("products/sales-360", f"products/{sales.name}" if sales else "products/sales-360")


EDITS = {
    "sales sql": lambda r: _append(_sales(r, SALES_SQL), f"-- edit {next(_STAMP)}"),
    "marketing sql": lambda r: _append(r / MARKETING_SQL, f"-- edit {next(_STAMP)}"),
    "environment owner": lambda r: _toggle(r / "environments" / "dev.yaml", "owner: iamgroot", "owner: someone"),
    "environment var": lambda r: _toggle(r / "environments" / "dev.yaml", "campaigndb.dev.acme", "campaigndb.x.acme"),
    "depended-on manifest": lambda r: _toggle(_sales(r, SALES_FLOW), "title: Sales 360 orders enrichment",
                                              "title: Sales 360 orders enrichment, edited"),
    "product.yaml": lambda r: _toggle(r / "products" / "marketing-360" / "product.yaml", "title: ", "title: New "),
    "dpc.yaml ignore": lambda r: _toggle(r / "dpc.yaml", "defaultEnvironment: dev\n",
                                         "defaultEnvironment: dev\nignore: [products/sales-360/deploy/scanner.yaml]\n"),
    "dpc.yaml default": lambda r: _toggle(r / "dpc.yaml", "defaultEnvironment: dev", "defaultEnvironment: prod"),
    "platform.yaml": _platform,
    "delete product": _delete,
    "restore product": _restore,
    "rename product": _rename,
}


def _touch_all(repo: Path) -> None:
    stamp = 1_700_000_000 * 10**9 + next(_STAMP) * 10**9
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if d not in (".git", "dist")]
        for name in files:
            os.utime(Path(folder) / name, ns=(stamp, stamp))


def _build(dpc, repo: Path, cold: Path | None) -> tuple[int, str, str, dict[str, bytes]]:
    """(exit, stdout, stderr, output tree) of ``dpc build``; ``cold``: without any cache, into that new folder."""
    env = "prod" if "defaultEnvironment: prod" in (repo / "dpc.yaml").read_text(encoding="utf-8") else "dev"
    out = repo / "dist" / env
    if cold is not None:
        shutil.rmtree(cold, ignore_errors=True)
        os.environ["DPC_NO_CACHE"] = "1"
    try:
        done = dpc("build", *(("--out", str(cold)) if cold else ()), cwd=repo)
    finally:
        os.environ.pop("DPC_NO_CACHE", None)
    shown = done.stdout.replace(str(cold), f"dist/{env}") if cold else done.stdout.replace(" unchanged\n",
                                                                                            " written\n")
    written = tree(cold if cold else out) if done.exit_code == 0 else {}
    return done.exit_code, shown, done.stderr, written


@settings(max_examples=10, deadline=None)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=5))
def test_an_incremental_build_equals_a_cold_build(dpc, monkeypatch, edits: list[str]) -> None:
    monkeypatch.setattr(cache, "RACY_NS", -10**12)
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    with tempfile.TemporaryDirectory() as tmp:
        repo = _make(Path(tmp))
        assert _build(dpc, repo, None)[0] == 0
        for name in edits:
            EDITS[name](repo)
            _touch_all(repo)
            assert _build(dpc, repo, None) == _build(dpc, repo, Path(tmp) / "cold"), (edits, name)


def test_a_rebuild_compiles_only_the_products_whose_inputs_changed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    repo = _make(tmp_path)
    options = BuildOptions(cwd=repo)
    steps = [
        ("first build", lambda: None, "written", ()),
        ("nothing changed", lambda: None, "unchanged", PRODUCTS),
        ("one product's SQL", lambda: _append(repo / SALES_SQL, "-- edit"), "written",
         ("marketing-360", "product-affinity")),
        ("the product it feeds", lambda: EDITS["depended-on manifest"](repo), "written",
         ("marketing-360", "product-affinity")),
        ("product.yaml", lambda: EDITS["product.yaml"](repo), "written", ("product-affinity", "sales-360")),
        ("the SQL product.yaml's product inlines", lambda: _append(repo / MARKETING_SQL, "-- edit"), "written",
         ("product-affinity", "sales-360")),
        ("an environment value", lambda: EDITS["environment var"](repo), "written", ()),
        ("dpc.yaml", lambda: EDITS["dpc.yaml ignore"](repo), "written", ()),
        ("a deleted output folder", lambda: shutil.rmtree(repo / "dist"), "written", ()),
        ("an edited output file", lambda: _append(repo / "dist" / "dev" / "sales-360" / "index.json", " "),
         "written", ("marketing-360", "product-affinity")),
        ("nothing changed again", lambda: None, "unchanged", PRODUCTS),
    ]
    seen = []
    for name, edit, _, _ in steps:
        edit()
        result = run(options)
        seen.append((name, result.status, result.reused))
    assert seen == [(name, status, reused) for name, _, status, reused in steps]


def test_a_damaged_or_crafted_build_cache_only_costs_a_compile(tmp_path: Path, monkeypatch) -> None:
    """build.json that does not parse, or whose entry names files outside the product's output folder or
    with a wrong sha256, is not used: every product is compiled and the output is the cold build's."""
    monkeypatch.delenv("DPC_NO_CACHE", raising=False)
    repo = _make(tmp_path)
    options = BuildOptions(cwd=repo)
    assert run(options).reused == ()
    cold = tree(repo / "dist" / "dev")
    stored = repo / ".git" / "dpc" / "build.json"
    head, _, body = stored.read_bytes().partition(b"\n")
    stored.write_bytes(head + b"\n" + body[:-7])  # cut short: its sha256 no longer matches
    assert (run(options).reused, tree(repo / "dist" / "dev")) == ((), cold)
    assert run(options).reused == PRODUCTS
    header = json.loads(stored.read_bytes().partition(b"\n")[0])
    payload = cachefile.read_file(stored, header["key"])
    for name, entry in payload["entries"].items():
        entry["files"] = {"../../../dpc.yaml": "0" * 64} if "sales" in name else \
            {n: "0" * 64 for n in entry["files"]}
    cachefile.write_file(stored, header["key"], payload)
    assert (run(options).reused, tree(repo / "dist" / "dev")) == ((), cold)
