#!/usr/bin/env node
// Copies the Stripe example objects the tests use out of stripe/openapi's fixtures3.json, so the
// repository's tests run anywhere (a new user's clone has no ../shared/).
// Usage: node scripts/copy-stripe-fixtures.js [path/to/fixtures3.json]
const fs = require('node:fs');
const path = require('node:path');

const NAMES = ['checkout.session', 'event', 'payment_intent', 'charge', 'refund', 'dispute', 'item'];
const source = path.resolve(process.argv[2] ?? path.join(__dirname, '../../shared/stripe/fixtures3.json'));
const target = path.join(__dirname, '../src/stripe-emulator/testing/fixtures/stripe-objects.json');

const { resources } = JSON.parse(fs.readFileSync(source, 'utf8'));
const picked = Object.fromEntries(
  NAMES.map((name) => {
    if (!resources[name]) throw new Error(`${source} has no resource ${name}`);
    return [name, resources[name]];
  }),
);
fs.writeFileSync(
  target,
  `${JSON.stringify({ source: 'stripe/openapi openapi/fixtures3.json (commit f6c2a48, 2026-08-21)', resources: picked }, null, 2)}\n`,
);
console.log(`Wrote ${NAMES.length} objects to ${path.relative(process.cwd(), target)}`);
