"""Codes of the family R (references): one Rule per code, in code order within each group.

References (R): found by compiler/resolve.
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule, W

RULES: tuple[Rule, ...] = (
    Rule("R001", "dangling-reference", E, "a reference names something that does not exist",
         "Every name a manifest points at (a depot in a dataos:// address, an instance secret, a compute, "
         "a cluster, a bundle id, a dag job, a monitor incident, a resource id...) must be defined in the same "
         "product, in another product of the repository, or in platform.yaml (what exists outside the "
         "repository; dpc has a built-in default). dataos-ctl would fail at apply time, or the resource would "
         "fail at run time. The closest existing names are suggested.",
         "inputs:\n  - name: orders\n    dataset: dataos://salesdb2:public/orders\n",
         "inputs:\n  - name: orders\n    dataset: dataos://salesdb:public/orders\n"),
    Rule("R002", "duplicate-resource", E, "two resources (or two ids of one list) have the same identity",
         "DataOS identifies a resource by type, name and workspace (instance-level types have no workspace). "
         "Two manifests with the same identity overwrite each other at apply time. Bundle resource ids and dag "
         "job names must be unique too. Each place is reported, naming the other.",
         "# depot/a.yaml\nname: salesdb\ntype: depot\n# depot/b.yaml\nname: salesdb\ntype: depot\n",
         "# depot/b.yaml\nname: salesdbcopy\ntype: depot\n"),
    Rule("R003", "missing-file", E, "a file: / sqlFile: / includes path points at no file",
         "dataos-ctl reads bundle resources[].file, workflow dag[].file, flare sqlFile and database "
         "migrate.includes from disk, relative to the folder it runs in. dpc looks for a relative path, in "
         "this order, from (1) the repository root, (2) the data product's folder: the manifest's folder cut "
         "before its first lifecycle folder (build/, deploy/, deployment/, activation/, observability/, "
         "monitor/, design/, bundle/), so sales-360/deploy/bundle.yaml naming build/flare.yaml means "
         "sales-360/build/flare.yaml, as in the docs' bundling recipe where dataos-ctl apply runs from the "
         "product folder, and (3) the manifest's own folder (R004). The first folder holding the file wins; "
         "this finding lists the folders looked in.",
         "sqlFile: products/sales-360/build/sql/order_enriched.sql\n",
         "sqlFile: products/sales-360/build/sql/orders_enriched.sql\n"),
    Rule("R004", "path-relative-to-manifest", W, "a file path only resolves from the manifest's own folder",
         "The DataOS docs' examples write paths from the repository root, where dataos-ctl runs. This path "
         "exists only relative to the manifest's folder, so `dataos-ctl apply` from the root would not find "
         "it. Write it from the repository root.",
         "# products/p/bundle/bundle.yaml\nfile: ../build/flare.yaml\n",
         "file: products/p/build/flare.yaml\n"),
    Rule("R005", "path-outside-repository", E, "a file path is absolute or leaves the repository",
         "Absolute paths only work on one machine, and paths that climb out of the repository make the build "
         "depend on files git does not hold. dpc never reads outside the repository.",
         "file: /home/office/build/flare.yaml\n", "file: products/p/build/flare.yaml\n"),
    Rule("R006", "reference-cycle", E, "references form a cycle",
         "Bundle dependencies, dag dependencies and product lineage (one product's outputs feeding another's "
         "inputs) must form a DAG: a cycle can never be applied or scheduled. The message lists the cycle.",
         "- id: a\n  dependencies: [b]\n- id: b\n  dependencies: [a]\n",
         "- id: a\n- id: b\n  dependencies: [a]\n"),
    Rule("R007", "malformed-reference", E, "a reference is not written in the syntax its field expects",
         "Reference fields have fixed syntaxes: dataos://depot[:collection[/dataset]][?acl=r|rw], "
         "dataset:depot:collection:dataset, type:version:name[:workspace], data:v1beta:name. A reference that "
         "does not parse, or names the wrong type of resource, cannot resolve.",
         "resource:\n  ref: bundle:v1beta:sales-360-bundle.\n",
         "resource:\n  ref: bundle:v1beta:sales-360-bundle\n"),
    Rule("R008", "compute-purpose", E, "a compute of the wrong purpose is used",
         "Minerva and Themis clusters run on a query compute (query-default); workflows, services, workers, "
         "lenses, depots and databases run on a runnable compute (runnable-default).",
         "cluster:\n  compute: runnable-default\n", "cluster:\n  compute: query-default\n"),
    Rule("R009", "depot-secret-acl", E, "a depot's instance secrets do not fit",
         "A v2alpha depot needs at least one instance secret with acl: r (dataos-ctl: \"invalid depot, "
         "missing a secret reference with acl: r\"). By convention <depot>-r has acl r and <depot>-rw has "
         "acl rw; a secret whose acl contradicts its name is reported.",
         "secrets:\n  - name: salesdb-rw\n", "secrets:\n  - name: salesdb-r\n  - name: salesdb-rw\n"),
    Rule("R010", "flare-output-name", E, "a flare output names no step and no input",
         "Each flare outputs[].name must be the name of a steps[].sequence[] entry, or of an input when the "
         "job has no steps; otherwise Flare has nothing to write.",
         "outputs:\n  - name: orders_enrich\n", "outputs:\n  - name: orders_enriched\n"),
    Rule("R011", "scanner-filter-mismatch", E, "a data product scanner's filter does not match the product",
         "The data product scanner registers the products its dataProductFilterPattern.includes regexes match. "
         "A filter that matches no data product of its folder registers nothing (or another team's product).",
         "includes:\n  - ^sales360$\n", "includes:\n  - ^sales-360$\n"),
    Rule("R012", "unused-secret", W, "an instance secret is used by nothing in the repository",
         "No depot, lens, lakehouse, cluster or job references this instance secret. It may be left over "
         "from a renamed depot; delete it or reference it.",
         "name: salesdb-old-r\ntype: instance-secret\n", ""),
    Rule("R013", "not-deployed", W, "a resource of a bundled product is deployed by no bundle",
         "The product has a bundle, but no bundle resources[] entry points at this resource's file, so "
         "`dataos-ctl apply` of the bundle never creates it. Instance secrets, depots, the data product spec "
         "and the scanners are applied on their own in the DataOS flow and are not reported.",
         "resources:\n  - id: flare\n    file: build/flare.yaml\n# build/quality.yaml is in no bundle\n",
         "resources:\n  - id: flare\n    file: build/flare.yaml\n  - id: quality\n    file: build/quality.yaml\n"),
    Rule("R014", "unprovided-input", W, "a data product input is written by no product",
         "The input names a dataset in a collection that products of this repository write, but none of them "
         "writes this dataset. Usually a typo in the dataset name, or an output that was renamed upstream.",
         "inputs:\n  - ref: dataset:lakehouse:sales360:order_enriched\n",
         "inputs:\n  - ref: dataset:lakehouse:sales360:orders_enriched\n"),
    Rule("R020", "docs-contradiction-compute", W, "a compute's purpose as one DataOS docs page shows it",
         "The DataOS docs contradict themselves on which compute this resource needs: the cluster pages "
         "require a query compute, the sales_360 example cluster uses runnable-default. The message names the "
         "page; follow the reference page to be safe.",
         "cluster:\n  compute: runnable-default\n", "cluster:\n  compute: query-default\n"),
)
