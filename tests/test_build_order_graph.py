"""Build order and the diff's apply plan read one dependency graph: the resolver's edges plus the datasets
each resource writes (compiler.resolve.depgraph). A workflow writing a dataset that another reads is applied
first, whatever the keys that write it are called: here a nilus ``sink``, which the former key-name guess
(only flare ``outputs``) did not see, so the reader came first by name."""

from __future__ import annotations

import json
from pathlib import Path

from diffrepo import commit_all, git

READER = """\
name: a-report
version: v1
type: workflow
workspace: public
workflow:
  dag:
    - name: report
      spec:
        stack: flare:7.0
        compute: runnable-default
        stackSpec:
          job:
            inputs: [{name: orders, dataset: 'dataos://lakehouse:shop/orders'}]
            steps:
              - sequence:
                  - {name: totals, sql: SELECT count(*) AS n FROM orders}
            outputs: [{name: totals, dataset: 'dataos://lakehouse:shop/totals?acl=rw', format: Iceberg}]
"""
WRITER = """\
name: z-ingest
version: v1
type: workflow
workspace: public
workflow:
  dag:
    - name: ingest
      spec:
        stack: nilus:1.0
        compute: runnable-default
        stackSpec:
          source:
            address: dataos://lakehouse:raw/orders
          sink:
            address: dataos://lakehouse:shop/orders
"""


def _write(root: Path) -> None:
    (root / "data_product").mkdir(parents=True)
    (root / "data_product" / "report.yaml").write_text(READER)
    (root / "data_product" / "ingest.yaml").write_text(WRITER)


def test_build_applies_the_nilus_writer_before_the_reader_of_its_dataset(dpc, tmp_path: Path) -> None:
    root = tmp_path / "shop"
    root.mkdir()
    (root / ".git").mkdir()
    _write(root)
    run = dpc("build", cwd=root)
    assert (run.exit_code, run.stdout, run.stderr) == (0, "dist/default/shop: 2 manifests written\n", "")
    out = root / "dist" / "default" / "shop"
    assert sorted(p.name for p in out.iterdir()) == [
        "01-workflow-z-ingest.yaml", "02-workflow-a-report.yaml", "index.json"]
    index = json.loads((out / "index.json").read_text())
    assert [(r["order"], r["identity"], r["file"]) for r in index["resources"]] == [
        (1, "workflow:v1:z-ingest:public", "01-workflow-z-ingest.yaml"),
        (2, "workflow:v1:a-report:public", "02-workflow-a-report.yaml"),
    ]


def test_diff_plan_applies_the_nilus_writer_before_the_reader_of_its_dataset(dpc, tmp_path: Path) -> None:
    root = tmp_path / "shop"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("# shop\n")
    commit_all(root, "an empty repository")
    base = git(root, "rev-parse", "HEAD")[:12]
    _write(root)
    run = dpc("diff", "--base", "HEAD", cwd=root)
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout == f"""\
dpc diff: HEAD ({base}) -> working tree, environment default

shop: 2 added
  added workflow z-ingest (workspace public)
    --- /dev/null
    +++ head/workflow:v1:z-ingest:public
    @@ -0,0 +1,15 @@
    +name: z-ingest
    +version: v1
    +type: workflow
    +workspace: public
    +workflow:
    +  dag:
    +    - name: ingest
    +      spec:
    +        stack: nilus:1.0
    +        compute: runnable-default
    +        stackSpec:
    +          source:
    +            address: dataos://lakehouse:raw/orders
    +          sink:
    +            address: dataos://lakehouse:shop/orders
  added workflow a-report (workspace public)
    --- /dev/null
    +++ head/workflow:v1:a-report:public
    @@ -0,0 +1,23 @@
    +name: a-report
    +version: v1
    +type: workflow
    +workspace: public
    +workflow:
    +  dag:
    +    - name: report
    +      spec:
    +        stack: flare:7.0
    +        compute: runnable-default
    +        stackSpec:
    +          job:
    +            inputs:
    +              - name: orders
    +                dataset: dataos://lakehouse:shop/orders
    +            steps:
    +              - sequence:
    +                  - name: totals
    +                    sql: SELECT count(*) AS n FROM orders
    +            outputs:
    +              - name: totals
    +                dataset: dataos://lakehouse:shop/totals?acl=rw
    +                format: Iceberg

Plan, in this order:
  1. dataos-ctl apply -f dist/default/shop/01-workflow-z-ingest.yaml
     # shop: added workflow z-ingest (workspace public) (runs again when applied: no schedule)
  2. dataos-ctl apply -f dist/default/shop/02-workflow-a-report.yaml
     # shop: added workflow a-report (workspace public) (runs again when applied: no schedule)
"""
