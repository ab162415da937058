import { setTimeout as sleep } from 'node:timers/promises';
import type { ProductDto } from '../../../src/catalog/dto/product.dto';
import { createAdmin, createOrder, createProduct, createUser, TestUser } from '../../support/factories';
import { paidOrder, startCheckout, StartedCheckout } from '../../support/payments';
import { createTestApp, TestApp } from '../../support/test-app';

/**
 * One app and one database for the whole fuzz run, with the rows the families aim at. Requests
 * go through supertest in-process; nothing restarts between cases.
 */

/** Counts and high-water marks of every table: equal before and after a refused request, or it wrote. */
export type Fingerprint = Record<string, string | null>;

// Column names as the migrations in src/database/migrations create them.
const FINGERPRINT_SQL = `SELECT
  (SELECT count(*) FROM users)::text AS users,
  (SELECT max(updated_at) FROM users)::text AS users_updated_at,
  (SELECT count(*) FROM products)::text AS products,
  (SELECT max(updated_at) FROM products)::text AS products_updated_at,
  (SELECT count(*) FROM orders)::text AS orders,
  (SELECT max(updated_at) FROM orders)::text AS orders_updated_at,
  (SELECT sum(amount_refunded) FROM orders)::text AS orders_amount_refunded,
  (SELECT count(*) FROM order_items)::text AS order_items,
  (SELECT count(*) FROM payments)::text AS payments,
  (SELECT max(updated_at) FROM payments)::text AS payments_updated_at,
  (SELECT sum(amount_refunded) FROM payments)::text AS payments_amount_refunded,
  (SELECT count(*) FROM refunds)::text AS refunds,
  (SELECT max(updated_at) FROM refunds)::text AS refunds_updated_at,
  (SELECT count(*) FROM order_events)::text AS order_events,
  (SELECT count(*) FROM order_flags)::text AS order_flags,
  (SELECT count(*) FROM webhook_events)::text AS webhook_events,
  (SELECT count(*) FROM webhook_events WHERE status IN ('failed', 'received'))::text AS webhook_events_unsettled,
  (SELECT max(coalesce(processed_at, received_at)) FROM webhook_events)::text AS webhook_events_updated_at`;

export const sameFingerprint = (a: Fingerprint, b: Fingerprint) => fingerprintChanges(a, b).length === 0;

export function fingerprintChanges(before: Fingerprint, after: Fingerprint, ignore: string[] = []): string[] {
  return Object.keys(after)
    .filter((key) => !ignore.includes(key) && before[key] !== after[key])
    .map((key) => `${key}: ${before[key]} -> ${after[key]}`);
}

/**
 * Mutable pools: a family that spends an order (cancels it, pays it, refunds it all) gets a fresh
 * one. `checkout`: pending orders whose Checkout Session is open, for completions that pay them.
 */
export type PoolName = 'cancelable' | 'paid' | 'checkout';

export interface PoolRef {
  pool: PoolName;
  index: number;
}

export interface World {
  t: TestApp;
  customer: TestUser;
  /** Another customer: their order is a 404 for `customer`. */
  other: TestUser;
  admin: TestUser;
  products: { active: ProductDto[]; inactive: ProductDto; pricey: ProductDto; patchable: ProductDto[] };
  orders: { payable: string; canceled: string; foreign: string };
  /** A pending order with an open Checkout Session: what targeted webhook events aim at. */
  checkout: StartedCheckout;
  /** Payment intents of paid orders: what targeted refund events aim at. */
  paymentIntents: string[];
  pools: Record<PoolName, string[]>;
  fingerprint(): Promise<Fingerprint>;
  /** Waits until Stripe's deliveries are done and the database stops changing; returns its fingerprint. */
  settle(waitMs?: number): Promise<Fingerprint>;
  /** Replaces a pool order the last request spent (canceled, paid, refunded in full); true if it did. */
  replenish(pool: PoolName, index: number): Promise<boolean>;
  close(): Promise<void>;
}

export const POOL_SIZE = 4;
/** Refund pool orders: large totals, so the odd valid partial refund rarely uses one up. */
const PAID_UNIT_AMOUNT = 40_000;
const PAID_QUANTITY = 5;

export async function createWorld(): Promise<World> {
  const t = await createTestApp({
    // Every case is a request: the production limits would answer 429 after a few dozen.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    PAY_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const [customer, other, admin] = [await createUser(t), await createUser(t), await createAdmin(t)];
  const active = [
    await createProduct(t, { unitAmount: 1250 }),
    await createProduct(t, { unitAmount: 99 }),
    await createProduct(t, { unitAmount: 5000 }),
  ];
  const inactive = await createProduct(t, { active: false });
  // Any quantity of it exceeds the largest charge: ORDER_TOTAL_OUT_OF_RANGE.
  const pricey = await createProduct(t, { unitAmount: 99_999_999 });
  const patchable = [await createProduct(t), await createProduct(t)];
  const pendingOrder = async () => (await createOrder(t, customer, [{ productId: active[0].id, quantity: 1 }])).id;

  const payable = await pendingOrder();
  const canceled = await pendingOrder();
  await t.http().post(`/orders/${canceled}/cancel`).set(customer.auth).expect(200);
  const foreign = (await createOrder(t, other, [{ productId: active[1].id, quantity: 2 }])).id;
  const checkout = await startCheckout(t, customer);
  const paid = [];
  for (let i = 0; i < POOL_SIZE; i++) paid.push(await paidOrder(t, customer, PAID_UNIT_AMOUNT, PAID_QUANTITY));
  const cancelable = [];
  for (let i = 0; i < POOL_SIZE; i++) cancelable.push(await pendingOrder());
  const checkouts = [];
  for (let i = 0; i < POOL_SIZE; i++) checkouts.push((await startCheckout(t, customer)).orderId);

  const fingerprint = async (): Promise<Fingerprint> => (await t.dataSource.query(FINGERPRINT_SQL))[0];
  const settle = async (waitMs = 0): Promise<Fingerprint> => {
    let previous = await fingerprint();
    for (let round = 0; round < 100; round++) {
      // A refund settles at the emulator after a delay, then its webhook arrives: wait for both.
      await sleep(waitMs);
      await t.stripe.waitForDeliveries();
      const next = await fingerprint();
      if (sameFingerprint(previous, next)) return next;
      previous = next;
    }
    throw new Error('The database kept changing for 100 rounds after a request: something loops');
  };
  const world: World = {
    t,
    customer,
    other,
    admin,
    products: { active, inactive, pricey, patchable },
    orders: { payable, canceled, foreign },
    checkout,
    paymentIntents: paid.map((order) => order.paymentIntentId),
    pools: { cancelable, paid: paid.map((order) => order.orderId), checkout: checkouts },
    fingerprint,
    settle,
    async replenish(pool, index) {
      const slot = index % POOL_SIZE;
      const [row] = await t.dataSource.query(POOL_STATE_SQL, [world.pools[pool][slot]]);
      if (!isSpent(pool, row)) return false;
      if (pool === 'paid')
        world.pools.paid[slot] = (await paidOrder(t, customer, PAID_UNIT_AMOUNT, PAID_QUANTITY)).orderId;
      else if (pool === 'checkout') world.pools.checkout[slot] = (await startCheckout(t, customer)).orderId;
      else world.pools.cancelable[slot] = await pendingOrder();
      return true;
    },
    close: () => t.close(),
  };
  // Setup's own events (checkout completions, charges) must land before the first baseline.
  await settle(50);
  return world;
}

/** An order and its latest payment attempt, as the pools need them. */
const POOL_STATE_SQL = `SELECT o.status,
  (SELECT p.status FROM payments p WHERE p.order_id = o.id ORDER BY p.created_at DESC LIMIT 1) AS payment_status
  FROM orders o WHERE o.id = $1`;

function isSpent(pool: PoolName, row: { status: string; payment_status: string | null } | undefined): boolean {
  if (pool === 'paid') return row?.status !== 'paid';
  // A completion that failed the attempt (amounts differ) leaves the order pending but unpayable by its session.
  if (pool === 'checkout')
    return row?.status !== 'pending' || !['open', 'processing'].includes(row.payment_status ?? '');
  return row?.status !== 'pending';
}

/** `{pool:index}` in a generated path: resolved to the pool's current order when the case runs. */
export const poolRef = (pool: PoolName, index: number) => `{${pool}:${index}}`;

const POOL_REF = /\{(cancelable|paid|checkout):(\d+)\}/g;

export function resolvePoolRefs(world: World, path: string): { path: string; used: PoolRef[] } {
  const used: PoolRef[] = [];
  const resolved = path.replace(POOL_REF, (_match, pool: PoolName, index: string) => {
    used.push({ pool, index: Number(index) });
    return world.pools[pool][Number(index) % POOL_SIZE];
  });
  return { path: resolved, used };
}
