"""Every diagnostic code dpc can emit, in one table.

A code is a letter for the stage that finds it and three digits:
Y (YAML), S (schema), R (references), P (product rules), T (templates and build),
G (git and diff), Q (SQL). Codes are never reused; a renamed rule keeps its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.core.severity import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

STAGES = {
    "Y": "YAML well-formedness",
    "S": "schema",
    "R": "references",
    "P": "product rules",
    "T": "templates and build",
    "G": "git and diff",
    "Q": "SQL",
}


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    summary: str
    explanation: str
    bad: str = ""
    good: str = ""


_YAML_RULES = (
    Rule("Y001", "yaml-syntax", E, "the file is not valid YAML",
         "The YAML parser stopped at this position. dataos-ctl would reject the file the same way, "
         "so nothing in it can be checked further.",
         "depot:\n  type: POSTGRESQL\n  secrets: [ {name: salesdb-r}\n",
         "depot:\n  type: POSTGRESQL\n  secrets: [ {name: salesdb-r} ]\n"),
    Rule("Y002", "duplicate-key", E, "a mapping has the same key twice",
         "YAML loaders silently keep the last value of a repeated key, so half of what was written "
         "is ignored. Both places are reported.",
         "name: orders\nname: orders-v2\n", "name: orders-v2\n"),
    Rule("Y003", "tab-indentation", E, "a tab is used for indentation",
         "YAML forbids tabs in indentation. Indent with spaces (two per level in DataOS examples).",
         "workflow:\n\tdag: []\n", "workflow:\n  dag: []\n"),
    Rule("Y004", "empty-file", W, "the file holds no YAML document",
         "An empty manifest applies nothing. Delete the file or fill it in.", "", "name: orders\n..."),
    Rule("Y005", "not-utf8", E, "the file is not valid UTF-8",
         "DataOS manifests must be UTF-8 text. Re-save the file as UTF-8.", "", ""),
    Rule("Y006", "not-a-mapping", E, "a YAML document is not a mapping",
         "Every DataOS manifest is a mapping of keys (name, version, type...). A list or a lone value "
         "at the top of a document cannot be applied.",
         "- name: orders\n  type: workflow\n", "name: orders\ntype: workflow\n"),
    Rule("Y007", "empty-document", W, "a document between '---' separators is empty",
         "An empty document in a multi-document file is usually a stray '---'.",
         "---\n---\nname: orders\n", "---\nname: orders\n"),
    Rule("Y008", "binary-file", E, "the file is binary, not YAML text",
         "A file with a .yaml name holds binary data (it has NUL bytes). It is reported, not parsed.", "", ""),
    Rule("Y009", "file-too-large", E, "the file is larger than the configured limit",
         "Very large files are refused so that a stray dump cannot stall a pre-commit hook.", "", ""),
    Rule("Y010", "yaml-too-complex", E, "the YAML nests too deeply or expands too many aliases",
         "Alias bombs ('billion laughs') and absurdly deep nesting are refused before they exhaust memory.",
         "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b, *b]\n", "write the values out"),
    Rule("Y011", "unreadable-file", E, "the file could not be read",
         "The file exists but reading it failed (permissions, a broken link, a folder named like a file).",
         "", ""),
    Rule("Y012", "link-outside-repository", E, "a symbolic link leads outside the repository",
         "A file or folder among the manifests is a symbolic link whose target is outside the repository "
         "(/etc/passwd, ../other-repo). dpc never reads through it: a pull request must not make CI read, "
         "and print, files of the machine it runs on.",
         "products/sales-360/depot/salesdb.yaml -> /etc/passwd\n", "a regular file inside the repository"),
    Rule("Y013", "path-outside-repository", E, "a path in dpc.yaml leads outside the repository",
         "dpc.yaml's `environments:` folder must be a folder of the repository, written relative to its root: "
         "no absolute path, no `..`, no symbolic link leading out. "
         "dpc reads nothing through such a path: a pull request must not make CI read, and print, files of the "
         "machine it runs on. The default (`environments`) applies instead.",
         "environments: /etc\n", "environments: environments\n"),
    Rule("Y014", "unusable-path", E, "a path names no file dpc can read: a FIFO, a device, or a malformed path",
         "dpc reads regular files only: a named pipe or device among the manifests would block or never end, "
         "and a path with a NUL byte or thousands of characters cannot name a file. dpc reports it and reads "
         "nothing there.", "mkfifo products/x.yaml\n", "a regular file"),
)

_SCHEMA_RULES = (
    Rule("S001", "unknown-type", E, "the manifest's `type` is not a DataOS resource type",
         "dpc picks the schema by `type` and `version`. An unknown type is usually a typo; the closest "
         "known types are suggested.",
         "type: workfow\n", "type: workflow\n"),
    Rule("S002", "unknown-version", E, "the type has no such `version`",
         "Each resource type exists in a few versions only (workflow v1, depot v2alpha, bundle v1beta...). "
         "The message lists the versions the type has.",
         "type: depot\nversion: v2\n", "type: depot\nversion: v2alpha\n"),
    Rule("S003", "missing-required", E, "a required field is missing",
         "The schema of this type and version requires the field; dataos-ctl would reject the manifest. "
         "Reported at the mapping that should hold it.",
         "type: depot\ndepot:\n  external: true\n", "type: depot\ndepot:\n  type: POSTGRESQL\n  external: true\n"),
    Rule("S004", "wrong-type", E, "a value has the wrong type",
         "The field expects another kind of value (a list where a string was given, a number in quotes...).",
         "dag:\n  name: orders\n", "dag:\n  - name: orders\n"),
    Rule("S005", "invalid-enum", E, "a value is not one of the allowed values",
         "The field accepts a fixed set of values; the message lists them.",
         "layer: users\n", "layer: user\n"),
    Rule("S006", "unknown-key", E, "a key is not known at this place",
         "The key is not part of the schema for this type and version. Usually a typo ('dependancies', "
         "'stackspec'); the closest known key is suggested. DataOS ignores or rejects unknown keys, so "
         "the setting silently does nothing.",
         "stackspec:\n  job: {}\n", "stackSpec:\n  job: {}\n"),
    Rule("S007", "invalid-name", E, "a resource name breaks its type's naming rule",
         "Most names must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ (48 characters at most). Depot and cluster "
         "names allow no hyphen or underscore: ^[a-z][a-z0-9]*$.",
         "type: depot\nname: sales-db\n", "type: depot\nname: salesdb\n"),
    Rule("S008", "invalid-format", E, "a value does not have the expected format",
         "The value must match a pattern (a dataos:// address, a workspace name, a stack string...).",
         "dataset: lakehouse:retail/orders\n", "dataset: dataos://lakehouse:retail/orders\n"),
    Rule("S009", "deprecated-version", W, "the version is a legacy one",
         "The DataOS docs still show this version, so it is accepted, but the current version of the type "
         "is preferred.",
         "type: workflow\nversion: v1beta1\n", "type: workflow\nversion: v1\n"),
    Rule("S010", "legacy-stack-key", W, "stack settings sit under the legacy stack-named key",
         "Older manifests put a stack's settings under its own name (`flare:`, `scanner:`). Current DataOS "
         "expects them under `stackSpec:`.",
         "spec:\n  stack: flare:7.0\n  flare:\n    job: {}\n",
         "spec:\n  stack: flare:7.0\n  stackSpec:\n    job: {}\n"),
    Rule("S011", "schema-constraint", E, "a value breaks a constraint of the schema",
         "The value is outside the allowed range, a list is too short, or a combination of fields is not "
         "allowed.", "replicas: 0\n", "replicas: 1\n"),
    Rule("S012", "missing-type", E, "a manifest has no `type`",
         "The document looks like a DataOS manifest (it has name, version and a resource section) but no "
         "`type`, so no schema can be chosen.",
         "name: orders\nversion: v1\nworkflow: {}\n", "name: orders\nversion: v1\ntype: workflow\nworkflow: {}\n"),
    Rule("S013", "unknown-stack", W, "the stack is not one dpc knows",
         "Stacks are written name[+flavor][:version] (flare:7.0, soda+python:1.0). An unknown stack is "
         "often a typo; custom stacks can be declared in platform.yaml.",
         "stack: flair:7.0\n", "stack: flare:7.0\n"),
    Rule("S014", "docs-contradiction", W, "a key as one DataOS docs page shows it, against the schema",
         "The DataOS docs contradict themselves here: one page shows this key (or leaves out a required one) "
         "and the schema or another page says otherwise. The message names the page. A team that copied "
         "the docs did nothing wrong, so this is a warning; follow the schema to be safe.",
         "depot:\n  name: crmblob   # as on the learn track's postgres page\n  type: ABFSS\n",
         "name: crmblob\ndepot:\n  type: ABFSS\n"),
)

_PRODUCT_RULES = (
    Rule("P001", "unfilled-placeholder", E, "a fill-in marker from the DataOS docs was left in",
         "The DataOS docs write values to fill in as ${{...}}, lowercase ${...} or <...>. No tool replaces "
         "them: the manifest would be applied with the marker as its value. Real environment references "
         "are ${UPPER_SNAKE_CASE} and are left for dataos-ctl.",
         "name: ${{depot-name}}\n", "name: salesdb\n"),
    # Suppressions and configuration (compiler/suppress.py, compiler/config.py).
    Rule("P002", "suppression-without-reason", E, "an inline suppression gives no reason",
         "`# dpc: ignore[CODE] reason` silences CODE on its line (or, as a comment line of its own, on the "
         "next line). The reason is required so that a reviewer can judge the exception later; the "
         "suppression still applies, and this finding asks for the reason.",
         "stack: flair:7.0  # dpc: ignore[S013]\n",
         "stack: flair:7.0  # dpc: ignore[S013] custom stack, registered by the platform team\n"),
    Rule("P003", "unused-suppression", W, "an inline suppression suppresses nothing",
         "No finding with this code sits on the line the suppression covers. The problem was fixed or "
         "moved, or the code is wrong: delete the comment, or move it next to the finding.",
         "name: salesdb  # dpc: ignore[S007] legacy name\n", "name: salesdb\n"),
    Rule("P004", "unknown-code", W, "a suppression or dpc.yaml names a code dpc does not have",
         "`dpc rules` lists every code; in dpc.yaml `rules:` a stage letter (Y, S, R, P, T, G, Q) sets a whole "
         "family. An unknown code silences nothing; the closest code is suggested.",
         "rules:\n  S066: off\n", "rules:\n  S006: off\n"),
    # Secrets at rest (compiler/rules/secrets.py; which values are secrets: compiler/schema/sensitive.py).
    # Messages show a masked form, never the value.
    Rule("P005", "plaintext-secret", E, "a credential is written out in plaintext",
         "A credential (a password, key, token, webhook or client secret) under the `data` of an "
         "instance-secret or secret, in a field the schemas mark sensitive (`runAsApiKey`, "
         "`authorization.token`...) or under a key named like a credential anywhere (`password:` in a Flare "
         "input's `options`, `GITSYNC_PASSWORD:` in envs) must be a `${VAR}` reference that dataos-ctl fills "
         "in at apply time. A value written out is committed to git for everyone with read access, forever: "
         "rotate it. Other values kept in a secret (username, host, port...) are P008. The message shows the "
         "value masked.",
         "instance-secret:\n  type: key-value-properties\n  acl: r\n  data:\n    password: hunter2hunter2\n",
         "instance-secret:\n  type: key-value-properties\n  acl: r\n  data:\n    password: ${SALESDB_PASSWORD}\n"),
    Rule("P006", "credential-in-manifest", E, "a value has the shape of a credential",
         "Anywhere in a manifest (SQL included): AWS access key ids (AKIA...), private key blocks "
         "(-----BEGIN ... PRIVATE KEY-----), passwords inside connection URLs (scheme://user:password@host, "
         "JDBC password= parameters, jdbc:mysql://user:password@host), GitHub tokens (ghp_...), Slack tokens, "
         "Google API keys, and incoming-webhook URLs (Teams *.webhook.office.com and outlook.office.com/webhook, "
         "Teams workflows, Slack hooks.slack.com, Discord discord.com/api/webhooks, Google Chat "
         "chat.googleapis.com/v1/spaces/.../messages?key=...&token=...): whoever has the URL can post. "
         "Move the value into an instance secret filled from ${VAR} references; rotate the credential, it "
         "is in the git history.",
         "dsn: postgresql://etl:s3cretpass@salesdb:5432/sales\n",
         "dsn: postgresql://etl:${SALESDB_PASSWORD}@salesdb:5432/sales\n"),
    Rule("P007", "committed-dataos-folder", E, "a .dataos/ folder is in the repository",
         "dataos-ctl keeps its contexts and API keys in a .dataos/ folder. One inside the repository, at its "
         "root or in a product folder, is one `git add .` away from publishing them. Delete it and add "
         "`.dataos/` to .gitignore (dpc accepts a .dataos/ folder the root .gitignore names).",
         "products/sales-360/.dataos/context.yaml\n", ".gitignore:\n  .dataos/\n"),
    Rule("P008", "plaintext-secret-setting", W, "a value kept in a secret is written out in plaintext",
         "A value under the `data` of an instance-secret or secret that is not a credential (a username, "
         "host, port, database name, endpoint suffix...) is better a `${VAR}` reference too: the environment "
         "then sets it, and the secret holds no value of its own. Nothing to rotate, hence a warning; "
         "credentials are P005. The message shows the value masked.",
         "instance-secret:\n  type: key-value-properties\n  acl: r\n  data:\n    username: etl_reader\n",
         "instance-secret:\n  type: key-value-properties\n  acl: r\n  data:\n    username: ${SALESDB_USER}\n"),
    Rule("P020", "stale-baseline-entry", W, "a baseline entry no longer occurs",
         "`dpc baseline` recorded this finding in .dpc-baseline.json, and it no longer occurs: it was fixed, "
         "or the finding changed. Run `dpc baseline` again so that the file only holds findings that remain "
         "and a fixed problem cannot come back unnoticed.",
         '{"code": "S006", "file": "sales-360/build/flare.yaml", ...}  # fixed since\n',
         "dpc baseline  # rewrites .dpc-baseline.json\n"),
)

# References (R): owned by compiler/resolve.
_REFERENCE_RULES: tuple[Rule, ...] = (
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

# Templates and build (T): owned by the build stages.
_BUILD_RULES = (
    Rule("T001", "template-undefined", E, "a template uses a name that is not defined",
         "Resource specs of a product with a product.yaml are jinja2 templates over `env`, `product` and "
         "`vars`, rendered with StrictUndefined: a misspelt or missing name is an error, never an empty "
         "string. The message names the variable and what its parent does hold.",
         "host: '{{ vars.campaigndb_hots }}'\n", "host: '{{ vars.campaigndb_host }}'\n"),
    Rule("T002", "template-unsafe", E, "a template was refused by the sandbox",
         "Templates run in a jinja2 SandboxedEnvironment: attributes starting with '_' (the way out to "
         "Python internals), ranges or repetitions of more than 100,000 items, huge exponents and outputs "
         "over 1,000,000 characters are refused.",
         "name: \"{{ ''.__class__.__mro__ }}\"\n", "name: '{{ product.name }}-lens'\n"),
    Rule("T003", "template-error", E, "a template has a syntax error or fails to evaluate",
         "The jinja2 expression cannot be parsed or evaluated, or it gives something that is not data "
         "(a function, an object).",
         "name: '{{ product.name }'\n", "name: '{{ product.name }}'\n"),
    Rule("T004", "template-statement", E, "a template uses include, import, from or extends",
         "Templates cannot read other templates. Put shared values in `vars` of product.yaml or the "
         "environment; inline files with `file:` (bundle entries) or `sqlFile:` (Flare steps).",
         "sql: \"{% include 'q.sql' %}\"\n", "sqlFile: products/p/sql/q.sql\n"),
    Rule("T005", "include-outside-repository", E, "a file: or sqlFile: path leaves the repository",
         "dpc inlines only files inside the repository: absolute paths, '~' and paths climbing out with "
         "'..' (or through a symbolic link) are refused, so a build cannot read /etc/passwd into a manifest "
         "and means the same on every machine.",
         "sqlFile: /home/me/q.sql\n", "sqlFile: products/sales-360/build/sql/q.sql\n"),
    Rule("T006", "include-not-found", E, "a file: or sqlFile: path names no usable file",
         "The path is resolved against the repository root first, then the folder of the manifest naming "
         "it. The file must exist, be UTF-8 text, and (for a bundle entry) hold exactly one manifest.",
         "sqlFile: sql/orders.sql   # no such file\n", "sqlFile: products/sales-360/build/sql/orders.sql\n"),
    Rule("T007", "undeclared-env-var", E, "a ${VAR} reference is not declared by the environment",
         "dataos-ctl substitutes ${UPPER_SNAKE} references from its environment at apply time; an unset "
         "one silently becomes empty. Each environments/<env>.yaml lists the names it provides under "
         "`secrets` or `env`, so that the deployment knows what to set. Not checked with the built-in "
         "environment.",
         "password: ${SALESDB_PASWORD}\n", "password: ${SALESDB_PASSWORD}   # and listed in secrets:\n"),
    Rule("T008", "unknown-environment", E, "dpc.yaml's defaultEnvironment has no environment file",
         "The default environment must be a file environments/<name>.yaml (or in the folder dpc.yaml's "
         "`environments` names).",
         "defaultEnvironment: dve\n", "defaultEnvironment: dev\n"),
    Rule("T009", "dependency-cycle", E, "resources of a product depend on each other in a cycle",
         "The bundle's dependencies and the apply order come from references between resources (secrets, "
         "depots, datasets written and read, volumes, monitors...). A cycle leaves no order to apply them in.",
         "", ""),
    Rule("T010", "unknown-port", E, "product.yaml's ports.lens names no lens of the product",
         "ports.lens is the name of a lens resource among the product's resource specs; its identity "
         "(lens:v1alpha:<name>:<workspace>) is written into the data product spec.",
         "ports: {lens: sales-lens}\n", "ports: {lens: sales-360-lens}\n"),
)

# Git and diff (G): owned by compiler/gitops.py and the diff stages.
_GIT_RULES: tuple[Rule, ...] = (
    Rule("G001", "not-a-git-repository", E, "dpc diff or mark-deployed ran outside a git repository",
         "dpc diff compiles a revision straight from git's object database and mark-deployed writes a git ref, "
         "so both need the folder (or a parent) to be a git repository with a working tree, and git installed.",
         "$ cd /tmp/export-of-the-repo && dpc diff\n", "$ cd ~/src/dataos-products && dpc diff\n"),
    Rule("G002", "unknown-revision", E, "the revision names no commit of the repository",
         "--base, --head and mark-deployed's REV take anything `git rev-parse` understands: a sha, a branch, a "
         "tag, origin/main, HEAD~1. A name close to an existing branch or tag is suggested. In a clone that "
         "lacks the remote branch, fetch it first.",
         "dpc diff --base orgin/main\n", "git fetch origin main && dpc diff --base origin/main\n"),
    Rule("G003", "no-deployed-commit", E, "no commit is recorded as deployed to the environment",
         "dpc diff --env ENV compares with the commit in the git ref refs/dpc/deployed/ENV, written by "
         "`dpc mark-deployed --env ENV` after a deployment. A fresh clone does not fetch refs/dpc/*; "
         "before the first deployment there is none, so compare with --base.",
         "git clone ... && dpc diff --env prod\n",
         "git fetch origin '+refs/dpc/*:refs/dpc/*' && dpc diff --env prod\n"),
    Rule("G004", "shallow-clone", E, "the base commit is not in this shallow clone",
         "CI systems clone with a depth of 1 by default: the clone has the newest commit only, so HEAD~1, "
         "the target branch's merge base or the deployed commit are missing. Fetch the whole history.",
         "- uses: actions/checkout@v4\n",
         "- uses: actions/checkout@v4\n  with:\n    fetch-depth: 0\n"),
    Rule("G005", "no-products-at-base", E, "the products folder does not exist at the base revision",
         "The base revision is older than the data products: there is nothing to compile there. Compare with "
         "the commit that added the products folder, or a later one. A base whose tree is empty (an empty commit, as "
         "a first deployment compares with: nothing is deployed yet) is no error: every resource is added.",
         "dpc diff --base v0.1   # before products/ existed\n", "dpc diff --base main\n"),
    Rule("G006", "no-such-environment", E, "--env names an environment that does not exist",
         "dpc build --env, dpc diff --env and dpc mark-deployed --env take one of the files in the environments "
         "folder dpc.yaml names (environments/ by default), or the built-in "
         "'default'); a deployed-commit ref is named after it, so the name must also fit a git ref: letters, "
         "digits, '.', '_' and '-'.",
         "dpc mark-deployed --env prd\n", "dpc mark-deployed --env prod\n"),
    Rule("G007", "base-does-not-build", E, "retired: the base revision has errors that stop its build",
         "No longer emitted: dpc diff compiles the base as it is, sums up its findings in one line, and lists "
         "the files it cannot compile under 'not compiled' (their resources are unknown at the base).",
         "dpc diff --base broken-commit   # refused before dpc 0.2\n", "dpc diff --base broken-commit\n"),
    Rule("G010", "removed-but-referenced", E, "the change removes a resource the head still references",
         "The apply plan deletes what the base had and the head does not. When the head still names it (a "
         "workflow or depot using a secret, a job reading a depot), applying the plan deletes it from under "
         "that reference. Keep the resource, or change the reference in the same commit.",
         "# secrets.yaml deleted, depot.yaml still has:\nsecrets:\n  - name: shopdb-r\n",
         "# secrets.yaml kept, or depot.yaml changed to the secret that replaces it\nsecrets:\n"
         "  - name: shopdb-r2\n"),
)

# Schedules (P030-P039): owned by compiler/rules/schedules.py.
_SCHEDULE_RULES = (
    Rule("P030", "invalid-cron", E, "a schedule's cron expression does not parse",
         "A workflow's `schedule.cron` (and a monitor's `schedule`, a cluster's `restartCron` and "
         "`scalingCrons[].cron`) is a five-field cron expression: minute, hour, day of month, month, day of "
         "week, as in every DataOS example. A wrong field count or a value out of range is rejected at apply "
         "time or, worse, never fires. The message names the field.",
         "schedule:\n  cron: '0 25 * * *'\n", "schedule:\n  cron: '0 3 * * *'\n"),
    Rule("P031", "unknown-timezone", E, "a schedule's timezone is not an IANA time zone",
         "`timezone` must be a name of the IANA time zone database (UTC, Europe/Berlin, Asia/Kolkata). "
         "Abbreviations and offsets such as IST or +05:30 are not zone names; the closest names are suggested.",
         "timezone: Asia/Calcutta-ish\n", "timezone: Asia/Kolkata\n"),
    Rule("P032", "invalid-end-on", E, "a schedule's endOn is not an RFC 3339 timestamp",
         "`schedule.endOn` is the time after which no run starts, written as an RFC 3339 timestamp with a "
         "time zone offset (2026-12-31T23:59:59Z).",
         "endOn: 31/12/2026\n", "endOn: 2026-12-31T23:59:59Z\n"),
    Rule("P033", "end-on-past", E, "a schedule's endOn is in the past",
         "The schedule has already expired: the workflow is applied but never runs again. Move endOn into the "
         "future or remove the schedule. (dpc takes the current time from the clock, or from DPC_NOW.)",
         "endOn: 2020-01-01T00:00:00Z\n", "endOn: 2027-01-01T00:00:00Z\n"),
    Rule("P034", "end-on-before-first-run", E, "a schedule ends before its first run",
         "endOn is still in the future, but earlier than the first time the cron expression fires: the "
         "workflow would never run. The message gives the first run.",
         "cron: '0 3 1 * *'   # monthly\nendOn: <in two days>\n", "cron: '0 3 * * *'   # daily\n"),
)

# SQL (Q): owned by compiler/sql.
_SQL_RULES = (
    Rule("Q001", "sql-syntax", E, "SQL does not parse",
         "Every Flare step's SQL (inline `sql` or the file `sqlFile` names; Spark SQL), every Flare input "
         "`query` and every lens table's SQL (Trino, as Minerva and Themis run it) is parsed before apply. A "
         "syntax error is reported at its line and column in the SQL source: the .sql file, or the line "
         "inside the YAML block. `${VAR}` references and templates are parsed as if they were names.",
         "sql: SELECT order_id, FROM orders WHERE (status = 'open'\n",
         "sql: SELECT order_id FROM orders WHERE (status = 'open')\n"),
    Rule("Q002", "unknown-view", E, "a Flare step reads a view the job does not define",
         "Flare registers each input and each step sequence as a view; a step's SQL can read the job's "
         "input names, the sequences before it and its own CTEs, nothing else. Any other table name fails "
         "the job at run time, hours after apply. The closest names are suggested.",
         "inputs:\n  - name: orders\nsteps:\n  - sequence:\n      - name: enriched\n"
         "        sql: SELECT * FROM order\n",
         "inputs:\n  - name: orders\nsteps:\n  - sequence:\n      - name: enriched\n"
         "        sql: SELECT * FROM orders\n"),
    Rule("Q003", "duplicate-flare-input", E, "two inputs of a Flare job have the same name",
         "Each input is registered as a view under its name; a second input of the same name replaces the "
         "first, so one dataset is silently never read. Both places are reported.",
         "inputs:\n  - name: clicks\n    dataset: dataos://lakehouse:web/clicks_eu\n"
         "  - name: clicks\n    dataset: dataos://lakehouse:web/clicks_us\n",
         "inputs:\n  - name: clicks_eu\n    dataset: dataos://lakehouse:web/clicks_eu\n"
         "  - name: clicks_us\n    dataset: dataos://lakehouse:web/clicks_us\n"),
    Rule("Q004", "duplicate-flare-sequence", E, "two step sequences of a Flare job have the same name",
         "A sequence's name is the view its result is registered as, and what outputs name. Two sequences of "
         "the same name shadow each other: the second replaces the first.",
         "sequence:\n  - name: daily\n    sql: SELECT 1\n  - name: daily\n    sql: SELECT 2\n",
         "sequence:\n  - name: daily\n    sql: SELECT 1\n  - name: weekly\n    sql: SELECT 2\n"),
    Rule("Q005", "unused-flare-input", W, "a Flare input is read by no step",
         "No step's SQL reads this input (and no output writes it), so Flare loads a dataset for nothing; often "
         "the SQL reads another name than the input declares.",
         "inputs:\n  - name: customers\n# no step reads customers\n", ""),
    Rule("Q006", "unused-flare-sequence", W, "a Flare step sequence is read by nothing",
         "No later step reads this sequence and no output (or legacy sink) writes it: its SQL runs for nothing.",
         "sequence:\n  - name: scratch\n    sql: SELECT 1\n", ""),
    Rule("Q007", "flare-sink-reference", E, "a legacy Flare sink names no sequence or no output",
         "In the legacy Flare form, `steps[].sink[]` entries tie a `sequenceName` of the step to an "
         "`outputName` of the job's outputs. Each must name one that exists.",
         "sink:\n  - sequenceName: citys\n    outputName: output01\n",
         "sink:\n  - sequenceName: cities\n    outputName: output01\n"),
)

RULES: dict[str, Rule] = {
    r.code: r
    for r in (*_YAML_RULES, *_SCHEMA_RULES, *_REFERENCE_RULES, *_PRODUCT_RULES, *_SCHEDULE_RULES, *_BUILD_RULES,
              *_GIT_RULES, *_SQL_RULES)
}


def rule(code: str) -> Rule:
    return RULES[code]


# Rules about leaked credentials, with GitHub code scanning's security-severity (0-10): a committed password or
# key is exploitable as soon as the repository is readable (critical); dataos-ctl's folder holds API keys (high).
SECURITY_SEVERITY: dict[str, str] = {"P005": "9.0", "P006": "9.0", "P007": "8.0"}

# Where each code's explanation is published: docs/CODES.md, written from this table (tests keep it in step).
DOCS_URL = "https://github.com/your-org/dpc/blob/main/docs/CODES.md"


def help_uri(code: str) -> str:
    return f"{DOCS_URL}#{code.lower()}"


def markdown() -> str:
    """docs/CODES.md: every code with its explanation, as ``dpc explain`` prints it."""
    out = ["# Diagnostic codes", "", "Written from `compiler/core/codes.py`; `dpc explain CODE` prints the same text.",
           ""]
    for r in RULES.values():
        out += [f"## {r.code}", "", f"**{r.slug}** ({r.severity.label}, stage: {STAGES[r.code[0]]}): {r.summary}.",
                "", r.explanation, ""]
        for title, text in (("Bad", r.bad), ("Good", r.good)):
            if text:
                out += [f"{title}:", "", "```yaml", text.rstrip("\n"), "```", ""]
    return "\n".join(out)
