"""Plan safety as properties over random pairs of repositories, each pair two commits of a real git
repository: the plan never deletes an identity that it also applies or that the head still defines;
every delete comes after every apply, in reverse dependency order; a changed workflow without a
schedule is marked as running again; a plan that deletes anything starts every format with a warning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from diffrepo import commit_all, git
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.diff.compare import compare
from compiler.diff.model import ADDED, CHANGED, RENAMED, DiffReport, Manifest, ProductSummary, Revision
from compiler.diff.plan import NO_SCHEDULE, plan, warning
from compiler.diff.runner import DiffOptions, run
from compiler.diff.units import Unit
from compiler.load import fs
from compiler.report.diff import render
from compiler.resolve.depgraph import rank

PRODUCTS = ("p0", "p1")
SECRETS, DEPOTS, WORKFLOWS = ("sa", "sb"), ("da", "db"), ("wa", "wb", "wc")
PRODUCT = "product: {p}\ntitle: {p}\ndescription: Product {p}.\ndomain: Retail\nowner: iamgroot\nworkspace: {p}\n"
SECRET = """\
name: {name}
type: instance-secret
description: Credentials {variant}.
instance-secret:
  type: key-value-properties
  acl: r
  data:
    username: ${{DB_USERNAME}}
    password: ${{DB_PASSWORD}}
"""
DEPOT = """\
name: {name}
type: depot
description: Database {variant}.
depot:
  type: POSTGRESQL
  external: true
  secrets:
    - name: {secret}
      allkeys: true
  postgresql:
    host: {name}.internal
    port: {port}
    database: shop
"""
WORKFLOW = """\
name: {name}
type: workflow
description: Copies orders {variant}.
workflow:
{schedule}  dag:
    - name: copy
      spec:
        stack: flare:7.0
        stackSpec:
          job:
            inputs:
              - name: orders
                dataset: dataos://{depot}:public/orders
            steps:
              - sequence:
                  - name: copied
                    sql: SELECT * FROM orders
            outputs:
              - name: copied
                dataset: dataos://lakehouse:{product}/{name}?acl=rw
                format: Iceberg
"""
SCHEDULE = "  schedule:\n    cron: '0 3 * * *'\n"

place = st.sampled_from((None, *PRODUCTS))
variant = st.integers(0, 1)
side = st.fixed_dictionaries({
    "secrets": st.fixed_dictionaries({n: st.tuples(place, variant) for n in SECRETS}),
    "depots": st.fixed_dictionaries({n: st.tuples(place, variant, st.sampled_from(SECRETS)) for n in DEPOTS}),
    "workflows": st.fixed_dictionaries({n: st.tuples(place, variant, st.sampled_from(DEPOTS), st.booleans())
                                        for n in WORKFLOWS}),
})


def _write(root: Path, repo: dict) -> None:
    """Replace the products folder with ``repo``'s resources."""
    shutil.rmtree(root / "products", ignore_errors=True)
    for kind, entries in repo.items():
        for name, (product, var, *more) in entries.items():
            if product is None:
                continue
            folder = root / "products" / product
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "product.yaml").write_text(PRODUCT.format(p=product))
            if kind == "secrets":
                text = SECRET.format(name=name, variant=var)
            elif kind == "depots":
                text = DEPOT.format(name=name, variant=var, secret=more[0], port=5432 + var)
            else:
                text = WORKFLOW.format(name=name, variant=var, depot=more[0], product=product,
                                       schedule=SCHEDULE if more[1] else "")
            (folder / f"{name}.yaml").write_text(text)
    (root / "products").mkdir(exist_ok=True)
    (root / "products" / ".keep").write_text("")


def check(report: DiffReport) -> None:
    applies = [s for s in report.plan if not s.action.endswith("delete")]
    deletes = [s for s in report.plan if s.action.endswith("delete")]
    assert report.plan[: len(applies)] == tuple(applies), "every delete comes after every apply"
    head = {c.after.key for c in report.changes if c.after is not None}
    applied = {c.after.key for c in report.changes if c.after is not None and c.status in (ADDED, CHANGED, RENAMED)}
    gone = {c.before.identity: c.before for c in report.changes if c.before is not None}
    deleted = [gone[s.target] for s in deletes]
    assert not {m.key for m in deleted} & head, "never delete what the head defines"
    assert not {m.key for m in deleted} & applied, "never delete what the plan applies"
    ranks = [rank(m.type, m.scanner) for m in deleted]
    assert ranks == sorted(ranks, reverse=True), "deletes in reverse dependency order"
    for c in report.changes:
        m = c.after
        if c.status in (ADDED, CHANGED, RENAMED) and m is not None and m.type == "workflow" and not m.scheduled:
            assert any(NO_SCHEDULE in s.reason and m.name in s.reason for s in applies), m.name
    first = warning(report.plan)
    assert bool(first) == bool(deletes)
    if first:
        assert render("text", report, False).startswith(first + "\n")
        assert render("markdown", report, False).split("\n")[1] == f"> **{first}**"
        assert json.loads(render("json", report, False))["warning"] == first
        assert next(iter(json.loads(render("json", report, False)))) == "warning"


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(base=side, head=side)
def test_plan_invariants_over_random_pairs_of_repositories(tmp_path_factory, base: dict, head: dict) -> None:
    root = tmp_path_factory.mktemp("pair")
    (root / "dpc.yaml").write_text("products: [products]\n")
    git(root, "init", "-q", "-b", "main")
    _write(root, base)
    commit_all(root, "base")
    _write(root, head)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "--no-verify", "-m", "head")
    with fs.use(fs.OS):
        outcome = run(DiffOptions(root, "HEAD~1", None, "HEAD"))
    assert outcome.failure is None, outcome.failure
    assert outcome.report is not None
    check(outcome.report)


TYPES = ("instance-secret", "depot", "workflow", "cluster", "bundle", "data")
unit_spec = st.tuples(st.sampled_from(TYPES), st.sampled_from(("a", "b", "c")), st.sampled_from(PRODUCTS),
                      st.booleans(), st.integers(0, 2), st.booleans())


def _units(specs: list[tuple]) -> list[Unit]:
    """Units of one side: (type, name, product, inside the product's bundle, text variant, scheduled)."""
    out, seen = [], set()
    bundles = {p for kind, _, p, *_ in specs if kind == "bundle"}
    for i, (kind, name, product, member, var, scheduled) in enumerate(specs):
        if (kind, name) in seen:
            continue
        seen.add((kind, name))
        bundle = f"bundle:v1beta:{product}-b" if member and kind not in ("bundle", "data") and product in bundles \
            else None
        ident = f"{kind}:v1:{name}"
        text = f"name: {name}\ntype: {kind}\nvariant: {var}\n" + "line\n" * 8
        m = Manifest(product, ident, kind, name, None, f"build/dev/{product}/{i:02d}-{kind}-{name}.yaml", bundle,
                     i, text, False, "", kind == "workflow" and scheduled)
        out.append(Unit(m, text))
    return out


@settings(max_examples=300, deadline=None)
@given(base=st.lists(unit_spec, max_size=8), head=st.lists(unit_spec, max_size=8))
def test_plan_invariants_over_random_pairs_of_resource_sets(base: list, head: list) -> None:
    changes = compare(_units(base), _units(head))
    products = tuple(ProductSummary(p, CHANGED, (0, 0, 0, 0)) for p in sorted({c.product for c in changes}))
    report = DiffReport(Revision("base", "a" * 40), Revision("head", "b" * 40), "dev", products, tuple(changes), (),
                        tuple(plan(changes, {})), ())
    check(report)
