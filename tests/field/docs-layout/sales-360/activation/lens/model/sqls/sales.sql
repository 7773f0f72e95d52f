SELECT
  invoice_no,
  cast(invoice_date AS timestamp) AS invoice_date,
  customer_no,
  item_no,
  ext_net,
  country,
  income
FROM lakehouse.sales_360.orders_enriched
WHERE cast(invoice_date AS timestamp) >= date('2023-01-01')
