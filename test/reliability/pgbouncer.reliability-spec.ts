import { startPgBouncer } from '../support/pgbouncer';
import { call, inPool, pay, PlacedOrder, placeOrder, products, registerCustomers } from './support/api';
import { withClient } from './support/checks';
import { Cluster, startCluster } from './support/cluster';
import { emulatorEvents, orderIdOf, StripeEvent } from './support/driver';
import { publishFigures } from './support/figures';
import { sleep } from './support/processes';
import { fault, RunContext } from './support/runs';
import { note } from './support/traffic';

const ORDERS = 300;

/**
 * Run 3: three instances behind PgBouncer in transaction mode (DB_PGBOUNCER=true), with
 * concurrent /pay, cancels, admin refunds, webhooks and reconciler runs on the same orders.
 */
describe('Fault suite behind PgBouncer', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster();
  }, 120_000);

  afterAll(async () => {
    publishFigures();
    await cluster?.stop();
  }, 60_000);

  it('run 3: /pay, cancel, admin refunds, webhooks and reconciler runs racing on the same orders', async () => {
    const result = await fault(
      cluster,
      '3: PgBouncer, everything at once',
      {
        instances: 3,
        env: { DB_PGBOUNCER: 'true' },
        databaseUrlFor: (targetUrl) => startPgBouncer({ targetUrl, poolMode: 'transaction', poolSize: 20 }),
      },
      raceOnTheSameOrders,
    );

    expect(result).toEqual({ orders: ORDERS, violations: '', lostEvents: '' });
  }, 400_000);
});

async function raceOnTheSameOrders(ctx: RunContext): Promise<number> {
  const { stack, driver } = ctx;
  const customers = await registerCustomers(stack.fleet, 12);
  const catalog = await products(stack.fleet);
  const orders = await inPool(Array.from({ length: ORDERS }), 32, (_, i) =>
    placeOrder(stack.fleet, customers[i % customers.length], catalog, i),
  );
  const reconciling = reconcilerLoop(ctx);
  try {
    // Two /pay at once per order, then the customer pays at Stripe, cancels, or both at once.
    const sessionsSplit: string[] = [];
    await inPool(orders, 32, async (order, i) => {
      const twin = { ...order };
      const [first, second] = await Promise.all([pay(stack.fleet, order), pay(stack.fleet, twin)]);
      if (first.status < 300 && second.status < 300 && order.sessionId !== twin.sessionId) {
        sessionsSplit.push(order.orderId);
      }
      if (!order.sessionId) return;
      const atStripe = () => call(stack.emulator.url, 'POST', `/_emulator/checkout/sessions/${order.sessionId}/pay`);
      const cancel = () =>
        call(stack.fleet.pick(), 'POST', `/orders/${order.orderId}/cancel`, { token: order.customer.token });
      if (i % 5 === 0) await cancel();
      else if (i % 5 === 1) await Promise.all([atStripe(), cancel()]);
      else await atStripe();
    });
    if (sessionsSplit.length > 0)
      throw new Error(`Concurrent /pay opened two sessions for ${sessionsSplit.join(', ')}`);
    // Webhooks "lost for an hour": the reconciler now finds every open attempt stale, and races them.
    await withClient(ctx.databaseUrl, (client) =>
      client.query(
        `UPDATE payments SET updated_at = now() - interval '2 hours' WHERE status IN ('open', 'processing')`,
      ),
    );
    const delivered = new Set<string>();
    await deliverRacing(ctx, orders, await emulatorEvents(stack.emulator.url), delivered, true);
    // Refunds settle at Stripe a second later; their events (and late payments' refunds) follow.
    await sleep(1500);
    await deliverRacing(ctx, orders, await emulatorEvents(stack.emulator.url), delivered, false);
    await sleep(1500);
    await deliverRacing(ctx, orders, await emulatorEvents(stack.emulator.url), delivered, false);
  } finally {
    await reconciling.stop();
  }
  note(`run 3: ${driver.records.size} events delivered`);
  return orders.length;
}

/** Each order's new events, three copies at once across instances, raced by refunds, cancels and /pay. */
async function deliverRacing(
  { stack, driver }: RunContext,
  orders: PlacedOrder[],
  events: StripeEvent[],
  delivered: Set<string>,
  withRefunds: boolean,
): Promise<void> {
  const byOrder = new Map<string, StripeEvent[]>();
  for (const event of events) {
    if (delivered.has(event.id)) continue;
    delivered.add(event.id);
    const orderId = orderIdOf(event) ?? '';
    byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), event]);
  }
  await inPool(orders, 32, async (order, i) => {
    const admin = (path: string, body?: unknown) =>
      call(stack.fleet.pick(), 'POST', `/admin/orders/${order.orderId}${path}`, { token: stack.adminToken, body });
    const racers: Promise<unknown>[] = (byOrder.get(order.orderId) ?? []).map((event) => driver.burst(event, 3));
    if (withRefunds && i % 5 >= 1) {
      const third = Math.max(1, Math.floor(order.totalAmount / 3));
      racers.push(
        refundWhenPaid(() => admin('/refunds', { amount: third })),
        refundWhenPaid(() => admin('/refunds', { amount: third })),
        i % 2 === 0 ? refundWhenPaid(() => admin('/refunds', {})) : admin('/cancel'),
        call(stack.fleet.pick(), 'POST', `/orders/${order.orderId}/cancel`, { token: order.customer.token }),
        pay(stack.fleet, { ...order }),
      );
    }
    await Promise.all(racers);
  });
}

/** An admin refund retried while the order is not paid yet (its webhook may still be on its way). */
async function refundWhenPaid(request: () => Promise<{ status: number }>): Promise<void> {
  for (let tries = 0; tries < 20; tries++) {
    const answer = await request();
    if (answer.status !== 409 && answer.status < 500) return;
    await sleep(100);
  }
}

/** POST /admin/reconciliation/run on one instance after another, until stopped. */
function reconcilerLoop({ stack }: RunContext): { stop: () => Promise<void> } {
  let running = true;
  let runs = 0;
  let ran = 0;
  const loop = (async () => {
    while (running) {
      const answer = await call(stack.fleet.pick(), 'POST', '/admin/reconciliation/run', { token: stack.adminToken });
      runs++;
      if (answer.status === 200 && answer.body?.ran) ran++;
      await sleep(50);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      note(`run 3: ${runs} reconciler runs asked for, ${ran} ran (the others found one running)`);
    },
  };
}
