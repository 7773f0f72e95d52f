-- One row per order, with its customer (${SCHEMA} is filled in by dataos-ctl)
SELECT o.order_id, c.segment
FROM orders o
LEFT JOIN customer c ON c.customer_id = o.customer_id
WHERE o.region = '${REGION}'
