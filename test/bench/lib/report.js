'use strict';
/** The bench's printed report: start-up, each phase, PostgreSQL's own limit, memory, and the goals. */
const { round } = require('./load');

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
      'unrelated processes (not the app, its PostgreSQL, the Stripe stand-in or the bench), plus hypervisor steal)',
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
    `\n${'of PostgreSQL own limit (pgbench, c=concurrency)'.padEnd(52)}${pad('tps', 9)}${pad('route/s', 9)}${pad('share', 7)}`,
  );
  for (const [label, limit, route] of [
    ['webhook: the least SQL, 6 trips (simple protocol)', results.pgbench.webhook, 'POST /webhooks/stripe (distinct)'],
    ['webhook: the least SQL, 6 trips (prepared)', results.pgbench.webhookPrepared, 'POST /webhooks/stripe (distinct)'],
    [
      "webhook: orderpay's own 7 statements (prepared)",
      results.pgbench.orderpayWebhook,
      'POST /webhooks/stripe (distinct)',
    ],
    ['order: catalog read, order, 3 items (simple)', results.pgbench.order, 'POST /orders'],
    ['order: catalog read, order, 3 items (prepared)', results.pgbench.orderPrepared, 'POST /orders'],
  ]) {
    if (!limit) continue;
    const routeRate = rate(route);
    const share = routeRate === undefined ? '-' : `${Math.round((100 * routeRate) / limit.tps)}%`;
    console.log(`  ${label.padEnd(50)}${pad(round(limit.tps), 9)}${pad(routeRate ?? '-', 9)}${pad(share, 7)}`);
  }
}

/**
 * Issue 14's goals, each checked against this run: [goal, target, measured, met]. A goal that
 * needs what this run did not have (pgbench needs DATABASE_URL) is measured as null, met as null.
 */
function evaluateGoals(results) {
  const phase = (prefix) => results.phases.find((p) => p.name.startsWith(prefix));
  const webhook = phase('POST /webhooks/stripe (distinct)');
  const redelivered = phase('POST /webhooks/stripe (redelivered)');
  const orders = phase('POST /orders');
  const payAgainst = (latencyMs) => {
    const pay = phase(`POST /orders/:id/pay (c=16, stand-in +${latencyMs} ms)`);
    const standIn = phase(`stand-in alone (+${latencyMs} ms)`);
    return pay && standIn ? round(pay.latencyMs.p50 / standIn.latencyMs.p50) : null;
  };
  const providerLatencyMs = results.settings.providerLatencyMs;
  const share = (route, limit) => (route && limit ? Math.round((100 * route.throughputPerSec) / limit.tps) : null);
  const appCpu = (p) => p?.cpu?.appMsPerRequest ?? null;
  const peaks = Object.values(results.memory)
    .map((m) => m?.peakRssMiB)
    .filter((v) => typeof v === 'number' && !Number.isNaN(v));
  const rows = [
    [
      'webhook (distinct, c=32): share of pgbench',
      '>= 50%',
      share(webhook, results.pgbench?.webhook),
      (v) => v >= 50,
      '%',
    ],
    ['webhook (distinct): p99', '< 100 ms', webhook?.latencyMs.p99, (v) => v < 100, ' ms'],
    ['webhook (distinct): app CPU per event', '< 1.0 ms', appCpu(webhook), (v) => v < 1, ' ms'],
    [
      'webhook: redelivered rate / distinct rate',
      '>= 3x',
      webhook && redelivered ? round(redelivered.throughputPerSec / webhook.throughputPerSec) : null,
      (v) => v >= 3,
      'x',
    ],
    ['POST /orders: share of pgbench', '>= 50%', share(orders, results.pgbench?.order), (v) => v >= 50, '%'],
    ['GET /orders/:id: app CPU per request', '< 0.5 ms', appCpu(phase('GET /orders/:id')), (v) => v < 0.5, ' ms'],
    ['GET /products: app CPU per request', '< 0.5 ms', appCpu(phase('GET /products')), (v) => v < 0.5, ' ms'],
    ['POST /pay p50 (c=16) / stand-in p50 (+0 ms)', '<= 2x', payAgainst(0), (v) => v <= 2, 'x'],
    [
      `POST /pay p50 (c=16) / stand-in p50 (+${providerLatencyMs} ms)`,
      '<= 2x',
      payAgainst(providerLatencyMs),
      (v) => v <= 2,
      'x',
    ],
    ['app RSS, peak through the run', '< 200 MiB', peaks.length ? Math.max(...peaks) : null, (v) => v < 200, ' MiB'],
    ['restart to /health/ready', '< 1500 ms', results.start.restartMs, (v) => v < 1500, ' ms'],
  ];
  const whys = missedGoalReasons(results, { webhook, orders, phase });
  return rows.map(([goal, target, measured, test, unit]) => {
    const met = measured === null || measured === undefined ? null : test(measured);
    return { goal, target, measured: measured ?? null, unit, met, ...(met === false && { why: whys[goal] ?? DOCS }) };
  });
}

const DOCS = 'where the time goes and what would meet it: docs/benchmarks.md, "Issue 14: the goals, before and after"';

/** For a goal not met: what this run's own numbers say the time (or memory) goes to. */
function missedGoalReasons(results, { webhook, orders, phase }) {
  const cores = results.machine.cpus;
  /** What the machine's cores allow at this CPU per request, then `more`, then where to read on. */
  const ceiling = (p, what, more = '') => {
    const app = p?.cpu?.appMsPerRequest;
    const pg = p?.cpu?.postgresMsPerRequest;
    if (!app || !pg) return DOCS;
    return (
      `app ${app} + PostgreSQL ${pg} ms of CPU per ${what} on ${cores} cores: at most about ` +
      `${Math.round((cores * 1000) / (app + pg))}/s with nothing else running${more}; ${DOCS}`
    );
  };
  const pay = phase('POST /orders/:id/pay (c=16, stand-in +0 ms)');
  const standIn = phase('stand-in alone (+0 ms)');
  const needed = standIn ? Math.round((16 * 1000) / (2 * standIn.latencyMs.p50)) : null;
  const idle = results.memory.idle?.rssMiB;
  return {
    'webhook (distinct, c=32): share of pgbench': ceiling(
      webhook,
      'event',
      results.pgbench?.orderpayWebhook
        ? `; its 7 statements alone, under pgbench: ${round(results.pgbench.orderpayWebhook.tps)} tps`
        : '',
    ),
    'POST /orders: share of pgbench': ceiling(orders, 'order'),
    'POST /pay p50 (c=16) / stand-in p50 (+0 ms)':
      pay && needed
        ? `p50 at concurrency 16 is about 16 / rate (${pay.throughputPerSec}/s now): 2x of the stand-in's ` +
          `${standIn.latencyMs.p50} ms needs about ${needed}/s, ${round((cores * 1000) / needed)} ms of CPU per checkout ` +
          `for app and PostgreSQL together (now ${pay.cpu?.appMsPerRequest} + ${pay.cpu?.postgresMsPerRequest ?? '?'} ms)`
        : DOCS,
    'app RSS, peak through the run':
      `${idle ?? '?'} MiB idle; the growth under load is V8's heap (its young generation, freed pages kept pooled), ` +
      `not live data; NODE_OPTIONS flags trade it for throughput: docs/benchmarks.md`,
  };
}

function printGoals(results) {
  const goals = evaluateGoals(results);
  console.log(`\n${'goals (issue 14)'.padEnd(46)}${'target'.padEnd(12)}${pad('measured', 10)}  met`);
  for (const g of goals) {
    const measured = g.measured === null ? '-' : `${g.measured}${g.unit}`;
    const met = g.met === null ? 'not measured (pgbench needs DATABASE_URL)' : g.met ? 'yes' : 'NO';
    console.log(`  ${g.goal.padEnd(44)}${g.target.padEnd(12)}${pad(measured, 10)}  ${met}`);
    if (g.why) console.log(`      why: ${g.why}`);
  }
  const prepared = results.pgbench?.webhookPrepared && results.pgbench?.orderPrepared;
  if (prepared) {
    const rate = (prefix) => results.phases.find((p) => p.name.startsWith(prefix))?.throughputPerSec ?? 0;
    const share = (route, limit) => `${Math.round((100 * rate(route)) / limit.tps)}%`;
    console.log(
      `  (the shares above are of pgbench's default, simple protocol, as issue 14 measured; of pgbench -M prepared, ` +
        `the protocol orderpay's own statements use: webhook ${share('POST /webhooks/stripe (distinct)', results.pgbench.webhookPrepared)}, ` +
        `POST /orders ${share('POST /orders', results.pgbench.orderPrepared)})`,
    );
  }
  const missed = goals.filter((g) => g.met === false).length;
  console.log(`  ${goals.filter((g) => g.met).length} of ${goals.length} met${missed ? `, ${missed} missed` : ''}`);
  return goals;
}

module.exports = { printTable, printGoals, evaluateGoals };
