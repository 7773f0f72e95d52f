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
    Rule("Q010", "soda-unknown-column", E, "a Soda check names a column the producing job does not write",
         "The columns of a dataset a Flare job of the repository writes are known from the SELECT list of "
         "the sequence its output names (unknown where a `*` reads a source whose columns are unknown: then "
         "nothing is checked). A Soda check on a column the producer does not write (renamed, dropped, a typo) "
         "fails on the cluster after the next run. Metric arguments (`missing_count(customer_id)`) and schema "
         "checks (`when required column missing`, `when wrong column type`) are read. The closest written "
         "column is suggested.",
         "checks:\n  - missing_count(custmer_id) = 0\n",
         "checks:\n  - missing_count(customer_id) = 0\n"),
    Rule("Q011", "policy-unknown-column", E, "a data policy names a column the producing job does not write",
         "A masking policy's `selector.column.names` and a filter policy's `filters[].column` name columns of "
         "the policy's dataset; when a Flare job of the repository writes that dataset and does not write the "
         "column, the policy protects nothing (a renamed PII column is left unmasked).",
         "policy:\n  data:\n    type: mask\n    depot: lakehouse\n    collection: sales360\n"
         "    dataset: orders_enriched\n    selector:\n      column:\n        names: [email]\n",
         "policy:\n  data:\n    type: mask\n    depot: lakehouse\n    collection: sales360\n"
         "    dataset: orders_enriched\n    selector:\n      column:\n        names: [customer_email]\n"),
    Rule("Q012", "sql-unknown-column", E, "SQL reads a column the producing job does not write",
         "A Flare step reading another job's output dataset (through an input of its job) names a column "
         "of it (qualified by the input's alias, or in a SELECT with one source) that the producing job "
         "does not write. The step would fail at run time with an unresolved column.",
         "inputs:\n  - name: orders\n    dataset: dataos://lakehouse:sales360/orders_enriched\n"
         "steps:\n  - sequence:\n      - name: totals\n        sql: SELECT order_amount FROM orders\n",
         "inputs:\n  - name: orders\n    dataset: dataos://lakehouse:sales360/orders_enriched\n"
         "steps:\n  - sequence:\n      - name: totals\n        sql: SELECT line_amount FROM orders\n"),
)
