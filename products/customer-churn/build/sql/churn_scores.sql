-- Rule-based churn risk score (0-100) and risk band per customer.
-- Input: the customer_activity step of the same job.
WITH scored AS (
  SELECT
    customer_id,
    loyalty_tier,
    days_since_last_order,
    orders_365d,
    orders_90d,
    revenue_365d,
    tickets_90d,
    escalated_tickets_90d,
    avg_csat_90d,
    LEAST(100,
        CASE
          WHEN days_since_last_order IS NULL THEN 40
          WHEN days_since_last_order > 180 THEN 40
          WHEN days_since_last_order > 90 THEN 25
          WHEN days_since_last_order > 30 THEN 10
          ELSE 0
        END
      + CASE WHEN orders_90d = 0 AND orders_365d > 0 THEN 20 ELSE 0 END
      + CASE WHEN revenue_365d > 0 AND returned_amount_365d / revenue_365d > 0.3 THEN 10 ELSE 0 END
      + LEAST(escalated_tickets_90d * 10, 20)
      + CASE WHEN avg_csat_90d IS NOT NULL AND avg_csat_90d < 3 THEN 10 ELSE 0 END
    )                                                      AS churn_score
  FROM customer_activity
)
SELECT
  customer_id,
  loyalty_tier,
  days_since_last_order,
  orders_365d,
  orders_90d,
  CAST(revenue_365d AS DECIMAL(16, 2))                     AS revenue_365d,
  tickets_90d,
  escalated_tickets_90d,
  avg_csat_90d,
  CAST(churn_score AS INT)                                 AS churn_score,
  CASE
    WHEN churn_score >= 60 THEN 'high'
    WHEN churn_score >= 30 THEN 'medium'
    ELSE 'low'
  END                                                      AS churn_risk,
  CURRENT_DATE()                                           AS score_date
FROM scored
