-- One row per order line, enriched with order header and customer attributes.
-- Inputs (Flare views): orders, order_items, customers (dataos://salesdb:public/*)
SELECT
  oi.order_item_id                                   AS order_line_id,
  o.order_id                                         AS order_id,
  CAST(o.order_ts AS DATE)                           AS order_date,
  CAST(o.order_ts AS TIMESTAMP)                      AS order_ts,
  LOWER(TRIM(o.status))                              AS order_status,
  LOWER(TRIM(o.sales_channel))                       AS sales_channel,
  o.customer_id                                      AS customer_id,
  LOWER(TRIM(c.email))                               AS customer_email,
  COALESCE(c.segment, 'unknown')                     AS customer_segment,
  COALESCE(c.region, 'unknown')                      AS customer_region,
  c.country_code                                     AS country_code,
  oi.product_id                                      AS product_id,
  oi.product_category                                AS product_category,
  CAST(oi.quantity AS INT)                           AS quantity,
  CAST(oi.unit_price AS DECIMAL(12, 2))              AS unit_price,
  CAST(COALESCE(oi.discount_amount, 0) AS DECIMAL(12, 2)) AS discount_amount,
  CAST(oi.quantity * oi.unit_price - COALESCE(oi.discount_amount, 0) AS DECIMAL(14, 2)) AS line_amount,
  o.currency_code                                    AS currency_code,
  o.campaign_id                                      AS campaign_id,
  CURRENT_TIMESTAMP()                                AS processed_at
FROM order_items oi
INNER JOIN orders o
  ON oi.order_id = o.order_id
LEFT JOIN customers c
  ON o.customer_id = c.customer_id
WHERE o.order_ts IS NOT NULL
  AND LOWER(TRIM(o.status)) <> 'test'
