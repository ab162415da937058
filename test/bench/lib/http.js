'use strict';
/**
 * A minimal HTTP client on node:http: no dependency, little overhead per request (the load
 * generator shares the machine's two cores with the app and PostgreSQL, so it must stay cheap).
 */
const http = require('node:http');

/**
 * One request; resolves with the status, headers and body text, or rejects on a network error or
 * after `timeoutMs`. Never follows redirects.
 */
function request(url, { method = 'GET', headers = {}, body, agent, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const req = http.request(url, {
      method,
      agent: agent ?? false,
      headers: payload ? { ...headers, 'content-length': payload.length } : headers,
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.end(payload);
  });
}

/** Parses a JSON answer, or throws naming the request and the status when it is not the expected one. */
function json(response, expectedStatus, what) {
  const expected = Array.isArray(expectedStatus) ? expectedStatus : [expectedStatus];
  if (!expected.includes(response.status)) {
    throw new Error(
      `${what}: expected ${expected.join('/')} but got ${response.status}: ${response.text.slice(0, 300)}`,
    );
  }
  return response.text ? JSON.parse(response.text) : undefined;
}

/** A keep-alive connection pool of exactly `sockets` connections (one per virtual user). */
function keepAliveAgent(sockets) {
  return new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

module.exports = { request, json, keepAliveAgent };
