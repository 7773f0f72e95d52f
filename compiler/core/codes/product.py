"""Codes of the family P (product): one Rule per code, in code order within each group.

Product rules (P): found by compiler/rules (placeholders, secrets at rest, baseline).
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule, W

RULES: tuple[Rule, ...] = (
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
    Rule("P009", "credential-in-file", E, "a SQL or template file holds a credential",
         "A credential of one of P006's shapes (a password in a connection URL or a JDBC string, a cloud key, "
         "a token, a private key, a webhook URL) in a SQL file (a Flare `sqlFile:` target, a lens model's SQL) "
         "or a template file (`file:` includes, .j2/.jinja files): the build inlines the file into the "
         "manifests it writes, and it is in the git history. Read it from a ${VAR} reference the environment "
         "fills instead, and rotate it. The message shows the value masked.",
         "-- build/sql/orders.sql\nSELECT * FROM dblink('postgresql://etl:s3cretpass@salesdb/sales', 'q')\n",
         "-- build/sql/orders.sql\nSELECT * FROM dblink('postgresql://etl:${SALESDB_PASSWORD}@salesdb/sales', "
         "'q')\n"),
    Rule("P020", "stale-baseline-entry", W, "a baseline entry no longer occurs",
         "`dpc baseline` recorded this finding in .dpc-baseline.json, and it no longer occurs: it was fixed, "
         "or the finding changed. Run `dpc baseline` again so that the file only holds findings that remain "
         "and a fixed problem cannot come back unnoticed.",
         '{"code": "S006", "file": "sales-360/build/flare.yaml", ...}  # fixed since\n',
         "dpc baseline  # rewrites .dpc-baseline.json\n"),
)
