"""Codes of the family Q (sql): one Rule per code, in code order within each group.

SQL (Q): found by compiler/sql.
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule, W

RULES: tuple[Rule, ...] = (
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
