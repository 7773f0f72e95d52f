"""The merge rule of defaults under resource specs (README, "dpc build"), end to end and unit by unit."""

from __future__ import annotations

from pathlib import Path

from compiler.emit.canonical import to_yaml
from compiler.expand.merge import merge, union_tags
from compiler.load.origin import Origin
from compiler.load.yamlload import parse_text

ENV = """\
tenant: acme
owner: env-owner
workspace: envws
compute: {runnable: runnable-small}
defaults:
  workflow:
    tags: [from-env]
    description: env description
    workflow:
      title: env title
      schedule: {cron: '0 1 * * *', timezone: UTC}
      dag: [{name: from-env}]
"""
PRODUCT = """\
product: shop
domain: Retail
tier: Source Aligned
useCases: [Forecasting]
inputs: [dataset:lakehouse:retail:orders]
owner: product-owner
workspace: shop
defaults:
  workflow:
    tags: [from-product]
    workflow:
      title: product title
"""
SPEC = """\
name: wf-shop
type: workflow
tags: [zz-spec, from-env]
workflow:
  schedule: null
  dag:
    - name: job
      spec:
        stack: soda+python:1.0
        stackSpec:
          inputs: [{dataset: 'dataos://lakehouse:retail/orders', checks: [{row_count > 0: {name: rows}}]}]
"""
EXPANDED = """\
name: wf-shop
version: v1
type: workflow
tags:
  - DPDomain.Retail
  - DPTier.Source Aligned
  - DPUsecase.Forecasting
  - from-env
  - from-product
  - zz-spec
description: env description
owner: product-owner
layer: user
workspace: shop
workflow:
  title: product title
  dag:
    - name: job
      spec:
        stack: soda+python:1.0
        compute: runnable-small
        stackSpec:
          inputs:
            - dataset: dataos://lakehouse:retail/orders
              checks:
                - row_count > 0:
                    name: rows
"""


def make(root: Path) -> Path:
    (root / ".git").mkdir()
    (root / "platform.yaml").write_text("computes: [{name: runnable-small, purpose: runnable}]\n")
    (root / "environments").mkdir()
    (root / "environments" / "dev.yaml").write_text(ENV)
    (root / "products" / "shop").mkdir(parents=True)
    (root / "products" / "shop" / "product.yaml").write_text(PRODUCT)
    (root / "products" / "shop" / "wf.yaml").write_text(SPEC)
    return root


def test_spec_over_product_defaults_over_product_over_environment(dpc, tmp_path: Path) -> None:
    """Scalars: the strongest layer wins (title from the product's defaults, description from the
    environment's, owner/workspace from product.yaml over the environment). Lists: the spec's dag
    replaces the environment's. Tags: the union of every layer and the product tags, sorted.
    ``schedule: null`` in the spec removes the environment's default schedule. Compute: the
    environment's runnable compute."""
    repo = make(tmp_path)
    run = dpc("build", "--env", "dev", cwd=repo)
    assert run.exit_code == 0, run
    text = (repo / "dist" / "dev" / "shop" / "01-bundle-shop-bundle.yaml").read_text()
    spec = parse_text("b.yaml", text).documents[0].data["bundle"]["resources"][0]["spec"]
    assert to_yaml(spec) == EXPANDED


def test_errors_in_defaults_point_at_the_environment_file(dpc, tmp_path: Path) -> None:
    repo = make(tmp_path)
    (repo / "environments" / "dev.yaml").write_text(ENV.replace("title: env title", "titel: env title"))
    product = repo / "products" / "shop" / "product.yaml"
    product.write_text(PRODUCT.replace("    workflow:\n      title: product title\n", ""))
    run = dpc("build", "--env", "dev", cwd=repo)
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == ("environments/dev.yaml:10:7: error S006 unknown key 'titel' in workflow; "
                                          "did you mean 'title'?")


def _doc(text: str):
    return parse_text("f.yaml", text).documents[0]


def test_merge_unit_rules() -> None:
    weak, strong = _doc("a: {x: 1, y: [1, 2]}\nb: 1\nc: keep\n"), _doc("a: {y: [3]}\nb: null\n")
    origins: dict = {}
    merged = merge([(weak.data, Origin(weak)), (strong.data, Origin(strong))], origins)
    assert merged == {"a": {"x": 1, "y": [3]}, "c": "keep"}
    assert origins[("a", "y")].document is strong and origins[("a", "x")].document is weak


def test_a_scalar_in_a_stronger_layer_hides_a_mapping() -> None:
    weak, strong = _doc("a: {x: 1}\n"), _doc("a: text\n")
    assert merge([(weak.data, Origin(weak)), (strong.data, Origin(strong))], {}) == {"a": "text"}


def test_tags_union_sorted_once_each() -> None:
    doc = _doc("t: [b, a]\n")
    tags, origins = union_tags([("b", Origin(doc, ("t", 0))), ("a", Origin(doc, ("t", 1))),
                                ("b", Origin(doc, ("t", 9)))])
    assert tags == ["a", "b"]
    assert origins[1].path == ("t", 9)  # the strongest source of 'b'
