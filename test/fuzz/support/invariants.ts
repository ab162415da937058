import { Fingerprint, fingerprintChanges, World } from './world';

/**
 * What must hold after any request, whatever it wrote: money refunded never exceeds money taken,
 * the refunded totals agree with the refunds that succeeded, and an order counts as paid only
 * with a succeeded attempt for exactly its amount and currency. One row per broken rule, so a
 * failure names the rows. Column names as the migrations in src/database/migrations create them.
 */
const INVARIANTS_SQL = `
SELECT 'order ' || o.id || ' refunded ' || o.amount_refunded || ' of its ' || o.total_amount AS problem
  FROM orders o WHERE o.amount_refunded < 0 OR o.amount_refunded > o.total_amount
UNION ALL
SELECT 'payment ' || p.id || ' refunded ' || p.amount_refunded || ' of its ' || p.amount
  FROM payments p WHERE p.amount_refunded < 0 OR p.amount_refunded > p.amount
UNION ALL
SELECT 'order ' || o.id || ' is ' || o.status || ' without a succeeded payment of ' || o.total_amount || ' ' || o.currency
  FROM orders o
  WHERE o.status IN ('paid', 'refunded') AND NOT EXISTS (
    SELECT 1 FROM payments p
    WHERE p.order_id = o.id AND p.status = 'succeeded' AND p.amount = o.total_amount AND p.currency = o.currency)
UNION ALL
SELECT 'payment ' || p.id || ' counts ' || p.amount_refunded || ' refunded, its succeeded refunds ' || coalesce(r.total, 0)
  FROM payments p
  LEFT JOIN (SELECT payment_id, sum(amount) AS total FROM refunds WHERE status = 'succeeded' GROUP BY payment_id) r
    ON r.payment_id = p.id
  WHERE p.amount_refunded <> coalesce(r.total, 0)
UNION ALL
SELECT 'order ' || o.id || ' counts ' || o.amount_refunded || ' refunded, the attempt that paid it ' || coalesce(p.total, 0)
  FROM orders o
  LEFT JOIN (SELECT order_id, sum(amount_refunded) AS total FROM payments WHERE applied_to_order GROUP BY order_id) p
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
