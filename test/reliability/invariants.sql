-- The invariants the fault suite checks after each run, one named query each: every row a query
-- returns is a violation (the row says which order, attempt or event, and what it holds).
-- They read the database alone; what the delivery driver knows (which events got a 2xx) is
-- checked in support/lost-events.ts.

-- name: order_status_not_implied_by_its_payments
-- What the order says it was paid and refunded is what its payments applied and what refunds
-- took back of those parts (a payment's refunds take its unapplied excess first), and its status
-- follows: pending with nothing applied, partially_paid short of the total, paid at the total
-- with refunds short of it, refunded once refunds cover what was paid, canceled whatever was paid.
WITH applied AS (
  SELECT p.order_id,
         bool_and(p.status = 'succeeded') AS succeeded,
         sum(p.amount_applied) AS paid,
         sum(greatest(0, p.amount_refunded - (COALESCE(p.received_amount, p.amount) - p.amount_applied))) AS refunded
  FROM payments p
  WHERE p.amount_applied > 0
  GROUP BY p.order_id
)
SELECT o.id AS order_id, o.status, o.total_amount, o.amount_paid, o.amount_refunded, o.paid_at, o.canceled_at,
       a.succeeded, a.paid AS applied, a.refunded AS refunds_counted
FROM orders o
LEFT JOIN applied a ON a.order_id = o.id
WHERE o.amount_paid <> COALESCE(a.paid, 0)
   OR o.amount_refunded <> COALESCE(a.refunded, 0)
   OR NOT COALESCE(a.succeeded, true)
   OR NOT CASE o.status
  WHEN 'pending' THEN o.amount_paid = 0 AND o.paid_at IS NULL
  WHEN 'partially_paid' THEN o.amount_paid > 0 AND o.amount_paid < o.total_amount AND o.paid_at IS NULL
    AND o.amount_refunded < o.amount_paid
  WHEN 'paid' THEN o.amount_paid = o.total_amount AND o.paid_at IS NOT NULL AND o.amount_refunded < o.amount_paid
  WHEN 'refunded' THEN o.amount_paid > 0 AND o.amount_refunded >= o.amount_paid
  WHEN 'canceled' THEN o.canceled_at IS NOT NULL
  ELSE false
END;

-- name: paid_without_a_succeeded_attempt_of_its_amount_and_currency
-- Money counts on an order only from a succeeded attempt that took exactly what it asked, in the
-- order's currency.
SELECT p.id AS payment_id, p.order_id, p.status, p.amount, p.amount_applied, p.received_amount,
       p.received_currency, o.currency
FROM payments p
JOIN orders o ON o.id = p.order_id
WHERE p.amount_applied > 0
  AND NOT (p.status = 'succeeded' AND p.received_amount = p.amount AND p.received_currency = p.currency
           AND p.currency = o.currency);

-- name: more_than_one_open_attempt
SELECT order_id, count(*) AS open_attempts, array_agg(status) AS statuses
FROM payments
WHERE status IN ('creating', 'open', 'processing')
GROUP BY order_id
HAVING count(*) > 1;

-- name: money_taken_and_neither_applied_nor_given_back
-- What a succeeded payment brought beyond the part its order took must be refunded.
SELECT p.id AS payment_id, p.order_id, p.amount, p.amount_applied,
       COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) AS refunding
FROM payments p
LEFT JOIN refunds r ON r.payment_id = p.id
WHERE p.status = 'succeeded' AND p.amount_applied < p.amount
GROUP BY p.id
HAVING COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) < p.amount - p.amount_applied;

-- name: refunds_exceed_the_payment
-- Per payment: succeeded refunds, and those still pending, never past what it took; its
-- amount_refunded is its succeeded refunds; only a succeeded payment has refunds.
SELECT p.id AS payment_id, p.order_id, p.status, p.amount, p.amount_refunded,
       COALESCE(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0) AS refunds_succeeded,
       COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) AS refunds_holding
FROM payments p
LEFT JOIN refunds r ON r.payment_id = p.id
GROUP BY p.id
HAVING COALESCE(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0) > COALESCE(p.received_amount, p.amount)
    OR COALESCE(sum(r.amount) FILTER (WHERE r.status IN ('pending', 'succeeded')), 0) > COALESCE(p.received_amount, p.amount)
    OR p.amount_refunded <> COALESCE(sum(r.amount) FILTER (WHERE r.status = 'succeeded'), 0)
    OR (p.status <> 'succeeded' AND count(r.id) > 0);

-- name: inbox_row_neither_processed_nor_ignored
SELECT id, event_id, type, status, attempts, last_error
FROM webhook_events
WHERE status NOT IN ('processed', 'ignored');

-- name: transition_not_audited_exactly_once
-- The audit rows of an order are exactly its path from pending to its status: each one starts
-- where the one before ended (none missing; a transition applied twice would start from where
-- it already led), the last ends at the order's status, and the amounts on the last are the
-- order's.
WITH trail AS (
  SELECT e.order_id, e.from_status, e.to_status, e.amount_paid, e.amount_refunded,
         lag(e.to_status) OVER w AS previous_to,
         row_number() OVER w AS n,
         count(*) OVER (PARTITION BY e.order_id) AS rows
  FROM order_events e
  WINDOW w AS (PARTITION BY e.order_id ORDER BY e.at, e.id)
)
SELECT o.id AS order_id, o.status, o.amount_paid, o.amount_refunded,
       t.n, t.from_status, t.to_status, t.previous_to, t.amount_paid AS audited_paid,
       t.amount_refunded AS audited_refunded
FROM orders o
LEFT JOIN trail t ON t.order_id = o.id
WHERE (t.n IS NULL AND o.status <> 'pending')
   OR (t.n = 1 AND t.from_status <> 'pending')
   OR (t.n > 1 AND t.from_status <> t.previous_to)
   OR (t.n = t.rows AND (t.to_status <> o.status OR t.amount_paid <> o.amount_paid
                         OR t.amount_refunded <> o.amount_refunded));
