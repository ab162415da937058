'use strict';
/**
 * A closed-loop load generator: `concurrency` virtual users, each sending its next request as
 * soon as the previous one is answered, until the duration is up or the request budget is spent
 * (whichever comes first). Always stops by itself: every request has a timeout.
 */
const { keepAliveAgent } = require('./http');

/**
 * @param {object} options
 * @param {string} options.name
 * @param {number} options.concurrency
 * @param {number} [options.durationMs]   stop issuing after this long (default: 30 s, a safety net)
 * @param {number} [options.maxRequests]  stop issuing after this many (default: unbounded)
 * @param {(i: number, agent: import('node:http').Agent) => Promise<{status: number}>} options.send
 * @param {number[]} options.expect       statuses that count as success
 * @param {(response: object, i: number) => void} [options.onSuccess]
 */
async function runLoad({ name, concurrency, durationMs = 30_000, maxRequests = Infinity, send, expect, onSuccess }) {
  const agent = keepAliveAgent(concurrency);
  const latencies = [];
  const statuses = {};
  const errors = {};
  let issued = 0;
  let ok = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;

  const user = async () => {
    while (issued < maxRequests && Date.now() < deadline) {
      const i = issued++;
      const t0 = process.hrtime.bigint();
      try {
        const response = await send(i, agent);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (expect.includes(response.status)) {
          ok++;
          onSuccess?.(response, i);
        }
      } catch (error) {
        const key = String(error?.code ?? error?.message ?? error).slice(0, 80);
        errors[key] = (errors[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, user));
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  agent.destroy();
  return summarize({ name, concurrency, elapsedMs, latencies, ok, statuses, errors });
}

function summarize({ name, concurrency, elapsedMs, latencies, ok, statuses, errors }) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    concurrency,
    requests: latencies.length + Object.values(errors).reduce((a, b) => a + b, 0),
    ok,
    statuses,
    errors,
    durationMs: round(elapsedMs),
    throughputPerSec: round((ok / elapsedMs) * 1000),
    latencyMs: latencyStats(sorted),
  };
}

/** p50/p95/p99 by nearest rank, on an ascending array of milliseconds. */
function latencyStats(sorted) {
  if (sorted.length === 0) return { min: null, p50: null, p95: null, p99: null, max: null, mean: null };
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
  return {
    min: round(sorted[0]),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: round(sorted[sorted.length - 1]),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

const round = (value) => Math.round(value * 10) / 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { runLoad, summarize, latencyStats, round, sleep };
