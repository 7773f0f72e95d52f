"""Codes of the family S (schema): one Rule per code, in code order within each group.

Schema (S): found by compiler/schema and compiler/rules/stacks.py.
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule, W

RULES: tuple[Rule, ...] = (
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
