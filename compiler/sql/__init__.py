"""SQL in data products: parsing (sqlglot, imported only when there is SQL), positions back into
the files that hold it, the views of Flare jobs and lens model SQL. The pipeline runs
:func:`compiler.sql.check.check` among its repository-wide checks."""
