import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Stripe's own example objects (stripe/openapi `fixtures3.json`), unchanged, for the resources
 * orderpay touches. Copied into the repository so the tests run in any clone; refresh with
 * `node scripts/copy-stripe-fixtures.js <fixtures3.json>` when Stripe's shapes move on.
 */
const FIXTURES_PATH = path.join(__dirname, 'fixtures', 'stripe-objects.json');

export type FixtureName = 'checkout.session' | 'event' | 'payment_intent' | 'charge' | 'refund' | 'dispute' | 'item';

let cache: Record<string, Record<string, unknown>> | undefined;

export function stripeFixture(name: FixtureName): Record<string, unknown> {
  cache ??= (JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')) as { resources: Record<string, Record<string, unknown>> })
    .resources;
  const fixture = cache[name];
  if (!fixture) throw new Error(`stripe-objects.json has no resource ${name}`);
  return fixture;
}

/** The fixture's top-level keys that the emulator's object lacks: a missing or renamed field. */
export function missingFixtureKeys(object: object, name: FixtureName): string[] {
  return Object.keys(stripeFixture(name)).filter((key) => !(key in object));
}
