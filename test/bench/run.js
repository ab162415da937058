#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: numbers, and issue 14's goals checked against them. Starts the compiled app the
 * way users do (`node dist/src/main.js`: embedded PostgreSQL, or the server in DATABASE_URL) with
 * the Stripe stand-in in a process of its own, then measures start-up, the main routes under a
 * fixed concurrency, the payment path through the stand-in, webhooks, and memory; with
 * DATABASE_URL, pgbench's limit on the same database. Prints a table and writes JSON.
 * See docs/benchmarks.md. Knobs: BENCH_CONCURRENCY (32), BENCH_PHASE_SECONDS (5).
 */
const { randomBytes, randomUUID } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Stripe = require('stripe');
const { AppProcess, freePort } = require('./lib/app-process');
const { cpuMeter, isLocal } = require('./lib/cpu-meter');
const { request } = require('./lib/http');
const { createSession, setUp } = require('./lib/customer');
const { runLoad, round, sleep } = require('./lib/load');
const { pgbenchLimits } = require('./lib/pgbench');
const { printGoals, printTable } = require('./lib/report');
const { StandIn } = require('./lib/stand-in');
const {
  completedEvent,
  deliver,
  duplicateDeliveries,
  clickToPaid,
  paidCheck,
  databaseCheck,
} = require('./lib/webhook-phases');

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'dist/src/main.js');
const STAND_IN_ENTRY = path.join(ROOT, 'dist/src/stripe-emulator/main.js');

const SETTINGS = {
  concurrency: positiveInt('BENCH_CONCURRENCY', 32),
  phaseMs: positiveInt('BENCH_PHASE_SECONDS', 5) * 1000,
  sequentialPays: 40,
  /** Issue 14 times `/pay` at 16 concurrent customers, against the stand-in's own latency there. */
  payConcurrency: 16,
  /** A provider in the same region answers a Checkout Session in tens of ms (Stripe's own is slower). */
  providerLatencyMs: 50,
  maxWebhookEvents: 3000,
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
  'PAYPAL_API_URL',
  'PAYPAL_CLIENT_ID',
  'PAYPAL_CLIENT_SECRET',
  'PAYPAL_ENABLED',
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

let running; // the app currently up, stopped on any way out
let standIn; // the Stripe stand-in, stopped on any way out
let appLog; // where its output goes, named on failure
let dataDirToRemove; // the embedded database's files, removed once the app is stopped
/** DATABASE_URL names a server on this machine: its processes' CPU can be read here. */
const localDatabase = isLocal(process.env.DATABASE_URL);

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
  const env = appEnvironment({
    port,
    standInUrl: `http://127.0.0.1:${emulatorPort}`,
    dataDir,
    databaseUrl,
    webhookSecret,
  });
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

  let samplePayload = completedEvent({
    sessionId: 'cs_test_sample',
    totalAmount: 2598,
    currency: 'usd',
    id: randomUUID(),
  });
  try {
    standIn = await StandIn.start({
      entry: STAND_IN_ENTRY,
      port: emulatorPort,
      webhookUrl: `http://127.0.0.1:${port}/webhooks/stripe`,
      webhookSecret,
      logFile: path.join(workDir, 'stand-in.log'),
    });
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
      const meter = cpuMeter(app, standIn, { localDatabase });
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
    // The stand-in alone, with the call /pay makes to it (the official SDK, over HTTP), then /pay
    // at the same concurrency: as the stand-in answers (a millisecond), then as a provider nearby
    // would (the stand-in waits PROVIDER_LATENCY_MS before each answer). Issue 14 compares the
    // two p50s.
    const stripe = new Stripe('sk_test_bench', {
      host: '127.0.0.1',
      port: emulatorPort,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    for (const latencyMs of [0, SETTINGS.providerLatencyMs]) {
      await standIn.setLatency(latencyMs);
      await phase({
        name: `stand-in alone (+${latencyMs} ms): create a Checkout Session`,
        concurrency: SETTINGS.payConcurrency,
        send: (i) => createSession(stripe, orders[i % orders.length]).then(() => ({ status: 200 })),
        expect: [200],
      });
      await phase({
        name: `POST /orders/:id/pay (c=${SETTINGS.payConcurrency}, stand-in +${latencyMs} ms)`,
        concurrency: SETTINGS.payConcurrency,
        maxRequests: orders.length - nextOrder,
        send: (i, agent) => pay(agent),
        expect: [201],
        onSuccess: keepSession,
      });
    }
    await standIn.setLatency(0);

    // Open sessions, shared out: some for duplicates, some for real clicks, the rest for distinct events.
    const duplicateSessions = sessions.splice(0, SETTINGS.duplicateRounds);
    const clickSessions = sessions.splice(0, SETTINGS.clickToPaidRuns);
    const eventSessions = sessions.splice(0, SETTINGS.maxWebhookEvents);

    // --- Webhooks: distinct signed checkout.session.completed events, each paying its order.
    if (eventSessions.length > 0) {
      const events = eventSessions.map((session) => completedEvent(session));
      samplePayload = events[0];
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
      const meter = cpuMeter(app, standIn, { localDatabase });
      const summary = await duplicateDeliveries(base, duplicateSessions, webhookSecret, SETTINGS.duplicateConcurrency);
      summary.cpu = meter(summary.requests);
      summary.check = await paidCheck(base, auth, duplicateSessions);
      summary.database = await databaseCheck(databaseUrl, dataDir, duplicateSessions, summary.eventIds);
      delete summary.eventIds;
      results.phases.push(summary);
      progress(`${summary.name}: ${summary.ok}/${summary.requests} ok, burst p50 ${summary.burstMs.p50} ms`);
    }

    // --- A customer clicks Pay on the emulator's page; how long until the order reads paid.
    if (clickSessions.length > 0) {
      const meter = cpuMeter(app, standIn, { localDatabase });
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
    if (standIn) await standIn.stop();
    standIn = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  if (databaseUrl) {
    // PostgreSQL's own limit on the same database, with the app stopped (it would share the cores).
    const seconds = SETTINGS.phaseMs / 1000;
    progress(`pgbench: the least SQL of a webhook and of an order, c=${SETTINGS.concurrency}, ${seconds} s each`);
    try {
      results.pgbench = await pgbenchLimits(databaseUrl, {
        clients: SETTINGS.concurrency,
        seconds,
        payload: JSON.stringify(samplePayload),
      });
    } catch (error) {
      results.pgbench = { error: String(error.message ?? error).slice(0, 500) };
    }
  }
  results.runSeconds = round((Date.now() - runStarted) / 1000);
  results.machine.loadAverageAtEnd = os.loadavg().map(round);
  const resultsFile = path.join(workDir, 'results.json');
  printTable(results);
  results.goals = printGoals(results);
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(
    `\nJSON results: ${resultsFile}\napp log:      ${logFile}\nbench run:    ${results.runSeconds} s (build not included)`,
  );
}

function appEnvironment({ port, standInUrl, dataDir, databaseUrl, webhookSecret }) {
  const env = { ...process.env };
  for (const name of APP_VARIABLES) delete env[name];
  return {
    ...env,
    PORT: String(port),
    DATA_DIR: dataDir,
    // Both providers' stand-ins in a process of their own (the app then starts no emulator); the
    // stand-in signs its events with the secret the app verifies.
    STRIPE_API_URL: standInUrl,
    PAYPAL_API_URL: standInUrl,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    LOG_LEVEL: 'warn',
    // One client IP opens hundreds of checkouts here; the default (30/min per IP) would answer 429.
    PAY_RATE_LIMIT_PER_MINUTE: '1000000',
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  };
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
  const stripeStandIn = standIn;
  standIn = undefined;
  if (stripeStandIn) await stripeStandIn.stop().catch(() => undefined);
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
