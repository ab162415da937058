'use strict';
/**
 * The limit PostgreSQL itself sets on a route: pgbench running the least SQL the route's job
 * needs (the same rows, constraints and indexes the app writes), on the same database, at the
 * same concurrency, for the same time. The bench prints each route's rate as a share of it.
 *
 * - webhook: one `checkout.session.completed` paying one pending order: BEGIN, the inbox row,
 *   the attempt's guarded move to `succeeded`, the order's guarded move to `paid`, its audit row,
 *   COMMIT (6 round trips).
 * - order: the catalog read, then BEGIN, the order, its 3 items in one insert, COMMIT.
 *
 * Each pgbench client works through rows of its own (`cs_pgb_<run>_<client>_<n>`), made before it
 * starts, so every transaction pays a different pending order as the app's events do.
 */
const { execFile } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Debian's postgresql-15 (the machine's server) puts it here, not on PATH. */
function pgbenchBinary() {
  const candidates = ['pgbench', ...['18', '17', '16', '15'].map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)];
  return candidates.find((bin) => !bin.includes('/') || fs.existsSync(bin));
}

// The scripts write each variable as `:name::type`. With `-M prepared` pgbench sends it as a
// parameter of that type; for the simple protocol (pgbench's default, and the issue's) `forSimple`
// quotes it, since pgbench then pastes the value into the text.
const WEBHOOK_SCRIPT = `
\\set n :n + 1
BEGIN;
INSERT INTO webhook_events (provider, event_id, type, payload, status, attempts, processed_at)
  VALUES ('stripe', 'evt_pgb_' || :run::text || '_' || :client_id::text || '_' || :n::text, 'checkout.session.completed',
          '{"type":"checkout.session.completed"}', 'processed', 1, now())
  ON CONFLICT (provider, event_id) DO NOTHING;
UPDATE payments SET status = 'succeeded', received_amount = amount, received_currency = currency,
    amount_applied = amount, next_check_at = NULL, updated_at = now()
  WHERE provider_session_id = 'cs_pgb_' || :run::text || '_' || :client_id::text || '_' || :n::text AND status = 'open'
  RETURNING order_id, amount \\gset
UPDATE orders SET status = 'paid', amount_paid = amount_paid + :amount::int, paid_at = now(), updated_at = now()
  WHERE id = :order_id::uuid AND status = 'pending';
INSERT INTO order_events (order_id, from_status, to_status, cause, amount_paid, amount_refunded)
  VALUES (:order_id::uuid, 'pending', 'paid', 'stripe_event' || chr(58) || 'evt_pgb_' || :run::text, :amount::int, 0);
COMMIT;
`;

/**
 * The same job in orderpay's own statements (test/hot-path-statements.e2e-spec.ts lists them):
 * the redelivery check, the order and attempt locked in one statement, each move with its audit
 * row, the inbox row written last with a real event's payload. Run prepared, as the app sends
 * them on its own connections: what pgbench reaches is the ceiling of orderpay's SQL, and the
 * gap to the route is the app's own cost.
 */
const ORDERPAY_WEBHOOK_SCRIPT = `
\\set n :n + 1
SELECT 1 FROM webhook_events WHERE provider = 'stripe'
  AND event_id = 'evt_pgo_' || :run::text || '_' || :client_id::text || '_' || :n::text AND status IN ('processed', 'ignored');
BEGIN;
WITH found AS MATERIALIZED (SELECT id, order_id FROM payments
       WHERE provider_session_id = 'cs_pgo_' || :run::text || '_' || :client_id::text || '_' || :n::text),
     locked AS MATERIALIZED (SELECT * FROM orders WHERE id IN (SELECT order_id FROM found) FOR UPDATE)
SELECT o.id AS order_id, o.user_id, o.status AS order_status, o.currency AS order_currency, o.total_amount,
       o.amount_paid, o.amount_refunded AS order_refunded, o.paid_at, o.canceled_at, o.created_at AS order_created,
       o.updated_at AS order_updated, x.id AS payment_id, x.provider, x.status, x.amount, x.currency,
       x.provider_session_id, x.provider_payment_intent_id, x.checkout_url, x.expires_at, x.failure_reason,
       x.received_amount, x.received_currency, x.failure_code, x.next_check_at, x.check_failures,
       x.amount_refunded, x.amount_applied, x.created_at, x.updated_at
  FROM locked o JOIN payments x ON x.order_id = o.id WHERE x.id IN (SELECT id FROM found) FOR UPDATE OF x \\gset
WITH moved AS (
  UPDATE payments SET status = 'succeeded', updated_at = CURRENT_TIMESTAMP, provider_payment_intent_id = 'pi_pgo_' || :n::text,
      received_amount = :amount::int, received_currency = 'usd', failure_code = NULL, failure_reason = NULL,
      next_check_at = NULL, amount_applied = :amount::int
  WHERE id = :payment_id::uuid AND status = 'open' RETURNING id)
INSERT INTO payment_status_changes (payment_id, from_status, to_status, cause, at)
SELECT id, 'open', 'succeeded', 'stripe_event' || chr(58) || 'evt_pgo', clock_timestamp() FROM moved RETURNING 1;
WITH moved AS (
  UPDATE orders SET status = 'paid', updated_at = now(), amount_paid = :amount::int, paid_at = now()
  WHERE id = :order_id::uuid AND status = 'pending' RETURNING id, amount_paid, amount_refunded)
INSERT INTO order_events (order_id, from_status, to_status, cause, amount_paid, amount_refunded, at)
SELECT id, 'pending', 'paid', 'stripe_event' || chr(58) || 'evt_pgo', amount_paid, amount_refunded, clock_timestamp()
  FROM moved RETURNING id;
INSERT INTO webhook_events (provider, event_id, type, payload, status, order_id, attempts, last_error, processed_at)
  VALUES ('stripe', 'evt_pgo_' || :run::text || '_' || :client_id::text || '_' || :n::text, 'checkout.session.completed',
          :payload::jsonb, 'processed', :order_id::uuid, 1, NULL, now())
  ON CONFLICT (provider, event_id) DO UPDATE
    SET status = EXCLUDED.status, order_id = EXCLUDED.order_id, attempts = webhook_events.attempts + 1,
        last_error = EXCLUDED.last_error, processed_at = EXCLUDED.processed_at
    WHERE webhook_events.status NOT IN ('processed', 'ignored')
  RETURNING id;
COMMIT;
`;

const ORDER_SCRIPT = `
SELECT count(*) FROM products WHERE id IN (:p1::uuid, :p2::uuid, :p3::uuid) AND active;
BEGIN;
INSERT INTO orders (user_id, status, currency, total_amount, amount_paid, amount_refunded)
  VALUES (:user_id::uuid, 'pending', 'usd', 4497, 0, 0) RETURNING id AS order_id \\gset
INSERT INTO order_items (order_id, product_id, name, unit_amount, quantity, line_total, position) VALUES
  (:order_id::uuid, :p1::uuid, 'A', 1499, 1, 1499, 0),
  (:order_id::uuid, :p2::uuid, 'B', 1499, 1, 1499, 1),
  (:order_id::uuid, :p3::uuid, 'C', 1499, 1, 1499, 2);
COMMIT;
`;

/** A script for the simple protocol: each `:name::type` becomes the quoted value, cast. */
const forSimple = (script) => script.replace(/:(\w+)::(\w+)/g, "':$1'::$2");

/**
 * Makes what the scripts work on: a user, 3 products, and for each webhook script `perClient`
 * pending orders with an open attempt per pgbench client. Returns the variables the scripts need.
 */
async function prepare(client, { clients, perClient }) {
  const run = randomBytes(4).toString('hex');
  const {
    rows: [user],
  } = await client.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'customer') RETURNING id`, [
    `bench-pgbench-${run}@example.test`,
  ]);
  const { rows: products } = await client.query(
    `INSERT INTO products (sku, name, unit_amount, active)
     SELECT 'PGB-' || $1::text || '-' || i, 'pgbench ' || i, 1499, true FROM generate_series(1, 3) i RETURNING id`,
    [run],
  );
  for (const prefix of ['cs_pgb_', 'cs_pgp_', 'cs_pgo_']) {
    await client.query(
      `WITH made AS (
       INSERT INTO orders (user_id, status, currency, total_amount, amount_paid, amount_refunded)
       SELECT $1, 'pending', 'usd', 2598, 0, 0 FROM generate_series(1, $2::int * $3::int)
       RETURNING id
     ), numbered AS (SELECT id, row_number() OVER () - 1 AS k FROM made)
     INSERT INTO payments (order_id, provider, status, amount, currency, provider_session_id, expires_at)
     SELECT id, 'stripe', 'open', 2598, 'usd',
            $5 || $4 || '_' || (k / $3::int) || '_' || (k % $3::int + 1), now() + interval '30 minutes'
     FROM numbered`,
      [user.id, clients, perClient, run, prefix],
    );
  }
  return { run, user_id: user.id, p1: products[0].id, p2: products[1].id, p3: products[2].id };
}

function runPgbench(databaseUrl, script, variables, { clients, seconds, protocol }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderpay-pgbench-'));
  const file = path.join(dir, 'script.sql');
  fs.writeFileSync(file, protocol === 'prepared' ? script : forSimple(script));
  const defines = Object.entries(variables).flatMap(([name, value]) => ['-D', `${name}=${value}`]);
  const args = [
    '-n',
    '-M',
    protocol,
    '-c',
    String(clients),
    '-j',
    '2',
    '-T',
    String(seconds),
    '-f',
    file,
    ...defines,
    databaseUrl,
  ];
  return new Promise((resolve, reject) => {
    execFile(pgbenchBinary(), args, { maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      fs.rmSync(dir, { recursive: true, force: true });
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
      const failed = /number of failed transactions: (\d+)/.exec(stdout);
      if (error || !tps) return reject(new Error(`pgbench failed: ${stderr || stdout || error}`));
      resolve({ tps: Number(tps[1]), failed: failed ? Number(failed[1]) : 0 });
    });
  });
}

/**
 * Each script's transactions per second on `databaseUrl`, at `clients` for `seconds`; `payload`
 * is the event orderpay's own webhook script stores (JSON without single quotes).
 */
async function pgbenchLimits(databaseUrl, { clients, seconds, payload }) {
  if (payload.includes("'")) throw new Error('the payload must not hold a single quote (pgbench substitutes it as is)');
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let variables;
  try {
    // Far more rows than a client can use in `seconds`: this machine's PostgreSQL has done 3,600
    // webhook transactions a second on a quiet day, and a client that runs out fails the run.
    variables = await prepare(client, { clients, perClient: Math.ceil((10_000 * seconds) / clients) + 100 });
  } finally {
    await client.end();
  }
  const run = (script, protocol, extra = {}) =>
    runPgbench(databaseUrl, script, { ...variables, n: 0, ...extra }, { clients, seconds, protocol });
  // Each webhook script pays rows of its own (prepare made three sets); the order script adds rows.
  return {
    webhook: await run(WEBHOOK_SCRIPT, 'simple'),
    webhookPrepared: await run(WEBHOOK_SCRIPT.replaceAll('pgb_', 'pgp_'), 'prepared'),
    orderpayWebhook: await run(ORDERPAY_WEBHOOK_SCRIPT, 'prepared', { payload }),
    order: await run(ORDER_SCRIPT, 'simple'),
    orderPrepared: await run(ORDER_SCRIPT, 'prepared'),
  };
}

module.exports = { pgbenchLimits, pgbenchBinary };
