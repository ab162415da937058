#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: numbers, not pass/fail. Starts the compiled app the way users do
 * (`node dist/src/main.js`: embedded PostgreSQL and the in-process Stripe emulator, or the server
 * in DATABASE_URL), then measures start-up, the main routes under a fixed concurrency, the
 * payment path through the emulator, webhooks, and memory. Prints a table and writes JSON.
 * See docs/benchmarks.md. Knobs: BENCH_CONCURRENCY (16), BENCH_PHASE_SECONDS (5).
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Stripe = require('stripe');
const { AppProcess, freePort, machineCpuMs } = require('./lib/app-process');
const { request, json, keepAliveAgent } = require('./lib/http');
const { runLoad, latencyStats, round, sleep } = require('./lib/load');
const { pgbenchLimits } = require('./lib/pgbench');

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/src/main.js');

const SETTINGS = {
  concurrency: positiveInt('BENCH_CONCURRENCY', 16),
  phaseMs: positiveInt('BENCH_PHASE_SECONDS', 5) * 1000,
  sequentialPays: 40,
  maxWebhookEvents: 600,
  duplicateRounds: 10,
  duplicateConcurrency: 50,
  clickToPaidRuns: 20,
  /** The whole run is abandoned (and the app stopped) past this. */
  maxRunMs: 300_000,
};

/** Every variable the app reads: the bench decides them, the caller's shell does not leak in. */
const APP_VARIABLES = [
  'NODE_ENV',
  'PORT',
  'DATABASE_URL',
  'DATA_DIR',
  'JWT_SECRET',
  'JWT_EXPIRES_IN',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_API_URL',
  'CURRENCY',
  'CHECKOUT_TTL_MINUTES',
  'FRONTEND_URL',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'STRIPE_EMULATOR_PORT',
  'STRIPE_EMULATOR_WEBHOOK_URL',
  'AUTH_RATE_LIMIT_PER_MINUTE',
  'PAY_RATE_LIMIT_PER_MINUTE',
  'RECONCILE_INTERVAL_SECONDS',
  'RECONCILE_AFTER_MINUTES',
  'LOG_LEVEL',
];

const PASSWORD = 'correct horse battery 42';
let running; // the app currently up, stopped on any way out
let appLog; // where its output goes, named on failure
let dataDirToRemove; // the embedded database's files, removed once the app is stopped

async function main() {
  const runStarted = Date.now();
  if (!fs.existsSync(ENTRY))
    throw new Error(`${path.relative(ROOT, ENTRY)} is missing: run \`npm run build\` first (npm run bench does)`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderpay-bench-'));
  // As root the embedded PostgreSQL runs as `postgres`, which must reach DATA_DIR (else the app moves it).
  fs.chmodSync(workDir, 0o755);
  const dataDir = path.join(workDir, 'data');
  dataDirToRemove = dataDir;
  const logFile = path.join(workDir, 'app.log');
  appLog = logFile;
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const port = await freePort();
  const emulatorPort = await freePort();
  const env = appEnvironment({ port, emulatorPort, dataDir, databaseUrl, webhookSecret });
  const results = {
    startedAt: new Date(runStarted).toISOString(),
    machine: machine(),
    database: databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL',
    settings: SETTINGS,
    start: {},
    phases: [],
    memory: {},
  };
  console.log(
    `orderpay bench: ${results.machine.cpus} cores, node ${process.version}, ${results.database}, ` +
      `concurrency ${SETTINGS.concurrency}, ${SETTINGS.phaseMs / 1000} s per timed phase; app log ${logFile}`,
  );

  try {
    // --- Start-up: first start (empty data dir: initdb, migrations, demo data), then a restart.
    const start = (what) =>
      AppProcess.start({ entry: ENTRY, env, port, logFile, timeoutMs: 90_000 }).then((app) => {
        running = app;
        progress(`${what}: ready in ${Math.round(app.readyMs)} ms`);
        return app;
      });
    let app = await start('first start');
    results.start.firstMs = round(app.readyMs);
    results.start.firstCpuMs = app.cpuMs();
    results.memory.firstStartRss = app.memory();
    const firstStop = await app.stop();
    running = undefined;
    results.start.firstStopMs = round(firstStop.ms);
    app = await start('restart');
    results.start.restartMs = round(app.readyMs);
    results.start.restartCpuMs = app.cpuMs();
    await sleep(1000);
    results.memory.idle = app.memory();

    const base = app.baseUrl;
    const { auth, products } = await setUp(base);
    const orders = [];
    const sessions = [];
    const phase = async (options) => {
      const meter = cpuMeter(app);
      const summary = await runLoad({ concurrency: SETTINGS.concurrency, durationMs: SETTINGS.phaseMs, ...options });
      summary.cpu = meter(summary.ok);
      results.phases.push(summary);
      progress(`${summary.name}: ${summary.ok} ok, ${summary.throughputPerSec}/s, p50 ${summary.latencyMs.p50} ms`);
      return summary;
    };

    // --- Reads and order creation.
    await phase({
      name: 'GET /products',
      send: (i, agent) => request(`${base}/products`, { agent }),
      expect: [200],
    });
    await phase({
      name: 'POST /orders',
      send: (i, agent) =>
        request(`${base}/orders`, {
          method: 'POST',
          agent,
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ items: [{ productId: products[i % products.length].id, quantity: 1 + (i % 3) }] }),
        }),
      expect: [201],
      onSuccess: (response) => {
        const { id, totalAmount, currency } = JSON.parse(response.text);
        orders.push({ id, totalAmount, currency });
      },
    });
    if (orders.length === 0) throw new Error('POST /orders created no order: nothing to measure further');
    await phase({
      name: 'GET /orders/:id',
      send: (i, agent) => request(`${base}/orders/${orders[i % orders.length].id}`, { agent, headers: auth }),
      expect: [200],
    });

    // --- Opening Checkout Sessions through the emulator: each call a new order, so a new session.
    let nextOrder = 0;
    const pay = (agent) => {
      const order = orders[nextOrder++];
      return request(`${base}/orders/${order.id}/pay`, {
        method: 'POST',
        agent,
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{"paymentMethod":"stripe"}',
      }).then((response) => Object.assign(response, { order }));
    };
    const keepSession = (response) => {
      const { paymentId, checkoutUrl } = JSON.parse(response.text);
      sessions.push({
        ...response.order,
        paymentId,
        checkoutUrl,
        sessionId: new URL(checkoutUrl).pathname.split('/').pop(),
      });
    };
    await phase({
      name: 'POST /orders/:id/pay (c=1)',
      concurrency: 1,
      maxRequests: Math.min(SETTINGS.sequentialPays, orders.length),
      send: (i, agent) => pay(agent),
      expect: [201],
      onSuccess: keepSession,
    });
    await phase({
      name: 'POST /orders/:id/pay',
      maxRequests: orders.length - nextOrder,
      send: (i, agent) => pay(agent),
      expect: [201],
      onSuccess: keepSession,
    });

    // Open sessions, shared out: some for duplicates, some for real clicks, the rest for distinct events.
    const duplicateSessions = sessions.splice(0, SETTINGS.duplicateRounds);
    const clickSessions = sessions.splice(0, SETTINGS.clickToPaidRuns);
    const eventSessions = sessions.splice(0, SETTINGS.maxWebhookEvents);

    // --- Webhooks: distinct signed checkout.session.completed events, each paying its order.
    if (eventSessions.length > 0) {
      const events = eventSessions.map((session) => completedEvent(session));
      const summary = await phase({
        name: 'POST /webhooks/stripe (distinct)',
        maxRequests: events.length,
        send: (i, agent) => deliver(base, agent, events[i], webhookSecret),
        expect: [200],
      });
      summary.check = await paidCheck(base, auth, eventSessions.slice(0, 25));
      // --- The same events again, each already processed: a provider's retries after a lost answer.
      await phase({
        name: 'POST /webhooks/stripe (redelivered)',
        maxRequests: events.length,
        send: (i, agent) => deliver(base, agent, events[i], webhookSecret),
        expect: [200],
      });
    }

    // --- The same event delivered 50 times at once, several rounds.
    if (duplicateSessions.length > 0) {
      const meter = cpuMeter(app);
      const summary = await duplicateDeliveries(base, duplicateSessions, webhookSecret);
      summary.cpu = meter(summary.requests);
      summary.check = await paidCheck(base, auth, duplicateSessions);
      summary.database = await databaseCheck(databaseUrl, dataDir, duplicateSessions, summary.eventIds);
      delete summary.eventIds;
      results.phases.push(summary);
      progress(`${summary.name}: ${summary.ok}/${summary.requests} ok, burst p50 ${summary.burstMs.p50} ms`);
    }

    // --- A customer clicks Pay on the emulator's page; how long until the order reads paid.
    if (clickSessions.length > 0) {
      const meter = cpuMeter(app);
      const summary = await clickToPaid(base, auth, clickSessions);
      summary.cpu = meter(summary.ok);
      results.phases.push(summary);
      progress(`${summary.name}: median ${summary.latencyMs.p50} ms`);
    }

    results.memory.afterLoad = app.memory();
    await sleep(2000);
    results.memory.afterLoadIdle2s = app.memory();
    const stop = await app.stop();
    running = undefined;
    results.start.restartStopMs = round(stop.ms);
    results.start.stopForced = stop.forced;
    results.start.exitCode = stop.code;
  } finally {
    if (running) await running.stop();
    running = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  if (databaseUrl) {
    // PostgreSQL's own limit on the same database, with the app stopped (it would share the cores).
    const seconds = SETTINGS.phaseMs / 1000;
    progress(`pgbench: the least SQL of a webhook and of an order, c=${SETTINGS.concurrency}, ${seconds} s each`);
    try {
      results.pgbench = await pgbenchLimits(databaseUrl, { clients: SETTINGS.concurrency, seconds });
    } catch (error) {
      results.pgbench = { error: String(error.message ?? error).slice(0, 500) };
    }
  }
  results.runSeconds = round((Date.now() - runStarted) / 1000);
  results.machine.loadAverageAtEnd = os.loadavg().map(round);
  const resultsFile = path.join(workDir, 'results.json');
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  console.log(
    `\nJSON results: ${resultsFile}\napp log:      ${logFile}\nbench run:    ${results.runSeconds} s (build not included)`,
  );
}

function appEnvironment({ port, emulatorPort, dataDir, databaseUrl, webhookSecret }) {
  const env = { ...process.env };
  for (const name of APP_VARIABLES) delete env[name];
  return {
    ...env,
    PORT: String(port),
    DATA_DIR: dataDir,
    STRIPE_EMULATOR_PORT: String(emulatorPort),
    // In emulator mode the app verifies with it and hands it to the emulator, which signs with it.
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    LOG_LEVEL: 'warn',
    // One client IP opens hundreds of checkouts here; the default (30/min per IP) would answer 429.
    PAY_RATE_LIMIT_PER_MINUTE: '1000000',
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  };
}

/**
 * CPU used during a phase: per successful request by the app and by PostgreSQL, and in cores
 * (CPU seconds per second) by the app, PostgreSQL, the bench itself, everything else on the
 * machine, and the hypervisor's steal. `others` and `steal` say how much the numbers were disturbed.
 */
function cpuMeter(app) {
  const wall0 = process.hrtime.bigint();
  const app0 = app.cpuMs();
  const machine0 = machineCpuMs();
  const bench0 = process.cpuUsage();
  return (requests) => {
    const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
    const app1 = app.cpuMs();
    const machine1 = machineCpuMs();
    const benchUsage = process.cpuUsage(bench0);
    const appMs = app1.app - app0.app;
    const postgresMs = app1.postgres === null || app0.postgres === null ? null : app1.postgres - app0.postgres;
    const benchMs = (benchUsage.user + benchUsage.system) / 1000;
    const busyMs = machine1.busy - machine0.busy;
    const cores = (ms) => Math.round((ms / wallMs) * 100) / 100;
    const perRequest = (ms) => (requests > 0 && ms !== null ? Math.round((ms / requests) * 100) / 100 : null);
    return {
      appMsPerRequest: perRequest(appMs),
      postgresMsPerRequest: perRequest(postgresMs),
      cores: {
        app: cores(appMs),
        postgres: postgresMs === null ? null : cores(postgresMs),
        bench: cores(benchMs),
        // With DATABASE_URL on this machine, its PostgreSQL counts here.
        others: cores(Math.max(0, busyMs - appMs - (postgresMs ?? 0) - benchMs)),
        steal: cores(machine1.steal - machine0.steal),
      },
    };
  };
}

/** A customer of its own (register, login) and the catalog to order from. */
async function setUp(base) {
  const email = `bench-${randomBytes(5).toString('hex')}@example.test`;
  const credentials = JSON.stringify({ email, password: PASSWORD });
  const headers = { 'content-type': 'application/json' };
  json(
    await request(`${base}/auth/register`, { method: 'POST', headers, body: credentials }),
    201,
    'POST /auth/register',
  );
  const { accessToken } = json(
    await request(`${base}/auth/login`, { method: 'POST', headers, body: credentials }),
    200,
    'POST /auth/login',
  );
  const { data: products } = json(await request(`${base}/products?pageSize=100`), 200, 'GET /products');
  if (products.length === 0)
    throw new Error('GET /products is empty: the bench orders existing products (demo data on an empty database)');
  return { auth: { authorization: `Bearer ${accessToken}` }, products };
}

/** A checkout.session.completed event, paid, for one of our sessions, shaped as Stripe sends it. */
function completedEvent(session) {
  return {
    id: `evt_bench_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
    data: {
      object: {
        id: session.sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: session.totalAmount,
        currency: session.currency,
        client_reference_id: session.id,
        payment_intent: `pi_bench_${randomBytes(12).toString('hex')}`,
        metadata: { orderId: session.id, paymentId: session.paymentId },
      },
    },
  };
}

function deliver(base, agent, event, secret, payload = JSON.stringify(event)) {
  return request(`${base}/webhooks/stripe`, {
    method: 'POST',
    agent,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
    },
    body: payload,
  });
}

/** Each round: one event, `duplicateConcurrency` identical deliveries sent together. */
async function duplicateDeliveries(base, sessions, secret) {
  const concurrency = SETTINGS.duplicateConcurrency;
  const agent = keepAliveAgent(concurrency);
  const latencies = [];
  const bursts = [];
  const statuses = {};
  const errors = {};
  const eventIds = [];
  let ok = 0;
  for (const session of sessions) {
    const event = completedEvent(session);
    eventIds.push(event.id);
    const payload = JSON.stringify(event);
    const headers = {
      'content-type': 'application/json',
      'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
    };
    const burstStart = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const t0 = process.hrtime.bigint();
        try {
          const response = await request(`${base}/webhooks/stripe`, { method: 'POST', agent, headers, body: payload });
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.status === 200) ok++;
        } catch (error) {
          const key = String(error?.code ?? error?.message ?? error).slice(0, 80);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }),
    );
    bursts.push(Number(process.hrtime.bigint() - burstStart) / 1e6);
  }
  agent.destroy();
  const totalMs = bursts.reduce((a, b) => a + b, 0);
  return {
    name: `POST /webhooks/stripe (${concurrency} duplicates)`,
    concurrency,
    requests: concurrency * sessions.length,
    ok,
    statuses,
    errors,
    durationMs: round(totalMs),
    throughputPerSec: round((ok / totalMs) * 1000),
    latencyMs: latencyStats([...latencies].sort((a, b) => a - b)),
    rounds: sessions.length,
    burstMs: latencyStats([...bursts].sort((a, b) => a - b)),
    eventIds,
  };
}

/** POST the checkout page's Pay button, then poll GET /orders/:id until it reads paid. */
async function clickToPaid(base, auth, sessions) {
  const agent = keepAliveAgent(1);
  const emulatorAgent = keepAliveAgent(1);
  const totals = [];
  const clicks = [];
  const failures = [];
  let polls = 0;
  for (const session of sessions) {
    const t0 = process.hrtime.bigint();
    const click = await request(session.checkoutUrl, {
      method: 'POST',
      agent: emulatorAgent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay',
    });
    clicks.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (click.status !== 303 && click.status !== 200) {
      failures.push(`click answered ${click.status}`);
      continue;
    }
    const deadline = Date.now() + 15_000;
    let paid = false;
    while (!paid && Date.now() < deadline) {
      polls++;
      const response = await request(`${base}/orders/${session.id}`, { agent, headers: auth });
      paid = response.status === 200 && JSON.parse(response.text).status === 'paid';
      if (!paid) await sleep(5);
    }
    if (paid) totals.push(Number(process.hrtime.bigint() - t0) / 1e6);
    else failures.push(`order ${session.id} not paid within 15 s`);
  }
  agent.destroy();
  emulatorAgent.destroy();
  return {
    name: `click Pay -> order paid (n=${sessions.length})`,
    concurrency: 1,
    requests: sessions.length,
    ok: totals.length,
    statuses: {},
    errors: Object.fromEntries(failures.map((failure, i) => [i, failure])),
    durationMs: null,
    throughputPerSec: null,
    latencyMs: latencyStats([...totals].sort((a, b) => a - b)),
    clickMs: latencyStats([...clicks].sort((a, b) => a - b)),
    pollsPerRun: round(polls / sessions.length),
    pollIntervalMs: 5,
  };
}

/** How many of these orders read `paid` through the API. */
async function paidCheck(base, auth, sessions) {
  let paid = 0;
  for (const session of sessions) {
    const response = await request(`${base}/orders/${session.id}`, { headers: auth });
    if (response.status === 200 && JSON.parse(response.text).status === 'paid') paid++;
  }
  return { sampled: sessions.length, paid };
}

/**
 * Best effort, read-only: what the duplicates left in the database (paid transitions per order,
 * inbox rows per event). The embedded server's password and port are read from its data dir.
 */
async function databaseCheck(databaseUrl, dataDir, sessions, eventIds) {
  let url = databaseUrl;
  try {
    if (!url) {
      const password = fs.readFileSync(path.join(dataDir, 'password'), 'utf8').trim();
      const pgPort = fs
        .readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
        .split('\n')[3]
        .trim();
      url = `postgres://orderpay:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/orderpay`;
    }
    const { Client } = require('pg');
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const orderIds = sessions.map((s) => s.id);
      const transitions = await client.query(
        `SELECT order_id, count(*)::int AS n FROM order_events WHERE order_id = ANY($1) AND to_status = 'paid' GROUP BY order_id`,
        [orderIds],
      );
      const inbox = await client.query(
        `SELECT event_id, status, attempts FROM webhook_events WHERE event_id = ANY($1)`,
        [eventIds],
      );
      return {
        paidTransitionsPerOrder: orderIds.map((id) => transitions.rows.find((row) => row.order_id === id)?.n ?? 0),
        inboxRowsPerEvent: eventIds.map((id) => inbox.rows.filter((row) => row.event_id === id).length),
        inboxStatuses: [...new Set(inbox.rows.map((row) => `${row.status}/attempts=${row.attempts}`))],
      };
    } finally {
      await client.end();
    }
  } catch (error) {
    return { skipped: `could not read the database: ${error.message}` };
  }
}

const pad = (value, width) => String(value ?? '-').padStart(width);

function printTable(results) {
  const { start, memory, machine: m } = results;
  const cpu = (c) =>
    c ? `${Math.round(c.app)} app${c.postgres === null ? '' : ` + ${Math.round(c.postgres)} pg`}` : '-';
  const embedded = results.database !== 'DATABASE_URL';
  console.log(
    `\nmachine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}; load average ${m.loadAverageAtStart.join(' ')} at start, ${m.loadAverageAtEnd.join(' ')} at end`,
  );
  console.log(`\n${'start-up'.padEnd(32)}${pad('wall ms', 9)}   CPU ms to get there`);
  console.log(
    `  ${(embedded ? 'first start (empty data dir)' : 'first start').padEnd(30)}${pad(start.firstMs, 9)}   ${cpu(start.firstCpuMs)}${embedded ? ' (incl. initdb)' : ''}`,
  );
  console.log(
    `  ${(embedded ? 'restart (same data dir)' : 'restart').padEnd(30)}${pad(start.restartMs, 9)}   ${cpu(start.restartCpuMs)}`,
  );
  console.log(
    `  ${'SIGTERM -> exit'.padEnd(30)}${pad(start.firstStopMs, 9)}   (${start.restartStopMs ?? '-'} after the load)`,
  );

  const header = ['conc', 'reqs', 'ok', 'req/s', 'p50', 'p95', 'p99', 'max']
    .map((h, i) => pad(h, i < 3 ? 6 : 8))
    .join('');
  console.log(`\n${'phase'.padEnd(38)}${header}  ${pad('app', 6)}${pad('pg', 6)}  ${pad('app', 5)}${pad('others', 7)}`);
  console.log(
    `${''.padEnd(38)}${''.padEnd(18)}${pad('', 8)}${pad('latency ms', 32)}  ${pad('CPU ms/req', 12)}  ${pad('cores', 12)}`,
  );
  for (const p of results.phases) {
    const l = p.latencyMs;
    const c = p.cpu ?? { cores: {} };
    const noise = c.cores.others === undefined ? undefined : Math.round((c.cores.others + c.cores.steal) * 10) / 10;
    console.log(
      `${p.name.padEnd(38)}${pad(p.concurrency, 6)}${pad(p.requests, 6)}${pad(p.ok, 6)}${pad(p.throughputPerSec, 8)}` +
        `${pad(l.p50, 8)}${pad(l.p95, 8)}${pad(l.p99, 8)}${pad(l.max, 8)}  ${pad(c.appMsPerRequest, 6)}${pad(c.postgresMsPerRequest, 6)}  ` +
        `${pad(c.cores.app, 5)}${pad(noise, 7)}`,
    );
    const notOk = Object.entries(p.statuses).filter(([status]) => !['200', '201'].includes(status));
    const extra = [
      p.burstMs && `one burst of ${p.concurrency}: p50 ${p.burstMs.p50} ms, max ${p.burstMs.max} ms`,
      p.clickMs &&
        `the click itself: p50 ${p.clickMs.p50} ms; ${p.pollsPerRun} polls per run (every ${p.pollIntervalMs} ms)`,
      p.check && `orders reading paid afterwards: ${p.check.paid}/${p.check.sampled} checked`,
      p.database?.paidTransitionsPerOrder &&
        `in the database: paid transitions per order ${[...new Set(p.database.paidTransitionsPerOrder)].join(',')}, inbox rows per event ${[...new Set(p.database.inboxRowsPerEvent)].join(',')} (${p.database.inboxStatuses.join(', ')})`,
      p.database?.skipped,
      notOk.length > 0 && `other statuses: ${notOk.map(([status, n]) => `${status} x${n}`).join(', ')}`,
      Object.keys(p.errors).length > 0 && `errors: ${JSON.stringify(p.errors)}`,
    ].filter(Boolean);
    for (const line of extra) console.log(`    ${line}`);
  }
  console.log(
    '    (app cores: CPU seconds per second of the node process, 1.0 = one core saturated; others: cores busy with ' +
      `unrelated processes${embedded ? '' : ', a local DATABASE_URL server included'}, plus hypervisor steal)`,
  );
  const noisiest = Math.max(...results.phases.map((p) => (p.cpu ? p.cpu.cores.others + p.cpu.cores.steal : 0)));
  if (noisiest >= 0.25) {
    console.log(
      `    WARNING: other processes took up to ${Math.round(noisiest * 10) / 10} of the ${m.cpus} cores: req/s and latencies are lower ` +
        'than on a quiet machine; CPU ms/req depends much less on it.',
    );
  }

  printPgbench(results);

  const field = (snapshot, name) => snapshot?.[name] ?? '-';
  console.log(`\n${'memory (MiB)'.padEnd(32)}${pad('app RSS', 9)}${pad('app peak', 10)}${pad('postgres PSS', 14)}`);
  for (const [label, snapshot] of [
    ['after the first start', memory.firstStartRss],
    ['idle after the restart', memory.idle],
    ['right after the load', memory.afterLoad],
    ['2 s after the load', memory.afterLoadIdle2s],
  ]) {
    console.log(
      `  ${label.padEnd(30)}${pad(field(snapshot, 'rssMiB'), 9)}${pad(field(snapshot, 'peakRssMiB'), 10)}${pad(field(snapshot, 'postgresPssMiB'), 14)}`,
    );
  }
}

/** Each route's rate as a share of what PostgreSQL alone does for its least SQL (DATABASE_URL only). */
function printPgbench(results) {
  if (!results.pgbench) return;
  if (results.pgbench.error) return console.log(`\npgbench did not run: ${results.pgbench.error}`);
  const rate = (name) => results.phases.find((p) => p.name === name)?.throughputPerSec;
  console.log(
    `\n${'of PostgreSQL own limit (pgbench)'.padEnd(52)}${pad('tps', 9)}${pad('route/s', 9)}${pad('share', 7)}`,
  );
  for (const [label, limit, route] of [
    ['webhook: inbox, attempt, order, audit (6 trips)', results.pgbench.webhook, 'POST /webhooks/stripe (distinct)'],
    ['order: catalog read, order, 3 items', results.pgbench.order, 'POST /orders'],
  ]) {
    const routeRate = rate(route);
    const share = routeRate === undefined ? '-' : `${Math.round((100 * routeRate) / limit.tps)}%`;
    console.log(`  ${label.padEnd(50)}${pad(round(limit.tps), 9)}${pad(routeRate ?? '-', 9)}${pad(share, 7)}`);
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map(round),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

function positiveInt(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const progress = (message) => console.log(`  .. ${message}`);

async function stopAndExit(code, message) {
  if (message) console.error(message);
  const app = running;
  running = undefined;
  if (app) await app.stop().catch(() => undefined);
  if (dataDirToRemove) fs.rmSync(dataDirToRemove, { recursive: true, force: true });
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void stopAndExit(130, `\n${signal}: stopping the app`));
}
const watchdog = setTimeout(
  () => void stopAndExit(1, `The bench ran past ${SETTINGS.maxRunMs / 1000} s: stopped`),
  SETTINGS.maxRunMs,
);
main().then(
  () => {
    clearTimeout(watchdog);
    process.exit(0);
  },
  (error) =>
    stopAndExit(
      1,
      `bench failed: ${error instanceof Error ? error.stack : error}${appLog ? `\napp log: ${appLog}` : ''}`,
    ),
);
