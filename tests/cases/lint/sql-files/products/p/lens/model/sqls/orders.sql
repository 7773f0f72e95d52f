SELECT order_id, {{ amount_column }} AS amount
FROM lakehouse.sales.orders
WHERE order_ts > DATE '2024-01-01' AND
