import { adminProductsFamily, adminQueriesFamily, refundsFamily } from './families/admin';
import { cancelFamily, ordersFamily, payFamily } from './families/orders';
import { authFamily, productsFamily } from './families/public';
import { paypalWebhooksFamily } from './families/paypal-webhooks';
import { pathParamsFamily, queryStringsFamily } from './families/surface';
import { webhooksFamily } from './families/webhooks';
import { Family, FamilyStats, newStats, runFamily } from './support/harness';
import { statsTable } from './support/report';
import { familyTimeoutMs, fuzzSettings } from './support/settings';
import { createWorld, World } from './support/world';

/**
 * Property-based fuzzing of the whole HTTP surface (`npm run test:fuzz`; FUZZ_SEED, FUZZ_RUNS,
 * FUZZ_KEEP_GOING). For every generated request: no 5xx; every 4xx in the one error shape and
 * without a database write; a request the app must refuse whatever its state (`mustRefuse`: a body
 * that is not an object of its DTO's keys, a prototype key in the query, an email too long once
 * stored) never a 2xx. Signed webhooks answered 200 and stored processed or ignored: one orderpay
 * cannot use kept out of every table but the inbox; a well-formed one for a pool order writing only
 * what it may, with the money invariants holding. PayPal deliveries forged or altered refused 400 with no
 * write, genuine ones accepted. One app and database serve all families, in this order; a family may
 * set up rows of its own (async) before its baseline is taken.
 */
const FAMILIES: ((world: World) => Family | Promise<Family>)[] = [
  authFamily,
  productsFamily,
  ordersFamily,
  payFamily,
  cancelFamily,
  refundsFamily,
  adminProductsFamily,
  adminQueriesFamily,
  pathParamsFamily,
  queryStringsFamily,
  webhooksFamily,
  paypalWebhooksFamily,
];
const FAMILY_NAMES = [
  'auth',
  'products',
  'orders',
  'pay',
  'cancel',
  'refunds',
  'admin-products',
  'admin-queries',
  'path-params',
  'query-strings',
  'webhooks',
  'paypal-webhooks',
];

describe(`API fuzz (FUZZ_SEED=${fuzzSettings().seed}, ${fuzzSettings().runs} runs per family)`, () => {
  let world: World;
  const stats = new Map<string, FamilyStats>(FAMILY_NAMES.map((name) => [name, newStats()]));

  beforeAll(async () => {
    world = await createWorld();
  }, 60_000);

  afterAll(async () => {
    process.stdout.write(statsTable(stats));
    await world?.close();
  });

  FAMILIES.forEach((build, i) => {
    it(
      `${FAMILY_NAMES[i]}: no 5xx, one error shape, no write by a refused request`,
      async () => {
        const family = await build(world);
        // The table's names and the families' must agree, or counts would land in the wrong row.
        expect(family.name).toBe(FAMILY_NAMES[i]);
        await runFamily(world, family, stats.get(family.name)!);
      },
      familyTimeoutMs(),
    );
  });
});
