"""A plain DataOS folder in the docs' CI/CD layout (no product.yaml, no dpc.yaml) builds as it is:
its own manifests in apply order, the hand-written bundle with its files and SQL inlined."""

from __future__ import annotations

from pathlib import Path

FILES = {
    "data_product/depot/shopdb-r.yaml": """\
name: shopdb-r
version: v1
type: instance-secret
instance-secret:
  type: key-value-properties
  acl: r
  data: {username: '${SHOPDB_USERNAME}', password: '${SHOPDB_PASSWORD}'}
""",
    "data_product/depot/depot.yaml": """\
name: shopdb
version: v2alpha
type: depot
depot:
  type: POSTGRESQL
  external: true
  secrets: [{name: shopdb-r, allkeys: true}]
  postgresql: {host: db, port: 5432, database: shop}
""",
    "data_product/transformation/flare.yaml": """\
name: wf-shop-orders
version: v1
type: workflow
workspace: public
workflow:
  dag:
    - name: orders
      spec:
        stack: flare:7.0
        compute: runnable-default
        stackSpec:
          job:
            inputs: [{name: orders, dataset: 'dataos://shopdb:public/orders'}]
            steps:
              - sequence:
                  - {name: clean_orders, sqlFile: data_product/transformation/orders.sql}
            outputs: [{name: clean_orders, dataset: 'dataos://lakehouse:shop/orders?acl=rw', format: Iceberg}]
""",
    "data_product/transformation/orders.sql": "SELECT *\nFROM orders\n",
    "data_product/bundle/bundle.yaml": """\
name: shop-bundle
version: v1beta
type: bundle
bundle:
  resources:
    - id: orders
      file: data_product/transformation/flare.yaml
      workspace: public
""",
    "data_product/deployment.yaml": """\
name: shop
version: v1beta
entity: product
type: data
v1beta:
  data:
    resource: {refType: dataos, ref: 'bundle:v1beta:shop-bundle'}
    inputs: [{refType: dataos, ref: 'dataset:shopdb:public:orders'}]
""",
    "data_product/scanner/dp_scanner.yaml": """\
name: scan-dp-shop
version: v1
type: workflow
workspace: public
workflow:
  dag:
    - name: scan
      spec:
        stack: scanner:2.0
        compute: runnable-default
        stackSpec:
          type: data-product
          sourceConfig:
            config:
              type: DataProduct
              markDeletedDataProducts: true
              dataProductFilterPattern: {includes: ['^shop$']}
""",
}

BUNDLE = """\
name: shop-bundle
version: v1beta
type: bundle
bundle:
  resources:
    - id: orders
      workspace: public
      spec:
        name: wf-shop-orders
        version: v1
        type: workflow
        workspace: public
        workflow:
          dag:
            - name: orders
              spec:
                stack: flare:7.0
                compute: runnable-default
                stackSpec:
                  job:
                    inputs:
                      - name: orders
                        dataset: dataos://shopdb:public/orders
                    steps:
                      - sequence:
                          - name: clean_orders
                            sql: |
                              SELECT *
                              FROM orders
                    outputs:
                      - name: clean_orders
                        dataset: dataos://lakehouse:shop/orders?acl=rw
                        format: Iceberg
"""


def test_plain_docs_layout_builds(dpc, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    run = dpc("build", cwd=tmp_path)
    assert (run.exit_code, run.stdout) == (0, "dist/default/shop: 5 manifests written\n")
    out = tmp_path / "dist" / "default" / "shop"
    assert sorted(p.name for p in out.iterdir()) == [
        "01-instance-secret-shopdb-r.yaml", "02-depot-shopdb.yaml", "03-bundle-shop-bundle.yaml",
        "04-data-product-shop.yaml", "05-workflow-scan-dp-shop.yaml", "index.json"]
    assert (out / "03-bundle-shop-bundle.yaml").read_text() == BUNDLE
    assert (out / "02-depot-shopdb.yaml").read_text() == """\
name: shopdb
version: v2alpha
type: depot
depot:
  type: POSTGRESQL
  external: true
  secrets:
    - name: shopdb-r
      allkeys: true
  postgresql:
    host: db
    port: 5432
    database: shop
"""
