SELECT order_date, count(*) AS orders
FROM enriched
GROUP BY order_date
HAVING
