"""Every diagnostic code dpc can emit, in one table.

A code is a letter for the stage that finds it and three digits:
Y (YAML), S (schema), R (references), P (product rules), T (templates and build),
G (git and diff). Codes are never reused; a renamed rule keeps its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

STAGES = {
    "Y": "YAML well-formedness",
    "S": "schema",
    "R": "references",
    "P": "product rules",
    "T": "templates and build",
    "G": "git and diff",
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
)

_PRODUCT_RULES = (
    Rule("P001", "unfilled-placeholder", E, "a fill-in marker from the DataOS docs was left in",
         "The DataOS docs write values to fill in as ${{...}}, lowercase ${...} or <...>. No tool replaces "
         "them: the manifest would be applied with the marker as its value. Real environment references "
         "are ${UPPER_SNAKE_CASE} and are left for dataos-ctl.",
         "name: ${{depot-name}}\n", "name: salesdb\n"),
)

# References (R): owned by compiler/resolve.
_REFERENCE_RULES: tuple[Rule, ...] = ()

# Templates and build (T): owned by the build stages.
_BUILD_RULES: tuple[Rule, ...] = ()

# Git and diff (G): owned by compiler/gitops.py and the diff stages.
_GIT_RULES: tuple[Rule, ...] = ()

RULES: dict[str, Rule] = {
    r.code: r
    for r in (*_YAML_RULES, *_SCHEMA_RULES, *_REFERENCE_RULES, *_PRODUCT_RULES, *_BUILD_RULES, *_GIT_RULES)
}


def rule(code: str) -> Rule:
    return RULES[code]
