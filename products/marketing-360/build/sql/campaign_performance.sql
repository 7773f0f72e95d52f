-- One row per campaign, channel and day: spend, clicks and the revenue of orders the campaign brought in.
SELECT
  e.campaign_id,
  e.channel,
  CAST(e.event_ts AS DATE)                      AS event_date,
  SUM(CASE WHEN e.event_type = 'click' THEN 1 ELSE 0 END) AS clicks,
  CAST(SUM(e.spend) AS DECIMAL(16, 2))          AS spend,
  CAST(SUM(o.line_amount) AS DECIMAL(16, 2))    AS attributed_revenue
FROM campaign_events e
LEFT JOIN orders_enriched o
  ON o.campaign_id = e.campaign_id
 AND o.order_date = CAST(e.event_ts AS DATE)
GROUP BY e.campaign_id, e.channel, CAST(e.event_ts AS DATE)
