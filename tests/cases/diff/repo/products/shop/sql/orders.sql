SELECT order_id,
       customer_id,
       CAST(amount AS DECIMAL(12, 2)) AS amount
  FROM orders
 WHERE status <> 'cancelled'
