"""Codes of the family Y (yaml): one Rule per code, in code order within each group.

YAML (Y): found by compiler/load (the guarded YAML loader, the cache, path confinement).
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule, W

RULES: tuple[Rule, ...] = (
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
