"""dpc diff on real git repositories: each kind of change, the plan, the impact, the formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from diffrepo import EXAMPLES, commit_all, edit, git, make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def test_one_sql_edit_shows_that_change_inside_its_workflow_and_reapplies_only_its_bundle(dpc, repo: Path) -> None:
    """The issue's "done when": one commit edits one Flare job's SQL."""
    edit(repo / "products/shop/sql/orders.sql", "WHERE status <> 'cancelled'",
         "WHERE status NOT IN ('cancelled', 'returned')")
    commit_all(repo, "orders: leave out returned orders")
    base = git(repo, "rev-parse", "HEAD~1")[:12]
    run = dpc("diff", "--base", "HEAD~1", cwd=repo)
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout == f"""\
dpc diff: HEAD~1 ({base}) -> working tree, environment dev

shop: 1 changed, 5 unchanged
  changed workflow wf-shop-orders (workspace shop), in bundle shop-bundle
    --- base/workflow:v1:wf-shop-orders:shop
    +++ head/workflow:v1:wf-shop-orders:shop
    @@ -28,7 +28,7 @@
                                  customer_id,
                                  CAST(amount AS DECIMAL(12, 2)) AS amount
                             FROM orders
    -                       WHERE status <> 'cancelled'
    +                       WHERE status NOT IN ('cancelled', 'returned')
                 outputs:
                   - name: orders_clean
                     dataset: dataos://lakehouse:shop/orders_clean?acl=rw

Plan, in this order:
  1. dataos-ctl apply -f dist/dev/shop/01-bundle-shop-bundle.yaml
     # shop: workflow wf-shop-orders (workspace shop) changed inside (runs again when applied: no schedule)

Impact on other products:
  reports reads dataset:lakehouse:shop:orders_clean, written by workflow wf-shop-orders of shop, which changed

compiled, no difference: reports
"""


def test_no_change_and_exit_code(dpc, repo: Path) -> None:
    run = dpc("diff", "--exit-code", cwd=repo)
    head = git(repo, "rev-parse", "HEAD")[:12]
    assert (run.exit_code, run.stdout) == (0, f"dpc diff: HEAD ({head}) -> working tree, environment dev\n\n"
                                              "no changes: no product's sources differ\nnot compiled, same sources "
                                              "on both sides: reports, shop\n")
    edit(repo / "products/shop/depot.yaml", "port: 5432", "port: 5433")
    assert dpc("diff", "--exit-code", cwd=repo).exit_code == 1
    assert dpc("diff", cwd=repo).exit_code == 0


def resources(run) -> list[tuple[str, str, str, str]]:
    doc = json.loads(run.stdout)
    return [(r["product"], r["status"], r["before"] or "-", r["after"] or "-") for r in doc["resources"]
            if r["status"] != "unchanged"]


def test_added_removed_changed_and_a_rename(dpc, repo: Path) -> None:
    (repo / "products/shop/secrets.yaml").write_text((repo / "products/shop/secrets.yaml").read_text() + """\
---
name: shopdb-rw
type: instance-secret
description: Read-write credentials of the shop database.
instance-secret:
  type: key-value-properties
  acl: rw
  data:
    username: ${SHOPDB_USERNAME}
    password: ${SHOPDB_PASSWORD}
""")
    edit(repo / "products/shop/depot.yaml", "host: shopdb.internal", "host: shopdb-2.internal")
    edit(repo / "products/reports/daily.yaml", "name: wf-reports-daily", "name: wf-reports-daily-revenue")
    run = dpc("diff", "--format", "json", cwd=repo)
    assert run.exit_code == 0, run
    assert resources(run) == [
        ("reports", "changed", "bundle:v1beta:reports-bundle", "bundle:v1beta:reports-bundle"),  # the entry's id
        ("reports", "renamed", "workflow:v1:wf-reports-daily:reports", "workflow:v1:wf-reports-daily-revenue:reports"),
        ("shop", "changed", "bundle:v1beta:shop-bundle", "bundle:v1beta:shop-bundle"),  # a new entry
        ("shop", "added", "-", "instance-secret:v1:shopdb-rw"),
        ("shop", "changed", "depot:v2alpha:shopdb", "depot:v2alpha:shopdb"),
    ]
    assert json.loads(run.stdout)["renames"] == [
        {"product": "reports", "type": "workflow", "removed": "wf-reports-daily", "added": "wf-reports-daily-revenue"}]
    text = dpc("diff", cwd=repo).stdout
    assert ("  renamed workflow wf-reports-daily (workspace reports) -> wf-reports-daily-revenue, in bundle "
            "reports-bundle\n") in text
    assert "    -    host: shopdb.internal\n    +    host: shopdb-2.internal\n" in text


def test_a_product_added_and_one_removed_show_all_their_resources(dpc, repo: Path) -> None:
    shutil.copytree(repo / "products/reports", repo / "products/reports-2")
    for name in ("product.yaml", "daily.yaml"):
        edit(repo / "products/reports-2" / name, "reports", "reports-two")
    shutil.rmtree(repo / "products/shop")
    run = dpc("diff", "--format", "json", cwd=repo)
    assert run.exit_code == 1, run  # the reports read what shop wrote: B001
    doc = json.loads(run.stdout)
    assert doc["breaking"] == [{"code": "B001", "position": "products/shop/orders.yaml:22:26", "message":
                                "the change stops writing dataset lakehouse:shop/orders_clean (written by workflow "
                                "'wf-shop-orders' at the base), which products 'reports', 'reports-2' read",
                                "consumers": ["reports", "reports-2"]}]
    assert [(p["name"], p["status"]) for p in doc["products"]] == [
        ("reports", "skipped"), ("reports-2", "added"), ("shop", "removed")]
    assert {(r["product"], r["status"]) for r in doc["resources"]} == {("reports-2", "added"), ("shop", "removed")}
    assert len([r for r in doc["resources"] if r["product"] == "shop"]) == 6
    assert [s["command"] for s in doc["plan"]] == [
        "dataos-ctl apply -f dist/dev/reports-2/01-bundle-reports-two-bundle.yaml",
        "dataos-ctl product apply -f dist/dev/reports-2/02-data-product-reports-two.yaml",
        "dataos-ctl apply -f dist/dev/reports-2/03-workflow-scan-dp-reports-two.yaml",
        'dataos-ctl delete -i "workflow:v1:scan-dp-shop:shop"',
        'dataos-ctl product delete -i "data:v1beta:shop"',
        'dataos-ctl delete -i "bundle:v1beta:shop-bundle"',
    ]
    assert doc["impacts"] == [{"product": name, "dataset": "dataset:lakehouse:shop:orders_clean", "producer": "shop",
                               "writer": "workflow wf-shop-orders", "how": "removed"}
                              for name in ("reports", "reports-2")]


def test_plan_order_on_the_example_products(dpc, tmp_path: Path) -> None:
    """Secrets and depots, then bundles, then product apply, then scanners; deletions last, in reverse."""
    repo = make_repo(tmp_path / "examples", EXAMPLES)
    edit(repo / "products/sales-360/depot/salesdb.yaml", "port: 5432", "port: 6432")
    edit(repo / "products/sales-360/depot/salesdb-r.yaml", "${SALESDB_USERNAME}", "${SALESDB_RW_USERNAME}")
    edit(repo / "products/sales-360/build/sql/orders_enriched.sql", "SELECT", "SELECT DISTINCT")
    edit(repo / "products/sales-360/deploy/data_product_spec.yaml", "description:", "description: (v2)")
    shutil.rmtree(repo / "products/product-affinity")
    doc = json.loads(dpc("diff", "--format", "json", cwd=repo).stdout)
    steps = [(s["action"], s["target"].rsplit("/", 1)[-1]) for s in doc["plan"]]
    assert steps == [
        ("apply", "02-instance-secret-salesdb-r.yaml"),
        ("apply", "04-depot-salesdb.yaml"),
        ("apply", "06-bundle-sales-360-bundle.yaml"),
        ("product apply", "07-data-product-sales-360.yaml"),
        ("delete", "workflow:v1:scan-dp-product-affinity:public"),
        ("product delete", "data:v1beta:product-affinity"),
        ("delete", "bundle:v1beta:product-affinity-bundle"),
        ("delete", "depot:v2alpha:catalogdb"),
        ("delete", "instance-secret:v1:product-affinity-git-r"),
        ("delete", "instance-secret:v1:catalogdb-rw"),
        ("delete", "instance-secret:v1:catalogdb-r"),
    ]


def test_head_revision_and_a_dirty_tree(dpc, repo: Path) -> None:
    edit(repo / "products/shop/depot.yaml", "port: 5432", "port: 5433")
    commit_all(repo, "port")
    edit(repo / "products/shop/depot.yaml", "port: 5433", "port: 5434")  # not committed: --head ignores it
    run = dpc("diff", "--base", "HEAD~1", "--head", "HEAD", cwd=repo)
    assert "    -    port: 5432\n    +    port: 5433\n" in run.stdout
    assert "5434" not in run.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_credential_in_an_ordinary_field_is_masked_even_with_its_rule_off(dpc, repo: Path, fmt: str) -> None:
    """P006 reports a password in a URL; a team that turned P006 off still never sees it in a diff."""
    (repo / "dpc.yaml").write_text((repo / "dpc.yaml").read_text() + "rules: {P006: off}\n")
    commit_all(repo, "P006 off")
    edit(repo / "products/shop/orders.yaml", "driver: org.postgresql.Driver",
         "driver: org.postgresql.Driver\n                  url: jdbc:postgresql://etl:Hunter2Secret@db:5432/shop")
    run = dpc("diff", "--base", "HEAD", "--format", fmt, cwd=repo)
    assert run.exit_code == 0, run
    assert "Hunter2Secret" not in run.stdout + run.stderr
    assert "url: jdbc:postgresql://etl:" in run.stdout or "url: jdbc:postgresql://etl:" in json.dumps(run.stdout)


def test_a_monorepo_diff_names_only_the_first_skipped_products() -> None:
    from compiler.report.diff.text import name_list

    names = [f"p{i:02d}" for i in range(25)]
    assert name_list(names[:3]) == "p00, p01, p02"
    assert name_list(names) == ", ".join(names[:20]) + " and 5 more"
