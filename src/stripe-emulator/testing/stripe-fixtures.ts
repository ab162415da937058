import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Stripe's own example objects (stripe/openapi `fixtures3.json`), kept beside the repository
 * in `shared/stripe/`. Read at test time so the emulator is checked against Stripe's shapes,
 * not against a copy that could drift with it.
 */
const FIXTURES_PATH = path.resolve(__dirname, '../../../../shared/stripe/fixtures3.json');

export type FixtureName = 'checkout.session' | 'event' | 'payment_intent' | 'charge' | 'refund' | 'dispute' | 'item';

let cache: Record<string, Record<string, unknown>> | undefined;

export function stripeFixture(name: FixtureName): Record<string, unknown> {
  cache ??= (JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')) as { resources: Record<string, Record<string, unknown>> })
    .resources;
  const fixture = cache[name];
  if (!fixture) throw new Error(`fixtures3.json has no resource ${name}`);
  return fixture;
}

/** The fixture's top-level keys that the emulator's object lacks: a missing or renamed field. */
export function missingFixtureKeys(object: object, name: FixtureName): string[] {
  return Object.keys(stripeFixture(name)).filter((key) => !(key in object));
}
