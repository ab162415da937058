'use strict';
/**
 * The bench's webhook phases: signed `checkout.session.completed` events as Stripe sends them,
 * bursts of one event delivered many times at once, a customer's click on the stand-in's checkout
 * page until the order reads paid, and what they left in the database.
 */
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Stripe = require('stripe');
const { request, keepAliveAgent } = require('./http');
const { latencyStats, round, sleep } = require('./load');

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
async function duplicateDeliveries(base, sessions, secret, concurrency) {
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

module.exports = { completedEvent, deliver, duplicateDeliveries, clickToPaid, paidCheck, databaseCheck };
