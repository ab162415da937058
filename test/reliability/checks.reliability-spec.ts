import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { lostEvents, violations, withClient } from './support/checks';
import { Cluster, startCluster } from './support/cluster';
import { DeliveryDriver, StripeEvent } from './support/driver';
import { Fleet } from './support/api';

/**
 * The checker itself: a suite that reports zero violations proves something only if each check
 * reports the rows that break it. Each case writes one kind of broken state by hand.
 */
describe('Fault suite checks', () => {
  let cluster: Cluster;
  let url: string;

  beforeAll(async () => {
    cluster = await startCluster();
    url = await cluster.createDatabase('reliability_checks');
  }, 120_000);

  afterAll(() => cluster?.stop(), 60_000);

  const order = async (client: Client, status: string, extra = ''): Promise<string> => {
    const [{ id: userId }] = (
      await client.query(`INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`, [
        `${randomUUID()}@example.test`,
      ])
    ).rows;
    const { rows } = await client.query(
      `INSERT INTO orders (user_id, status, currency, total_amount, amount_paid, paid_at, canceled_at)
       VALUES ($1, $2, 'usd', 1000, ${status === 'paid' ? '1000, now()' : '0, NULL'}, ${status === 'canceled' ? 'now()' : 'NULL'})
       RETURNING id ${extra}`,
      [userId, status],
    );
    return rows[0].id as string;
  };
  const payment = async (
    client: Client,
    orderId: string,
    status: string,
    applied: boolean,
    session: string = randomUUID(),
  ) => {
    const { rows } = await client.query(
      `INSERT INTO payments (order_id, provider, status, amount, currency, amount_applied, provider_session_id,
         received_amount, received_currency)
       VALUES ($1, 'stripe', $2, 1000, 'usd', $3, $4, $5, $6) RETURNING id`,
      [orderId, status, applied ? 1000 : 0, session, ...(status === 'succeeded' ? [1000, 'usd'] : [null, null])],
    );
    return rows[0].id as string;
  };
  /** An audit row with the order's amounts as they stand, as a transition writes it. */
  const audit = (client: Client, orderId: string, from: string, to: string) =>
    client.query(
      `INSERT INTO order_events (order_id, from_status, to_status, cause, amount_paid, amount_refunded)
       SELECT id, $2, $3, 'test', amount_paid, amount_refunded FROM orders WHERE id = $1`,
      [orderId, from, to],
    );
  const broken = async (write: (client: Client) => Promise<unknown>) => {
    await withClient(url, async (client) => {
      await client.query('BEGIN');
      // Some states are refused by the schema itself; the checks must not rely on that alone.
      await client.query('DROP INDEX IF EXISTS "UQ_payments_one_active_per_order"');
      await write(client);
      await client.query('COMMIT');
    });
    const found = (await violations(url)).map((finding) => finding.check);
    await withClient(url, (client) =>
      client.query(
        'TRUNCATE order_events, refunds, payments, webhook_events, order_flags, order_items, orders, users CASCADE',
      ),
    );
    return found;
  };

  it('should find nothing in a consistent paid order', async () => {
    const found = await broken(async (client) => {
      const orderId = await order(client, 'paid');
      await payment(client, orderId, 'succeeded', true);
      await audit(client, orderId, 'pending', 'paid');
    });
    expect(found).toEqual([]);
  });

  it('should find an order paid without any attempt, and its missing audit row', async () => {
    expect(await broken((client) => order(client, 'paid'))).toEqual([
      'order_status_not_implied_by_its_payments',
      'transition_not_audited_exactly_once',
    ]);
  });

  it('should find money counted from an attempt that took another amount than it asked', async () => {
    const found = await broken(async (client) => {
      const orderId = await order(client, 'paid');
      const paymentId = await payment(client, orderId, 'succeeded', true);
      await client.query('UPDATE payments SET received_amount = 900 WHERE id = $1', [paymentId]);
      await audit(client, orderId, 'pending', 'paid');
    });
    // Its refunds' count on the order is off too: it assumed what was taken is at least what was applied.
    expect(found).toEqual([
      'order_status_not_implied_by_its_payments',
      'paid_without_a_succeeded_attempt_of_its_amount_and_currency',
    ]);
  });

  it('should find a deposit counted twice on a partly paid order', async () => {
    const found = await broken(async (client) => {
      const orderId = await order(client, 'pending');
      const paymentId = await payment(client, orderId, 'succeeded', false);
      await client.query(
        'UPDATE payments SET amount = 400, received_amount = 400, amount_applied = 400 WHERE id = $1',
        [paymentId],
      );
      await client.query("UPDATE orders SET status = 'partially_paid', amount_paid = 800 WHERE id = $1", [orderId]);
      await audit(client, orderId, 'pending', 'partially_paid');
    });
    expect(found).toEqual(['order_status_not_implied_by_its_payments']);
  });

  it('should find two open attempts on one order', async () => {
    const found = await broken(async (client) => {
      const orderId = await order(client, 'pending');
      await payment(client, orderId, 'open', false);
      await payment(client, orderId, 'processing', false);
    });
    expect(found).toEqual(['more_than_one_open_attempt']);
  });

  it('should find refunds past the payment, pending or succeeded', async () => {
    const found = await broken(async (client) => {
      const orderId = await order(client, 'canceled');
      await audit(client, orderId, 'pending', 'canceled');
      const paymentId = await payment(client, orderId, 'succeeded', false);
      await client.query(
        `INSERT INTO refunds (payment_id, order_id, amount, status, requested_by)
         VALUES ($1, $2, 600, 'succeeded', 'test'), ($1, $2, 600, 'failed', 'test')`,
        [paymentId, orderId],
      );
      await client.query(`UPDATE payments SET amount_refunded = 600 WHERE id = $1`, [paymentId]);
      await client.query(
        `INSERT INTO refunds (payment_id, order_id, amount, status, requested_by) VALUES ($1, $2, 600, 'pending', 'test')`,
        [paymentId, orderId],
      );
    });
    expect(found).toEqual(['refunds_exceed_the_payment']);
  });

  it('should find money neither applied nor given back, an unsettled inbox row and a transition audited twice', async () => {
    const found = await broken(async (client) => {
      const orderId = await order(client, 'paid');
      await payment(client, orderId, 'succeeded', true);
      await payment(client, orderId, 'succeeded', false);
      await audit(client, orderId, 'pending', 'paid');
      await audit(client, orderId, 'pending', 'paid');
      await client.query(
        `INSERT INTO webhook_events (provider, event_id, type, payload, status) VALUES ('stripe', 'evt_1', 'x', '{}', 'failed')`,
      );
    });
    expect(found).toEqual([
      'money_taken_and_neither_applied_nor_given_back',
      'inbox_row_neither_processed_nor_ignored',
      'transition_not_audited_exactly_once',
    ]);
  });

  it('should report acknowledged events missing from the inbox and a paid checkout whose order is not paid', async () => {
    const session = `cs_test_${randomUUID()}`;
    await withClient(url, async (client) => {
      const orderId = await order(client, 'pending');
      await payment(client, orderId, 'open', false, session);
    });
    const driver = new DeliveryDriver(new Fleet(() => []), 'whsec_unused');
    const event: StripeEvent = {
      id: 'evt_never_stored',
      type: 'checkout.session.completed',
      data: { object: { id: session, payment_status: 'paid' } },
    };
    driver.records.set(event.id, { event, copies: 1, acknowledged: true, refusals: [] });
    driver.records.set('evt_refused', {
      event: { ...event, id: 'evt_refused' },
      copies: 1,
      acknowledged: false,
      refusals: ['400'],
    });

    const found = await lostEvents(url, driver);

    expect(found.map((finding) => [finding.check, finding.rows.length])).toEqual([
      ['event_never_acknowledged', 1],
      ['acknowledged_event_not_settled_in_the_inbox', 1],
      ['attempt_not_in_the_state_its_delivered_events_imply', 1],
    ]);
  });
});
