"""Codes of the family B (breaking): one Rule per code, in code order.

Breaking changes for other products (B): found by compiler/diff/breaking.py in ``dpc diff``.
"""

from __future__ import annotations

from compiler.core.codes.rule import E, Rule

RULES: tuple[Rule, ...] = (
    Rule("B001", "dataset-no-longer-written", E, "the change stops writing a dataset another product reads",
         "A job of the base writes the dataset; no job of the head does, and another product of the repository "
         "still reads it (a Flare, Soda or Flash input, a data product input). Once applied, that product reads "
         "a dataset nothing refreshes, or fails when it is dropped. Reported in `dpc diff` at the line of the "
         "change (the writer's output in the head; the base's line when the writer is removed), naming the "
         "products that read it. Keep writing it, or move the readers in the same change.",
         "outputs:\n  - name: orders_clean\n    dataset: dataos://lakehouse:shop/orders_clean_v2?acl=rw\n"
         "# products/reports still reads dataos://lakehouse:shop/orders_clean\n",
         "outputs:\n  - name: orders_clean\n    dataset: dataos://lakehouse:shop/orders_clean?acl=rw\n"),
    Rule("B002", "column-no-longer-written", E, "the change stops writing a column another product reads",
         "The columns a Flare job writes are its SQL's SELECT list (where they can be known on both sides). A "
         "column the base writes and the head does not, which another product's Soda check, data policy or SQL "
         "names, breaks that product at its next run (a masking policy on a renamed column masks nothing). "
         "Reported in `dpc diff` at the SQL of the sequence writing the dataset, naming the products.",
         "sql: SELECT order_id, amount FROM orders   # customer_id dropped; reports reads it\n",
         "sql: SELECT order_id, customer_id, amount FROM orders\n"),
)
