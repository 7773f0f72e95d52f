SELECT
  a.product_category AS category_a,
  b.product_category AS category_b,
  count(DISTINCT a.customer_id) AS customers_buying_both
FROM purchase a
JOIN purchase b
  ON a.customer_id = b.customer_id AND a.product_category < b.product_category
GROUP BY 1, 2
