-- The invariants the fault suite checks after each run, one named query each: every row a query
-- returns is a violation (the row says which order, attempt or event, and what it holds).
-- They read the database alone; what the delivery driver knows (which events got a 2xx) is
-- checked in support/lost-events.ts.

-- name: order_status_not_implied_by_its_payments
-- pending and canceled: no attempt applied; paid: one succeeded attempt applied and refunds short
-- of the total; refunded: refunds cover it. The order's amount_refunded is its succeeded refunds.
WITH applied AS (
  SELECT p.order_id,
         count(DISTINCT p.id) AS attempts,
         bool_and(p.status = 'succeeded') AS succeeded,
         COALESCE(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0) AS refunds_succeeded
  FROM payments p
  LEFT JOIN refunds r ON r.payment_id = p.id
  WHERE p.applied_to_order
  GROUP BY p.order_id
)
SELECT o.id AS order_id, o.status, o.total_amount, o.amount_refunded, o.paid_at, o.canceled_at,
       a.attempts AS applied_attempts, a.succeeded, a.refunds_succeeded
FROM orders o
LEFT JOIN applied a ON a.order_id = o.id
WHERE NOT COALESCE(CASE o.status
  WHEN 'pending' THEN a.attempts IS NULL AND o.paid_at IS NULL AND o.amount_refunded = 0
  WHEN 'canceled' THEN a.attempts IS NULL AND o.canceled_at IS NOT NULL AND o.amount_refunded = 0
  WHEN 'paid' THEN a.attempts = 1 AND a.succeeded AND o.paid_at IS NOT NULL
    AND a.refunds_succeeded < o.total_amount AND o.amount_refunded = a.refunds_succeeded
  WHEN 'refunded' THEN a.attempts = 1 AND a.succeeded AND o.paid_at IS NOT NULL
    AND a.refunds_succeeded >= o.total_amount AND o.amount_refunded = a.refunds_succeeded
  ELSE false
END, false);

-- name: paid_without_a_succeeded_attempt_of_its_amount_and_currency
SELECT o.id AS order_id, o.status, o.total_amount, o.currency
FROM orders o
WHERE o.status IN ('paid', 'refunded')
  AND NOT EXISTS (
    SELECT 1 FROM payments p
    WHERE p.order_id = o.id AND p.applied_to_order AND p.status = 'succeeded'
      AND p.amount = o.total_amount AND p.currency = o.currency
  );

-- name: more_than_one_open_attempt
SELECT order_id, count(*) AS open_attempts, array_agg(status) AS statuses
FROM payments
WHERE status IN ('creating', 'open', 'processing')
GROUP BY order_id
HAVING count(*) > 1;

-- name: more_than_one_attempt_applied_to_an_order
SELECT order_id, count(*) AS applied_attempts
FROM payments
WHERE applied_to_order
GROUP BY order_id
HAVING count(*) > 1;

-- name: money_taken_and_neither_applied_nor_given_back
-- A payment that succeeded on an order no longer waiting for it must be refunded in full.
SELECT p.id AS payment_id, p.order_id, p.amount,
       COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) AS refunding
FROM payments p
LEFT JOIN refunds r ON r.payment_id = p.id
WHERE p.status = 'succeeded' AND NOT p.applied_to_order
GROUP BY p.id
HAVING COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) < p.amount;

-- name: refunds_exceed_the_payment
-- Per payment: succeeded refunds, and those still pending, never past its amount; its
-- amount_refunded is its succeeded refunds; only a succeeded payment has refunds.
SELECT p.id AS payment_id, p.order_id, p.status, p.amount, p.amount_refunded,
       COALESCE(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0) AS refunds_succeeded,
       COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) AS refunds_holding
FROM payments p
LEFT JOIN refunds r ON r.payment_id = p.id
GROUP BY p.id
HAVING COALESCE(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0) > p.amount
    OR COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) > p.amount
    OR p.amount_refunded <> COALESCE(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0)
    OR (p.status <> 'succeeded' AND count(r.id) > 0);

-- name: inbox_row_neither_processed_nor_ignored
SELECT id, event_id, type, status, attempts, last_error
FROM webhook_events
WHERE status NOT IN ('processed', 'ignored');

-- name: transition_not_audited_exactly_once
-- The audit rows of an order are exactly the path from pending to its status: one row per
-- transition, none missing, none twice.
WITH trail AS (
  SELECT o.id AS order_id, o.status,
         count(e.id) FILTER (WHERE e.from_status = 'pending' AND e.to_status = 'paid') AS pending_paid,
         count(e.id) FILTER (WHERE e.from_status = 'pending' AND e.to_status = 'canceled') AS pending_canceled,
         count(e.id) FILTER (WHERE e.from_status = 'paid' AND e.to_status = 'refunded') AS paid_refunded,
         count(e.id) FILTER (WHERE e.from_status = 'refunded' AND e.to_status = 'paid') AS refunded_paid,
         count(e.id) AS audit_rows
  FROM orders o
  LEFT JOIN order_events e ON e.order_id = o.id
  GROUP BY o.id
)
SELECT * FROM trail
WHERE pending_paid <> CASE WHEN status IN ('paid', 'refunded') THEN 1 ELSE 0 END
   OR pending_canceled <> CASE WHEN status = 'canceled' THEN 1 ELSE 0 END
   OR paid_refunded - refunded_paid <> CASE WHEN status = 'refunded' THEN 1 ELSE 0 END
   OR refunded_paid > paid_refunded
   OR audit_rows <> pending_paid + pending_canceled + paid_refunded + refunded_paid;
