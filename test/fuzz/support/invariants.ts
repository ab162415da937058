import { Fingerprint, fingerprintChanges, World } from './world';

/**
 * What must hold after any request, whatever it wrote: money refunded never exceeds money taken,
 * the paid and refunded totals agree with the payments and refunds behind them, an order's status
 * agrees with what was paid, and money counts on an order only from succeeded attempts that match.
 * One row per broken rule, so a failure names the rows. Column names as the migrations in
 * src/database/migrations create them.
 */
const INVARIANTS_SQL = `
SELECT 'order ' || o.id || ' paid ' || o.amount_paid || ', refunded ' || o.amount_refunded || ' of its ' || o.total_amount AS problem
  FROM orders o
  WHERE o.amount_paid < 0 OR o.amount_paid > o.total_amount OR o.amount_refunded < 0 OR o.amount_refunded > o.amount_paid
UNION ALL
SELECT 'payment ' || p.id || ' refunded ' || p.amount_refunded || ', applied ' || p.amount_applied || ' of its ' || p.amount
  FROM payments p
  WHERE p.amount_refunded < 0 OR p.amount_refunded > coalesce(p.received_amount, p.amount)
     OR p.amount_applied < 0 OR p.amount_applied > p.amount
UNION ALL
SELECT 'order ' || o.id || ' is ' || o.status || ' with ' || o.amount_paid || ' of ' || o.total_amount || ' paid'
  FROM orders o
  WHERE (o.status = 'pending' AND o.amount_paid <> 0)
     OR (o.status = 'partially_paid' AND NOT (o.amount_paid > 0 AND o.amount_paid < o.total_amount))
     OR (o.status = 'paid' AND o.amount_paid <> o.total_amount)
     OR (o.status = 'refunded' AND (o.amount_paid = 0 OR o.amount_refunded < o.amount_paid))
UNION ALL
SELECT 'order ' || o.id || ' counts ' || o.amount_paid || ' paid, its payments applied ' || coalesce(p.total, 0)
  FROM orders o
  LEFT JOIN (SELECT order_id, sum(amount_applied) AS total FROM payments GROUP BY order_id) p ON p.order_id = o.id
  WHERE o.amount_paid <> coalesce(p.total, 0)
UNION ALL
SELECT 'payment ' || p.id || ' applied ' || p.amount_applied || ' while ' || p.status || ' (took ' || coalesce(p.received_amount::text, '?') || ' ' || coalesce(p.received_currency, '?') || ')'
  FROM payments p JOIN orders o ON o.id = p.order_id
  WHERE p.amount_applied > 0 AND NOT (
    p.status = 'succeeded' AND p.received_amount = p.amount AND p.received_currency = p.currency AND p.currency = o.currency)
UNION ALL
SELECT 'payment ' || p.id || ' counts ' || p.amount_refunded || ' refunded, its succeeded refunds ' || coalesce(r.total, 0)
  FROM payments p
  LEFT JOIN (SELECT payment_id, sum(amount) AS total FROM refunds WHERE status = 'succeeded' GROUP BY payment_id) r
    ON r.payment_id = p.id
  WHERE p.amount_refunded <> coalesce(r.total, 0)
UNION ALL
SELECT 'order ' || o.id || ' counts ' || o.amount_refunded || ' refunded, its payments beyond their excess ' || coalesce(p.total, 0)
  FROM orders o
  LEFT JOIN (
    SELECT order_id,
      sum(greatest(0, amount_refunded - (coalesce(received_amount, amount) - amount_applied))) AS total
    FROM payments GROUP BY order_id) p
    ON p.order_id = o.id
  WHERE o.amount_refunded <> coalesce(p.total, 0)`;

/** Tables the invariants read: unchanged since the last check, they cannot have broken. */
const MONEY_KEYS = /^(orders|payments|refunds)/;

/**
 * A checker for one family: after each case, the broken invariants as sentences (empty when all
 * hold). It queries only when a money table changed since its last look, which also covers what
 * settled after the previous case (a refund's webhook).
 */
export function invariantChecker(world: World): (now: Fingerprint) => Promise<string[]> {
  let checked: Fingerprint | undefined;
  return async (now) => {
    if (checked && !fingerprintChanges(checked, now).some((change) => MONEY_KEYS.test(change))) return [];
    checked = now;
    const rows: { problem: string }[] = await world.t.dataSource.query(INVARIANTS_SQL);
    return rows.map((row) => `invariant broken: ${row.problem}`);
  };
}
