import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { DeliveryDriver, StripeEvent } from './driver';

export interface Finding {
  check: string;
  rows: Record<string, unknown>[];
}

const INVARIANTS = parseNamedQueries(readFileSync(path.join(__dirname, '..', 'invariants.sql'), 'utf8'));

function parseNamedQueries(text: string): { name: string; sql: string }[] {
  return text
    .split(/^-- name: /m)
    .slice(1)
    .map((part) => {
      const [name, ...rest] = part.split('\n');
      return { name: name.trim(), sql: rest.join('\n').trim().replace(/;$/, '') };
    });
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every invariant of invariants.sql that some row breaks, with (at most 20 of) those rows. */
export function violations(url: string): Promise<Finding[]> {
  return withClient(url, async (client) => {
    const findings: Finding[] = [];
    for (const { name, sql } of INVARIANTS) {
      const { rows } = await client.query(sql);
      if (rows.length > 0) findings.push({ check: name, rows: rows.slice(0, 20) });
    }
    return findings;
  });
}

/** Events that say money moved: their attempt must have succeeded, and its order be paid. */
const MONEY_MOVED = (event: StripeEvent) =>
  (event.type === 'checkout.session.completed' && event.data.object.payment_status === 'paid') ||
  event.type === 'checkout.session.async_payment_succeeded';

/**
 * What each checkout's delivered events imply for its attempt, the last word first: money moved
 * wins over anything; else a failed delayed payment, a delayed one still running, an expiry.
 */
function expectedAttemptStatuses(events: StripeEvent[]): Map<string, string[]> {
  const bySession = new Map<string, string[]>();
  const rank = (types: Set<string>, moneyMoved: boolean): string[] => {
    if (moneyMoved) return ['succeeded'];
    if (types.has('checkout.session.async_payment_failed')) return ['failed'];
    if (types.has('checkout.session.completed')) return ['processing'];
    // Canceled by orderpay (the order was canceled) before Stripe's expiry event arrived.
    if (types.has('checkout.session.expired')) return ['expired', 'canceled'];
    return [];
  };
  const grouped = new Map<string, { types: Set<string>; moneyMoved: boolean }>();
  for (const event of events) {
    if (!event.type.startsWith('checkout.session.')) continue;
    const entry = grouped.get(event.data.object.id) ?? { types: new Set<string>(), moneyMoved: false };
    entry.types.add(event.type);
    entry.moneyMoved ||= MONEY_MOVED(event);
    grouped.set(event.data.object.id, entry);
  }
  for (const [session, { types, moneyMoved }] of grouped) bySession.set(session, rank(types, moneyMoved));
  return bySession;
}

/**
 * Lost events: every event the driver got a 2xx for is in the inbox, processed or ignored; every
 * attempt is in the state its delivered events imply; an attempt money moved for has paid its
 * order (or, on an order no longer waiting for it, is being refunded); no order is paid but by
 * a checkout whose money-moved event was delivered.
 */
export async function lostEvents(url: string, driver: DeliveryDriver): Promise<Finding[]> {
  const findings: Finding[] = [];
  const unacknowledged = driver.unacknowledged();
  if (unacknowledged.length > 0)
    findings.push({ check: 'event_never_acknowledged', rows: unacknowledged.slice(0, 20) });
  const acknowledged = driver.acknowledged();
  const expected = expectedAttemptStatuses(acknowledged);
  const paidSessions = [...expected].filter(([, statuses]) => statuses[0] === 'succeeded').map(([id]) => id);
  await withClient(url, async (client) => {
    const add = (check: string, rows: Record<string, unknown>[]) => {
      if (rows.length > 0) findings.push({ check, rows: rows.slice(0, 20) });
    };
    const inbox = await client.query(
      `SELECT e.id AS event_id, w.status
       FROM unnest($1::text[]) AS e(id)
       LEFT JOIN webhook_events w ON w.provider = 'stripe' AND w.event_id = e.id
       WHERE w.status IS NULL OR w.status NOT IN ('processed', 'ignored')`,
      [acknowledged.map((event) => event.id)],
    );
    add('acknowledged_event_not_settled_in_the_inbox', inbox.rows);
    const attempts = await client.query(
      `SELECT s.session_id, s.expected, p.id AS payment_id, p.status, p.amount_applied, o.id AS order_id,
              o.status AS order_status
       FROM unnest($1::text[], $2::text[]) AS s(session_id, expected)
       LEFT JOIN payments p ON p.provider_session_id = s.session_id
       LEFT JOIN orders o ON o.id = p.order_id
       WHERE p.id IS NULL
          OR NOT (p.status = ANY(string_to_array(s.expected, ',')))
          OR (p.status = 'succeeded' AND p.amount_applied > 0 AND o.status NOT IN ('partially_paid', 'paid', 'refunded'))
          OR (p.status = 'succeeded' AND p.amount_applied < p.amount
              AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id))`,
      [[...expected.keys()], [...expected.values()].map((statuses) => statuses.join(','))],
    );
    add('attempt_not_in_the_state_its_delivered_events_imply', attempts.rows);
    const paidWithoutEvent = await client.query(
      `SELECT o.id AS order_id, o.status, p.provider_session_id
       FROM orders o JOIN payments p ON p.order_id = o.id AND p.amount_applied > 0
       WHERE NOT (p.provider_session_id = ANY($1::text[]))`,
      [paidSessions],
    );
    add('order_paid_without_a_delivered_payment', paidWithoutEvent.rows);
  });
  return findings;
}

/** A failure message that shows the offending rows. */
export function describe(findings: Finding[]): string {
  return findings.map(({ check, rows }) => `${check} (${rows.length}):\n${JSON.stringify(rows, null, 1)}`).join('\n');
}
