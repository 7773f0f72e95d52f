"""dpc diff on real history: findings never refuse a comparison, identity without the version, renames,
plan safety, completeness. Each test builds a git repository in a tmp dir and asserts the whole output
against tests/cases/diff/history/expected-<case>.txt ({base} and {head}: the commits' short shas).
DPC_REGEN=1 rewrites the expected files (review the change before committing it)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import CASES
from diffrepo import commit_all, edit, git, make_repo
from test_build_plain import FILES as PLAIN

from compiler.diff.model import ADDED, CHANGED, Change, DiffReport, Manifest, ProductSummary, Revision
from compiler.report.diff.markdown import LIMIT, MARKER, render

HISTORY = CASES / "diff" / "history"
LENS = """\
name: shop-lens
version: v1alpha
type: lens
description: Semantic model of the shop's orders.
workspace: shop
lens:
  compute: runnable-default
  source:
    type: minerva
    name: system
    catalog: lakehouse
  repo:
    url: https://github.com/acme/dataos-products
    lensBaseDir: dataos-products/products/shop/lens/model
"""
TABLE = """\
tables:
  - name: orders
    sql: SELECT * FROM lakehouse.shop.orders_clean
    measures:
      - name: revenue
        sql: amount
        type: sum
"""


def whole(run, case: str, **shas: str) -> None:
    """The run's stdout, stderr and exit code are exactly the case file's."""
    got = f"{run.stdout}--- stderr\n{run.stderr}--- exit {run.exit_code}\n"
    for name, sha in shas.items():
        got = got.replace(sha, "{" + name + "_sha}").replace(sha[:12], "{" + name + "}")
    path = HISTORY / f"expected-{case}.txt"
    if os.environ.get("DPC_REGEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def short(repo: Path, rev: str) -> str:
    """The commit's sha (the whole output shows its first 12 digits, the markdown footer all of it)."""
    return git(repo, "rev-parse", rev)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_a_base_with_a_syntax_error_is_compared_as_it_is(dpc, repo: Path) -> None:
    depot = repo / "products/shop/depot.yaml"
    depot.write_text(depot.read_text() + "  extra: [\n")
    commit_all(repo, "broken")
    edit(depot, "  extra: [\n", "")
    edit(depot, "port: 5432", "port: 5433")
    commit_all(repo, "fixed")
    whole(dpc("diff", "--base", "HEAD~1", "--head", "HEAD", cwd=repo), "base-syntax-error",
          base=short(repo, "HEAD~1"), head=short(repo, "HEAD"))


def test_a_base_with_an_unknown_version_is_compared_as_it_is(dpc, repo: Path) -> None:
    orders = repo / "products/shop/orders.yaml"
    edit(orders, "name: wf-shop-orders\n", "name: wf-shop-orders\nversion: v9\n")
    commit_all(repo, "v9")
    edit(orders, "version: v9\n", "version: v1\n")
    edit(orders, "Cleans", "Cleans up")
    commit_all(repo, "v1")
    whole(dpc("diff", "--base", "HEAD~1", "--head", "HEAD", cwd=repo), "base-unknown-version",
          base=short(repo, "HEAD~1"), head=short(repo, "HEAD"))


def test_rule_settings_never_change_what_is_compared(dpc, repo: Path) -> None:
    """The base turned a rule off, the head turns it on again: the same resources, nothing to apply."""
    edit(repo / "dpc.yaml", "defaultEnvironment: dev\n", "defaultEnvironment: dev\nrules:\n  R012: \"off\"\n")
    commit_all(repo, "rules")
    edit(repo / "dpc.yaml", "rules:\n  R012: \"off\"\n", "")
    commit_all(repo, "no rules")
    whole(dpc("diff", "--base", "HEAD~1", "--head", "HEAD", cwd=repo), "rule-settings",
          base=short(repo, "HEAD~1"), head=short(repo, "HEAD"))


def test_a_head_with_errors_reports_them_and_still_prints_the_diff(dpc, repo: Path) -> None:
    edit(repo / "products/shop/orders.yaml", "Cleans", "Cleans up")
    edit(repo / "products/shop/depot.yaml", "host: shopdb.internal", "host: '{{ vars.shopdb_host }}'")
    (repo / "products/shop/notes.txt").write_text("call the DBA first\n")
    whole(dpc("diff", cwd=repo), "head-errors", base=short(repo, "HEAD"))


def test_a_version_bump_is_a_change_of_the_same_resource(dpc, repo: Path) -> None:
    depot = repo / "products/shop/depot.yaml"
    edit(depot, "name: shopdb\n", "name: shopdb\nversion: v1\n")
    edit(depot, "  postgresql:\n", "  connectionSecret: []\n  spec:\n")
    whole(dpc("diff", cwd=repo), "version-bump", base=short(repo, "HEAD"))


def test_deleting_a_secret_still_used_is_an_error_at_the_reference(dpc, repo: Path) -> None:
    (repo / "products/shop/secrets.yaml").unlink()
    whole(dpc("diff", cwd=repo), "secret-still-used", base=short(repo, "HEAD"))
    whole(dpc("diff", "--format", "markdown", cwd=repo), "secret-still-used-markdown", base=short(repo, "HEAD"))
    doc = json.loads(dpc("diff", "--format", "json", cwd=repo).stdout)
    assert (next(iter(doc)), doc["warning"]) == (
        "warning", "warning: this plan deletes 1 resource from DataOS: instance-secret:v1:shopdb-r")
    assert doc["errors"] == [{"code": "G010", "position": "products/shop/depot.yaml:8:13", "message":
                              "this still uses instance-secret shopdb-r, which the change removes; the plan would "
                              "delete it from under this reference"}]


def test_a_renamed_data_product_with_its_bundle_and_lens(dpc, repo: Path) -> None:
    """The folder, the product, its bundle, its scanner and its lens get new names; nothing the head still
    defines is deleted, and each rename is one entry with its inner diff."""
    (repo / "products/shop/lens/model/tables").mkdir(parents=True)
    (repo / "products/shop/lens/deployment.yaml").write_text(LENS)
    (repo / "products/shop/lens/model/tables/orders.yml").write_text(TABLE)
    commit_all(repo, "lens")
    shutil.move(repo / "products/shop", repo / "products/store")
    edit(repo / "products/store/product.yaml", "product: shop", "product: store")
    edit(repo / "products/store/orders.yaml", "sqlFile: products/shop/", "sqlFile: products/store/")
    lens = repo / "products/store/lens/deployment.yaml"
    edit(lens, "name: shop-lens", "name: store-lens")
    edit(lens, "products/shop/lens", "products/store/lens")
    commit_all(repo, "shop is now store")
    run = dpc("diff", "--base", "HEAD~1", "--head", "HEAD", cwd=repo)
    whole(run, "renamed-product", base=short(repo, "HEAD~1"), head=short(repo, "HEAD"))
    doc = json.loads(dpc("diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json", cwd=repo).stdout)
    assert doc["products"] == [
        {"name": "reports", "status": "unchanged", "added": 0, "removed": 0, "changed": 0, "unchanged": 4,
         "renamed_from": None},
        {"name": "store", "status": "renamed", "added": 0, "removed": 0, "changed": 4, "unchanged": 3,
         "renamed_from": "shop"}]


def test_a_lens_model_change_is_a_change_of_the_lens(dpc, repo: Path) -> None:
    (repo / "products/shop/lens/model/tables").mkdir(parents=True)
    (repo / "products/shop/lens/deployment.yaml").write_text(LENS)
    (repo / "products/shop/lens/model/tables/orders.yml").write_text(TABLE)
    commit_all(repo, "lens")
    edit(repo / "products/shop/lens/model/tables/orders.yml", "type: sum", "type: avg")
    whole(dpc("diff", cwd=repo), "lens-model", base=short(repo, "HEAD"))


def test_a_plain_folder_product_whose_spec_is_renamed_is_the_same_product(dpc, tmp_path: Path) -> None:
    """The docs' CI/CD layout (no product.yaml): the spec file is renamed and the product with it."""
    root = tmp_path / "plain"
    for name, text in PLAIN.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "plain")
    shutil.move(root / "data_product/deployment.yaml", root / "data_product/data-product.yaml")
    edit(root / "data_product/data-product.yaml", "name: shop\n", "name: webshop\n")
    edit(root / "data_product/scanner/dp_scanner.yaml", "'^shop$'", "'^webshop$'")
    whole(dpc("diff", cwd=root), "plain-renamed-spec", base=short(root, "HEAD"))


def test_a_base_that_does_not_build_and_a_head_that_does_not(dpc, repo: Path) -> None:
    """Was G007 (the base refused) and an empty stdout for the head: now both are compared as they are."""
    depot = repo / "products/shop/depot.yaml"
    edit(depot, "host: shopdb.internal", "host: '{{ vars.shopdb_host }}'")
    commit_all(repo, "broken")
    edit(depot, "host: '{{ vars.shopdb_host }}'", "host: shopdb.internal")
    commit_all(repo, "fixed")
    whole(dpc("diff", "--base", "HEAD~1", cwd=repo), "base-does-not-build", base=short(repo, "HEAD~1"))
    edit(depot, "host: shopdb.internal", "host: '{{ vars.shopdb_host }}'")
    whole(dpc("diff", cwd=repo), "head-does-not-build", base=short(repo, "HEAD"))


def test_markdown_spends_its_room_on_changes_first_and_ends_with_the_command() -> None:
    """Forty big additions come first in the report; the one changed resource, last, is still shown."""
    def manifest(name: str) -> Manifest:
        return Manifest("big", f"workflow:v1:{name}:big", "workflow", name, "big", "f", None, 0, "", scheduled=True)

    big = "".join(f"+    line {n}\n" for n in range(400))
    added = [Change(ADDED, None, manifest(f"wf-{i:02d}"), big) for i in range(40)]
    changed = Change(CHANGED, manifest("wf-last"), manifest("wf-last"), "-    a\n+    b\n")
    report = DiffReport(Revision("main", "a" * 40), Revision("working tree", None), "dev",
                        (ProductSummary("big", CHANGED, (40, 0, 1, 0)),), (*added, changed), (), (), (),
                        version="9.9", command="dpc diff --base " + "a" * 40 + " --env dev")
    text = render(report)
    assert len(text) < LIMIT
    assert text.split("\n")[:3] == [MARKER, "**1 changed, 40 added; 0 plan steps**", ""]
    assert "<details><summary>changed: workflow wf-last (workspace big)</summary>" in text
    kept = text.count("<details><summary>added:")
    assert 0 < kept < 40
    assert text.endswith(f"<sub>dpc 9.9 · reproduce with `dpc diff --base {'a' * 40} --env dev`</sub>\n")
