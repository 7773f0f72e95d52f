-- Co-purchased product pairs: every unordered pair of distinct products bought in the same order.
-- Inputs (Flare views): orders_enriched (sales-360 output), products (catalogdb).
WITH order_products AS (
  SELECT DISTINCT
    oe.order_id,
    oe.product_id,
    p.category_name
  FROM orders_enriched oe
  INNER JOIN products p
    ON oe.product_id = p.product_id
  WHERE oe.order_status NOT IN ('cancelled', 'returned')
    AND oe.order_date >= DATE_SUB(CURRENT_DATE(), 180)
    AND p.is_active = TRUE
)
SELECT
  a.order_id,
  a.product_id      AS product_a,
  a.category_name   AS category_a,
  b.product_id      AS product_b,
  b.category_name   AS category_b
FROM order_products a
INNER JOIN order_products b
  ON a.order_id = b.order_id
 AND a.product_id < b.product_id
