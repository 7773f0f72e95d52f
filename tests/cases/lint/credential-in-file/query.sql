-- nightly copy of the orders table
SELECT * FROM dblink('postgresql://etl:s3cretpass@salesdb:5432/sales', 'SELECT * FROM orders')
