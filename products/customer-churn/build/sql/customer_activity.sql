-- Per-customer purchase and support activity over the last 365 days.
-- Inputs (Flare views): orders_enriched (sales-360 output), crm_customers, support_tickets.
WITH purchases AS (
  SELECT
    customer_id,
    MAX(order_date)                                        AS last_order_date,
    COUNT(DISTINCT order_id)                               AS orders_365d,
    COUNT(DISTINCT CASE WHEN order_date >= DATE_SUB(CURRENT_DATE(), 90)
                        THEN order_id END)                 AS orders_90d,
    SUM(line_amount)                                       AS revenue_365d,
    SUM(CASE WHEN order_status = 'returned' THEN line_amount ELSE 0 END) AS returned_amount_365d
  FROM orders_enriched
  WHERE order_date >= DATE_SUB(CURRENT_DATE(), 365)
  GROUP BY customer_id
),
tickets AS (
  SELECT
    customer_id,
    COUNT(*)                                               AS tickets_90d,
    SUM(CASE WHEN priority IN ('high', 'urgent') THEN 1 ELSE 0 END) AS escalated_tickets_90d,
    AVG(CAST(csat_score AS DOUBLE))                        AS avg_csat_90d
  FROM support_tickets
  WHERE CAST(created_at AS DATE) >= DATE_SUB(CURRENT_DATE(), 90)
  GROUP BY customer_id
)
SELECT
  c.customer_id,
  c.loyalty_tier,
  c.signup_date,
  c.marketing_opt_in,
  p.last_order_date,
  DATEDIFF(CURRENT_DATE(), p.last_order_date)              AS days_since_last_order,
  COALESCE(p.orders_365d, 0)                               AS orders_365d,
  COALESCE(p.orders_90d, 0)                                AS orders_90d,
  COALESCE(p.revenue_365d, 0)                              AS revenue_365d,
  COALESCE(p.returned_amount_365d, 0)                      AS returned_amount_365d,
  COALESCE(t.tickets_90d, 0)                               AS tickets_90d,
  COALESCE(t.escalated_tickets_90d, 0)                     AS escalated_tickets_90d,
  t.avg_csat_90d
FROM crm_customers c
LEFT JOIN purchases p
  ON c.customer_id = p.customer_id
LEFT JOIN tickets t
  ON c.customer_id = t.customer_id
WHERE c.is_deleted = 0
