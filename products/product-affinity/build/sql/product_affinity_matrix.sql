-- Support, confidence and lift for each co-purchased product pair (both directions).
-- Inputs: the basket_pairs step and orders_enriched.
WITH total AS (
  SELECT COUNT(DISTINCT order_id) AS total_orders
  FROM orders_enriched
  WHERE order_status NOT IN ('cancelled', 'returned')
    AND order_date >= DATE_SUB(CURRENT_DATE(), 180)
),
product_orders AS (
  SELECT product_id, COUNT(DISTINCT order_id) AS orders_with_product
  FROM orders_enriched
  WHERE order_status NOT IN ('cancelled', 'returned')
    AND order_date >= DATE_SUB(CURRENT_DATE(), 180)
  GROUP BY product_id
),
pairs AS (
  SELECT product_a AS antecedent, category_a AS antecedent_category,
         product_b AS consequent, category_b AS consequent_category, order_id
  FROM basket_pairs
  UNION ALL
  SELECT product_b, category_b, product_a, category_a, order_id
  FROM basket_pairs
),
pair_counts AS (
  SELECT antecedent, antecedent_category, consequent, consequent_category,
         COUNT(DISTINCT order_id) AS pair_orders
  FROM pairs
  GROUP BY antecedent, antecedent_category, consequent, consequent_category
)
SELECT
  pc.antecedent                                                    AS product_id,
  pc.antecedent_category                                           AS product_category,
  pc.consequent                                                    AS related_product_id,
  pc.consequent_category                                           AS related_product_category,
  pc.pair_orders,
  CAST(pc.pair_orders / t.total_orders AS DOUBLE)                  AS support,
  CAST(pc.pair_orders / pa.orders_with_product AS DOUBLE)          AS confidence,
  CAST((pc.pair_orders * t.total_orders)
       / (pa.orders_with_product * pb.orders_with_product) AS DOUBLE) AS lift,
  CURRENT_DATE()                                                   AS computed_on
FROM pair_counts pc
CROSS JOIN total t
INNER JOIN product_orders pa ON pc.antecedent = pa.product_id
INNER JOIN product_orders pb ON pc.consequent = pb.product_id
WHERE pc.pair_orders >= 5
