import { Customer, inPool, PlacedOrder, payOrThrow, placeOrder, products, registerCustomers } from './api';
import { DeliveryDriver, emulatorEvents, orderIdOf, random, StripeEvent } from './driver';
import { sleep } from './processes';
import type { Stack } from './stack';

/** What the customer (or the bank) does at Stripe's checkout. */
export type Outcome = 'pay' | 'async_succeed' | 'async_fail' | 'expire';

/** Run 1's mix: mostly cards, some bank debits (two events each, so reordering matters), some expiries. */
export function outcomeMix(index: number): Outcome {
  const slot = index % 20;
  if (slot < 12) return 'pay';
  if (slot < 17) return 'async_succeed';
  if (slot < 18) return 'async_fail';
  return 'expire';
}

/** Calls `onProgress` with the share of `total` done, for faults that strike mid-traffic. */
export type Progress = (done: number, total: number) => void;

/**
 * Customers place `count` orders through the API, open a checkout for each (POST /pay) and act
 * at Stripe's page (the emulator's controls), `concurrency` orders at a time. Returns the orders;
 * the events Stripe made are then read with `eventsOfOrders`.
 */
export async function ordersThroughCheckout(
  stack: Stack,
  count: number,
  options: { concurrency: number; outcome: (index: number) => Outcome; onProgress?: Progress },
): Promise<PlacedOrder[]> {
  const customers: Customer[] = await registerCustomers(stack.fleet, 12);
  const catalog = await products(stack.fleet);
  let done = 0;
  const started = Date.now();
  const orders = await inPool(Array.from({ length: count }), options.concurrency, async (_, index) => {
    const order: PlacedOrder = await placeOrder(stack.fleet, customers[index % customers.length], catalog, index);
    await payOrThrow(stack.fleet, order, 180_000);
    await actAtStripe(stack, order.sessionId!, options.outcome(index));
    options.onProgress?.(++done, count);
    return order;
  });
  note(`${count} orders placed and checked out in ${seconds(started)}`);
  return orders;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
export const note = (line: string) => process.stdout.write(`  ${line}\n`);

export async function actAtStripe(stack: Stack, sessionId: string, outcome: Outcome): Promise<void> {
  const act = (action: string) => stack.control('POST', `/checkout/sessions/${sessionId}/${action}`);
  if (outcome === 'pay' || outcome === 'expire') {
    await act(outcome);
    return;
  }
  await act('pay_later');
  await act(outcome);
}

/** The emulator's events for these orders, grouped by order, each group in the order Stripe made them. */
export async function eventsOfOrders(stack: Stack, orders: PlacedOrder[]): Promise<StripeEvent[][]> {
  const byOrder = new Map<string, StripeEvent[]>(orders.map((order) => [order.orderId, []]));
  for (const event of await emulatorEvents(stack.emulator.url)) {
    byOrder.get(orderIdOf(event) ?? '')?.push(event);
  }
  return [...byOrder.values()];
}

/**
 * Run 1's delivery: a share of orders get their events out of order (reversed when there are
 * several, else sent after everyone else's), a share of events get extra copies, some at once
 * on another instance and some later; `concurrency` deliveries in flight.
 */
export async function deliverShuffled(
  driver: DeliveryDriver,
  groups: StripeEvent[][],
  options: { seed: number; duplicateShare: number; reorderShare: number; concurrency: number; onProgress?: Progress },
): Promise<void> {
  const rand = random(options.seed);
  type Job = () => Promise<void>;
  const jobs: Job[] = [];
  const late: Job[] = [];
  for (const group of groups) {
    const reorder = rand() < options.reorderShare;
    if (reorder) driver.reorders++;
    const sequence = reorder && group.length > 1 ? [...group].reverse() : group;
    const extraCopies = sequence.map(() => (rand() < options.duplicateShare ? 1 + Math.floor(rand() * 2) : 0));
    const delays = extraCopies.map(() => Math.floor(rand() * 1500));
    const job: Job = async () => {
      const extras: Promise<void>[] = [];
      for (const [i, event] of sequence.entries()) {
        const first = driver.deliver(event);
        // Half the duplicates race the first copy; the others come back later, like Stripe's retries.
        for (let copy = 0; copy < extraCopies[i]; copy++) {
          const racing = copy === 0 && delays[i] % 2 === 0;
          extras.push(racing ? driver.deliver(event) : sleep(delays[i]).then(() => driver.deliver(event)));
        }
        // The next event of the order goes once this one was acknowledged: the order is the one chosen.
        await first;
      }
      await Promise.all(extras);
    };
    (reorder && group.length === 1 ? late : jobs).push(job);
  }
  const all = [...jobs, ...late];
  let done = 0;
  const started = Date.now();
  await inPool(all, options.concurrency, async (job) => {
    await job();
    options.onProgress?.(++done, all.length);
  });
  note(`${groups.length} orders' events delivered (shuffled) in ${seconds(started)}`);
}

/** Run 0's delivery: each order's events, `copies` times at the same instant across instances. */
export async function deliverBursts(
  driver: DeliveryDriver,
  groups: StripeEvent[][],
  options: { copies: number; ordersAtOnce: number },
): Promise<void> {
  const started = Date.now();
  await inPool(groups, options.ordersAtOnce, async (group) => {
    for (const event of group) await driver.burst(event, options.copies);
  });
  note(`${groups.length} orders' events delivered ${options.copies} times at once in ${seconds(started)}`);
}

/** Starts a fault the first time progress passes `share`; the returned promise ends with it. */
export function atShare(share: number, fault: () => Promise<void>): { progress: Progress; done: () => Promise<void> } {
  let started: Promise<void> | undefined;
  return {
    progress: (done, total) => {
      if (!started && done / total >= share) started = fault();
    },
    done: () => started ?? fault(),
  };
}
