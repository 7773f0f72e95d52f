-- Daily revenue per region, channel and product category.
-- Input: the orders_enriched step of the same job.
SELECT
  order_date,
  customer_region,
  sales_channel,
  product_category,
  COUNT(DISTINCT order_id)                          AS orders,
  COUNT(DISTINCT customer_id)                       AS customers,
  SUM(quantity)                                     AS units_sold,
  CAST(SUM(line_amount) AS DECIMAL(16, 2))          AS gross_revenue,
  CAST(SUM(discount_amount) AS DECIMAL(16, 2))      AS discounts,
  CAST(SUM(line_amount) / COUNT(DISTINCT order_id) AS DECIMAL(12, 2)) AS avg_order_value
FROM orders_enriched
WHERE order_status NOT IN ('cancelled', 'returned')
GROUP BY
  order_date,
  customer_region,
  sales_channel,
  product_category
