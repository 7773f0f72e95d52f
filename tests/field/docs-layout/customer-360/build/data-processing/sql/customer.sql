SELECT
  customer_id,
  birth_year,
  education,
  marital_status,
  income,
  country,
  current_timestamp() AS ingested_at
FROM customer_input
