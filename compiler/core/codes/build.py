"""Codes of the family T (build): one Rule per code, in code order within each group.

Templates and build (T): found by compiler/expand and compiler/emit.
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule

RULES: tuple[Rule, ...] = (
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
