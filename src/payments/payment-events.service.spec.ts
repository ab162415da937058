import { clockTime } from './payment-transitions';
import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { type AppConfig, loadConfig } from '../config/app-config';
import type { Order } from '../orders/order.entity';
import type { OrdersService } from '../orders/orders.service';
import { stripeFixture } from '../stripe-emulator/testing/stripe-fixtures';
import type { MetricsService } from '../metrics/metrics.service';
import { PaymentEventsService } from './payment-events.service';
import type { PaymentReferencesService } from './payment-references.service';
import { Payment } from './payment.entity';
import type { PaymentStatus } from './payment-status';
import { PaymentStatusChange } from './payment-status-change.entity';
import type { CheckoutSnapshot, DisputeSnapshot } from './providers/payment-provider';
import { StripePaymentProvider } from './providers/stripe/stripe.provider';
import type { Refund } from './refunds/refund.entity';
import type { RefundsService } from './refunds/refunds.service';

// Moves are one SQL statement; here, the writes it stands for, on the in-memory repositories.
jest.mock('../database/guarded-move', () => ({
  guardedMove:
    jest.requireActual<typeof import('./testing/guarded-move.fake')>('./testing/guarded-move.fake')
      .guardedMoveOnRepositories,
}));

const WEBHOOK_SECRET = 'whsec_payment_events_spec_secret';
const CAUSE = 'stripe_event:evt_test_payment_events';
let sequence = 0;

/** A fresh uuid-shaped id per call, so no two tests share data. */
function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${sequence.toString(16).padStart(12, '0')}`;
}

type CheckoutEventType =
  | 'checkout.session.completed'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed'
  | 'checkout.session.expired';

/**
 * The snapshot the webhook handler gets: Stripe's fixture event and Checkout Session, changed
 * only where the case needs it, signed, and mapped by the real provider.
 */
function snapshotFrom(type: CheckoutEventType, sessionChanges: Record<string, unknown>): CheckoutSnapshot {
  const session = { ...structuredClone(stripeFixture('checkout.session')), ...sessionChanges };
  const fixtureEvent = structuredClone(stripeFixture('event'));
  const event = {
    ...fixtureEvent,
    id: `evt_test_${uuid()}`,
    type,
    data: { ...(fixtureEvent.data as object), object: session },
  };
  const payload = JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const provider = new StripePaymentProvider(
    loadConfig({ NODE_ENV: 'test', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }),
  );
  const { event: parsed } = provider.parseWebhook(Buffer.from(payload, 'utf8'), header);
  if (!('checkout' in parsed)) throw new Error(`${type} was not mapped to a checkout event`);
  return parsed.checkout;
}

/** An in-memory payments table: rows are copied in and out, as a database would. */
class FakePaymentRepository {
  readonly rows = new Map<string, Payment>();

  readonly findOne = jest.fn(({ where }: { where: Partial<Payment> }) => {
    const row = [...this.rows.values()].find((candidate) => matches(candidate, where));
    return Promise.resolve(row ? structuredClone(row) : null);
  });

  /** A guarded UPDATE: only rows matching every criterion change. */
  readonly update = jest.fn((criteria: Partial<Payment>, changes: Partial<Payment>) => {
    let affected = 0;
    for (const row of this.rows.values()) {
      if (matches(row, criteria)) {
        Object.assign(row, changes);
        affected += 1;
      }
    }
    return Promise.resolve({ affected });
  });

  insert(row: Payment): Payment {
    this.rows.set(row.id, structuredClone(row));
    return row;
  }

  get(id: string): Payment {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no payment ${id}`);
    return row;
  }
}

function matches(row: Payment, where: Partial<Payment>): boolean {
  return Object.entries(where).every(([key, value]) => row[key as keyof Payment] === value);
}

interface OrderRow {
  id: string;
  status: Order['status'];
  currency: string;
  totalAmount: number;
  amountPaid: number;
}

/** What the order takes of a payment, as order-amounts.ts decides it: what is due, while it takes payments. */
function takes(order: Pick<Order, 'status' | 'totalAmount' | 'amountPaid'>, amount: number): number {
  const due =
    order.status === 'pending' || order.status === 'partially_paid' ? order.totalAmount - order.amountPaid : 0;
  return Math.max(0, Math.min(amount, due));
}

function setup(options: { order?: Partial<OrderRow> } = {}) {
  const order: OrderRow = {
    id: uuid(),
    status: 'pending',
    currency: 'usd',
    totalAmount: 4599,
    amountPaid: 0,
    ...options.order,
  };
  const payments = new FakePaymentRepository();
  /** The payments' audit trail. */
  const statusChanges = { insert: jest.fn((_row: Partial<PaymentStatusChange>) => Promise.resolve({})) };
  const getRepository = jest.fn((entity: unknown) => {
    if (entity === Payment) return payments;
    if (entity === PaymentStatusChange) return statusChanges;
    throw new Error('only the Payment and PaymentStatusChange repositories are expected');
  });
  // The webhook handler's (or the reconciler's) transaction: every move writes inside it.
  const transaction = jest.fn(() => Promise.reject(new Error('a move must not open a transaction of its own')));
  const manager = {
    getRepository,
    queryRunner: { isTransactionActive: true },
    transaction,
  } as unknown as EntityManager;
  const orders = {
    lockForUpdate: jest.fn((_manager: EntityManager, orderId: string) => {
      if (orderId !== order.id) return Promise.reject(new Error(`unexpected order ${orderId}`));
      return Promise.resolve({ ...order } as Order);
    }),
    /** As OrdersService's one statement finds them: the attempt, by session or by metadata, locked with its order. */
    lockWith: jest.fn((_manager: EntityManager, entity: unknown, criteria: Partial<Payment>) => {
      if (entity !== Payment) return Promise.reject(new Error('only payments are locked with their order here'));
      const found = [...payments.rows.values()].find((row) => matches(row, criteria));
      if (found === undefined) return Promise.resolve(null);
      if (found.orderId !== order.id) return Promise.reject(new Error(`unexpected order ${found.orderId}`));
      return Promise.resolve({ order: { ...order } as Order, owned: structuredClone(found) });
    }),
    paymentShare: jest.fn((locked: Order, amount: number) => {
      const applied = takes(locked, amount);
      return { applied, excess: amount - applied };
    }),
    /** As OrdersService applies it: the part that is due raises amountPaid; the rest is the excess. */
    recordPayment: jest.fn((_manager: EntityManager, locked: Order, amount: number, _cause: string) => {
      const applied = takes(locked, amount);
      if (applied > 0) {
        order.amountPaid = locked.amountPaid + applied;
        order.status = order.amountPaid === order.totalAmount ? 'paid' : 'partially_paid';
      }
      return Promise.resolve({ applied, excess: amount - applied });
    }),
    flag: jest.fn(() => Promise.resolve(undefined)),
  };
  const references = {
    paymentByIntent: jest.fn((_manager: EntityManager, _provider: string, paymentIntentId: string) =>
      payments.findOne({ where: { providerPaymentIntentId: paymentIntentId } }),
    ),
  };
  const refunds = {
    recountOnOrder: jest.fn(() => Promise.resolve()),
    createExcessRefund: jest.fn((_manager: EntityManager, payment: Payment, amount: number) =>
      Promise.resolve({ id: uuid(), paymentId: payment.id, amount } as Refund),
    ),
  };
  const metrics = { paymentTransition: jest.fn() };
  const service = new PaymentEventsService(
    orders as unknown as OrdersService,
    refunds as unknown as RefundsService,
    references as unknown as PaymentReferencesService,
    metrics as unknown as MetricsService,
    { payments: { reconcileAfterMinutes: 60 } } as AppConfig,
  );

  const addPayment = (changes: Partial<Payment> = {}): Payment =>
    payments.insert({
      id: uuid(),
      orderId: order.id,
      provider: 'stripe',
      status: 'open',
      amount: order.totalAmount,
      currency: order.currency,
      providerSessionId: `cs_test_${uuid()}`,
      providerPaymentIntentId: null,
      checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test',
      expiresAt: new Date(Date.now() + 30 * 60_000),
      failureReason: null,
      failureCode: null,
      receivedAmount: null,
      receivedCurrency: null,
      nextCheckAt: null,
      checkFailures: 0,
      amountRefunded: 0,
      amountApplied: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
      ...changes,
    });

  /** The fixture session as it would be for this payment, with the case's changes. */
  const snapshot = (
    type: CheckoutEventType,
    payment: Payment,
    changes: Record<string, unknown> = {},
  ): CheckoutSnapshot =>
    snapshotFrom(type, {
      id: payment.providerSessionId ?? `cs_test_${uuid()}`,
      amount_total: payment.amount,
      currency: payment.currency,
      payment_intent: `pi_test_${payment.id.slice(-12)}`,
      metadata: { orderId: order.id, paymentId: payment.id },
      ...changes,
    });

  /** The audit rows written for one attempt, in order. */
  const audit = (paymentId: string) =>
    statusChanges.insert.mock.calls.map(([row]) => row).filter((row) => row.paymentId === paymentId);

  return {
    order,
    payments,
    statusChanges,
    audit,
    manager,
    transaction,
    orders,
    refunds,
    metrics,
    service,
    addPayment,
    snapshot,
  };
}

const PAID = { status: 'complete', payment_status: 'paid' };
const UNPAID_COMPLETE = { status: 'complete', payment_status: 'unpaid' };

/** A mismatch: flagged for a person, nothing counted on the order, the attempt ended for review. */
function expectHeldForReview(
  { order, orders, payments, manager }: Pick<ReturnType<typeof setup>, 'order' | 'orders' | 'payments' | 'manager'>,
  checkout: { sessionId: string },
  payment: Payment,
  flagDetails: unknown,
) {
  expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'amount_mismatch', checkout.sessionId, flagDetails);
  expect(orders.recordPayment).not.toHaveBeenCalled();
  expect(order).toMatchObject({ status: 'pending', amountPaid: 0 });
  expect(payments.get(payment.id)).toMatchObject({
    status: 'failed',
    failureReason: expect.stringMatching(/^Needs review: /),
    amountApplied: 0,
  });
}

describe(PaymentEventsService.name, () => {
  let loggedErrors: jest.SpyInstance;
  let loggedWarnings: jest.SpyInstance;

  beforeEach(() => {
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    loggedWarnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  describe('checkout completed', () => {
    it('should mark an open attempt succeeded and applied, and the order paid, when payment_status is paid', async () => {
      const { order, payments, audit, manager, transaction, orders, refunds, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'open' });
      const checkout = snapshot('checkout.session.completed', payment, PAID);

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'open', to: 'succeeded' },
      });
      expect(payments.get(payment.id)).toMatchObject({
        status: 'succeeded',
        providerPaymentIntentId: checkout.paymentIntentId,
        failureReason: null,
        amountApplied: 4599,
      });
      // One guarded move records the success and what the order took of it.
      expect(payments.update).toHaveBeenCalledTimes(1);
      expect(payments.update).toHaveBeenCalledWith(
        { id: payment.id, status: 'open' },
        {
          providerPaymentIntentId: checkout.paymentIntentId,
          receivedAmount: 4599,
          receivedCurrency: 'usd',
          failureCode: null,
          failureReason: null,
          nextCheckAt: null,
          amountApplied: 4599,
          status: 'succeeded',
        },
      );
      // The move is audited in the caller's transaction, with the event as its cause.
      expect(audit(payment.id)).toEqual([
        { paymentId: payment.id, fromStatus: 'open', toStatus: 'succeeded', cause: CAUSE, at: clockTime },
      ]);
      expect(transaction).not.toHaveBeenCalled();
      expect(orders.recordPayment).toHaveBeenCalledTimes(1);
      expect(orders.recordPayment).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: order.id }),
        4599,
        CAUSE,
      );
      expect(order).toMatchObject({ status: 'paid', amountPaid: 4599 });
      expect(orders.flag).not.toHaveBeenCalled();
      expect(refunds.createExcessRefund).not.toHaveBeenCalled();
    });

    it('should count the transition it applies, with the manager whose commit it waits for, and nothing for a repeat', async () => {
      const { audit, manager, metrics, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'open' });
      const checkout = snapshot('checkout.session.completed', payment, PAID);

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);
      await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(metrics.paymentTransition.mock.calls).toEqual([[manager, 'stripe', 'open', 'succeeded']]);
      expect(audit(payment.id)).toHaveLength(1);
    });

    it("should find the attempt by its session id and lock it with its order, in the caller's transaction", async () => {
      const { manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment();

      await service.applyCheckout(manager, snapshot('checkout.session.completed', payment, PAID), 'completed', CAUSE);

      // OrdersService locks the order first, then the attempt, in one statement (test/order-locks.e2e-spec.ts).
      expect(orders.lockWith.mock.calls).toEqual([
        [manager, Payment, { providerSessionId: payment.providerSessionId }],
      ]);
      expect(orders.lockForUpdate).not.toHaveBeenCalled();
    });

    it('should move an open attempt to processing, recording the payment intent, when payment_status is unpaid', async () => {
      const { order, payments, audit, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'open' });
      const checkout = snapshot('checkout.session.completed', payment, UNPAID_COMPLETE);

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'open', to: 'processing' },
      });
      expect(payments.get(payment.id)).toMatchObject({
        status: 'processing',
        providerPaymentIntentId: checkout.paymentIntentId,
      });
      expect(payments.update).toHaveBeenCalledWith(
        { id: payment.id, status: 'open' },
        { providerPaymentIntentId: checkout.paymentIntentId, nextCheckAt: expect.any(Date), status: 'processing' },
      );
      // Read back after RECONCILE_AFTER_MINUTES (60 here), not at the session's expiry.
      const nextCheck = payments.get(payment.id).nextCheckAt!.getTime() - Date.now();
      expect(nextCheck).toBeGreaterThan(59 * 60_000);
      expect(nextCheck).toBeLessThanOrEqual(60 * 60_000);
      expect(audit(payment.id)).toEqual([
        { paymentId: payment.id, fromStatus: 'open', toStatus: 'processing', cause: CAUSE, at: clockTime },
      ]);
      expect(orders.recordPayment).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should change nothing on a repeat of completed for an attempt that already succeeded', async () => {
      const { order, payments, statusChanges, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'succeeded', providerPaymentIntentId: 'pi_test_first' });
      const checkout = snapshot('checkout.session.completed', payment, PAID);

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({ status: 'processed', orderId: order.id });
      expect(payments.update).not.toHaveBeenCalled();
      expect(statusChanges.insert).not.toHaveBeenCalled();
      expect(payments.get(payment.id)).toMatchObject({ status: 'succeeded', providerPaymentIntentId: 'pi_test_first' });
      expect(orders.recordPayment).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should not move a succeeded attempt back to processing when an unpaid completed arrives after async success', async () => {
      const { payments, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'succeeded' });

      await service.applyCheckout(
        manager,
        snapshot('checkout.session.completed', payment, UNPAID_COMPLETE),
        'completed',
        CAUSE,
      );

      expect(payments.update).not.toHaveBeenCalled();
      expect(payments.get(payment.id).status).toBe('succeeded');
      expect(orders.recordPayment).not.toHaveBeenCalled();
    });
  });

  describe('async payment', () => {
    it('should mark a processing attempt succeeded and the order paid on async_payment_succeeded', async () => {
      const { order, payments, audit, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'processing', providerPaymentIntentId: 'pi_test_async' });
      const checkout = snapshot('checkout.session.async_payment_succeeded', payment, {
        ...PAID,
        payment_intent: 'pi_test_async',
      });

      const result = await service.applyCheckout(manager, checkout, 'async_payment_succeeded', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'processing', to: 'succeeded' },
      });
      expect(payments.update).toHaveBeenCalledWith(
        { id: payment.id, status: 'processing' },
        {
          providerPaymentIntentId: 'pi_test_async',
          receivedAmount: 4599,
          receivedCurrency: 'usd',
          failureCode: null,
          failureReason: null,
          nextCheckAt: null,
          amountApplied: 4599,
          status: 'succeeded',
        },
      );
      expect(payments.get(payment.id)).toMatchObject({ status: 'succeeded', amountApplied: 4599 });
      expect(audit(payment.id)).toEqual([
        { paymentId: payment.id, fromStatus: 'processing', toStatus: 'succeeded', cause: CAUSE, at: clockTime },
      ]);
      expect(orders.recordPayment).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: order.id }),
        4599,
        CAUSE,
      );
      expect(order).toMatchObject({ status: 'paid', amountPaid: 4599 });
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should mark a processing attempt failed with a reason and leave the order alone on async_payment_failed', async () => {
      const { order, payments, audit, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'processing' });
      const checkout = snapshot('checkout.session.async_payment_failed', payment, UNPAID_COMPLETE);

      const result = await service.applyCheckout(manager, checkout, 'async_payment_failed', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'processing', to: 'failed' },
      });
      expect(payments.update).toHaveBeenCalledWith(
        { id: payment.id, status: 'processing' },
        {
          failureCode: 'payment_failed',
          failureReason: expect.stringMatching(/delayed payment failed/),
          nextCheckAt: null,
          status: 'failed',
        },
      );
      expect(payments.get(payment.id).status).toBe('failed');
      expect(audit(payment.id)).toEqual([
        { paymentId: payment.id, fromStatus: 'processing', toStatus: 'failed', cause: CAUSE, at: clockTime },
      ]);
      expect(orders.recordPayment).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });
  });

  describe('checkout expired', () => {
    it('should mark an open attempt expired without touching the order', async () => {
      const { order, payments, audit, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'open' });
      const checkout = snapshot('checkout.session.expired', payment, {
        status: 'expired',
        payment_status: 'unpaid',
        payment_intent: null,
      });

      const result = await service.applyCheckout(manager, checkout, 'expired', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'open', to: 'expired' },
      });
      expect(payments.update).toHaveBeenCalledWith(
        { id: payment.id, status: 'open' },
        { nextCheckAt: null, status: 'expired' },
      );
      expect(payments.get(payment.id).status).toBe('expired');
      expect(audit(payment.id)).toEqual([
        { paymentId: payment.id, fromStatus: 'open', toStatus: 'expired', cause: CAUSE, at: clockTime },
      ]);
      expect(orders.recordPayment).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should change nothing when expired arrives after the attempt succeeded', async () => {
      const { order, payments, statusChanges, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'succeeded' });
      const checkout = snapshot('checkout.session.expired', payment, { status: 'expired', payment_status: 'unpaid' });

      const result = await service.applyCheckout(manager, checkout, 'expired', CAUSE);

      expect(result).toEqual({ status: 'processed', orderId: order.id });
      expect(payments.update).not.toHaveBeenCalled();
      expect(statusChanges.insert).not.toHaveBeenCalled();
      expect(payments.get(payment.id).status).toBe('succeeded');
      expect(orders.recordPayment).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });
  });

  describe('mismatches', () => {
    it('should flag amount_mismatch, log an error, and not pay the order, and end the attempt for review when the amount differs', async () => {
      const { order, payments, audit, manager, orders, refunds, service, addPayment, snapshot } = setup({
        order: { totalAmount: 4599 },
      });
      const payment = addPayment({ status: 'open' });
      const checkout = snapshot('checkout.session.completed', payment, { ...PAID, amount_total: 4598 });

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'open', to: 'failed' },
      });
      expect(orders.flag).toHaveBeenCalledTimes(1);
      expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'amount_mismatch', checkout.sessionId, {
        paymentId: payment.id,
        expectedAmount: 4599,
        expectedCurrency: 'usd',
        receivedAmount: 4598,
        receivedCurrency: 'usd',
      });
      expect(orders.recordPayment).not.toHaveBeenCalled();
      // The attempt ends, so the order can be paid again or canceled; a person refunds the money.
      expect(payments.get(payment.id)).toMatchObject({
        status: 'failed',
        failureReason: expect.stringMatching(/^Needs review: /),
        amountApplied: 0,
      });
      expect(audit(payment.id)).toEqual([
        { paymentId: payment.id, fromStatus: 'open', toStatus: 'failed', cause: CAUSE, at: clockTime },
      ]);
      expect(loggedErrors).toHaveBeenCalled();
      expect(refunds.createExcessRefund).not.toHaveBeenCalled();
    });

    it('should log a mismatch once: a copy of the event finding the attempt already failed for it logs nothing', async () => {
      const { manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'open' });
      const checkout = snapshot('checkout.session.completed', payment, { ...PAID, amount_total: 4598 });

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);
      expect(loggedErrors).toHaveBeenCalledTimes(1);
      // A copy delivered at the same moment, run after the first committed (it rolls back later).
      await service.applyCheckout(manager, checkout, 'completed', CAUSE);
      expect(loggedErrors).toHaveBeenCalledTimes(1);
      expect(orders.flag).toHaveBeenCalledTimes(2); // the second insert is ignored by its unique key
    });

    it('should flag amount_mismatch and not pay when the currency differs', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup({
        order: { currency: 'usd', totalAmount: 1500 },
      });
      const payment = addPayment({ status: 'open' });
      const checkout = snapshot('checkout.session.completed', payment, {
        ...PAID,
        amount_total: 1500,
        currency: 'eur',
      });

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'amount_mismatch', checkout.sessionId, {
        paymentId: payment.id,
        expectedAmount: 1500,
        expectedCurrency: 'usd',
        receivedAmount: 1500,
        receivedCurrency: 'eur',
      });
      expect(orders.recordPayment).not.toHaveBeenCalled();
      // The attempt ends, so the order can be paid again or canceled; a person refunds the money.
      expect(payments.get(payment.id)).toMatchObject({
        status: 'failed',
        failureReason: expect.stringMatching(/^Needs review: /),
      });
    });

    it('should flag and not pay when the attempt was opened in another currency than the order’s', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup({
        order: { currency: 'usd', totalAmount: 1500 },
      });
      const payment = addPayment({ status: 'open', currency: 'eur', amount: 1500 });
      const checkout = snapshot('checkout.session.completed', payment, {
        ...PAID,
        amount_total: 1500,
        currency: 'usd',
      });

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      // What is expected is the attempt's own amount and currency.
      expectHeldForReview({ order, orders, payments, manager }, checkout, payment, {
        paymentId: payment.id,
        expectedAmount: 1500,
        expectedCurrency: 'eur',
        receivedAmount: 1500,
        receivedCurrency: 'usd',
      });
    });

    it('should flag and not pay when the provider took the attempt’s currency but it is not the order’s', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup({
        order: { currency: 'usd', totalAmount: 1500 },
      });
      const payment = addPayment({ status: 'open', currency: 'eur', amount: 1500 });
      const checkout = snapshot('checkout.session.completed', payment, PAID);
      expect(checkout).toMatchObject({ amountTotal: 1500, currency: 'eur' });

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expectHeldForReview({ order, orders, payments, manager }, checkout, payment, {
        paymentId: payment.id,
        expectedAmount: 1500,
        expectedCurrency: 'eur',
        receivedAmount: 1500,
        receivedCurrency: 'eur',
      });
    });

    it('should flag, not throw, when Stripe reports no currency', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup({
        order: { currency: 'usd', totalAmount: 1500 },
      });
      const payment = addPayment({ status: 'open', amount: 1500 });
      const checkout = {
        ...snapshot('checkout.session.completed', payment, { ...PAID, amount_total: 1500 }),
        currency: null,
      };

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'amount_mismatch', checkout.sessionId, {
        paymentId: payment.id,
        expectedAmount: 1500,
        expectedCurrency: 'usd',
        receivedAmount: 1500,
        receivedCurrency: null,
      });
      expect(payments.get(payment.id)).toMatchObject({ status: 'failed', receivedCurrency: null });
    });

    it('should flag and not pay an async success whose amount differs from the attempt', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup({
        order: { totalAmount: 2000 },
      });
      const payment = addPayment({ status: 'processing' });
      const checkout = snapshot('checkout.session.async_payment_succeeded', payment, { ...PAID, amount_total: 200 });

      await service.applyCheckout(manager, checkout, 'async_payment_succeeded', CAUSE);

      expectHeldForReview({ order, orders, payments, manager }, checkout, payment, {
        paymentId: payment.id,
        expectedAmount: 2000,
        expectedCurrency: 'usd',
        receivedAmount: 200,
        receivedCurrency: 'usd',
      });
    });

    it('should flag and not pay when the provider took the order’s total but the attempt asked for a part of it', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup({
        order: { totalAmount: 3000 },
      });
      const payment = addPayment({ status: 'open', amount: 2500 });
      const checkout = snapshot('checkout.session.completed', payment, { ...PAID, amount_total: 3000 });

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      // The attempt's amount is what counts, not the order's total.
      expectHeldForReview({ order, orders, payments, manager }, checkout, payment, {
        paymentId: payment.id,
        expectedAmount: 2500,
        expectedCurrency: 'usd',
        receivedAmount: 3000,
        receivedCurrency: 'usd',
      });
    });
  });

  describe('late payment', () => {
    it('should record the success, refund it in full and flag late_payment when the order was canceled meanwhile', async () => {
      const { order, payments, manager, orders, refunds, service, addPayment, snapshot } = setup({
        order: { status: 'canceled', totalAmount: 4599 },
      });
      const payment = addPayment({ status: 'canceled' });
      const checkout = snapshot('checkout.session.completed', payment, PAID);

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(payments.get(payment.id)).toMatchObject({ status: 'succeeded', amountApplied: 0 });
      // Nothing applied: the only update is the move itself.
      expect(payments.update).toHaveBeenCalledTimes(1);
      expect(orders.recordPayment).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: order.id }),
        4599,
        CAUSE,
      );
      expect(order).toMatchObject({ status: 'canceled', amountPaid: 0 });
      expect(refunds.createExcessRefund).toHaveBeenCalledTimes(1);
      expect(refunds.createExcessRefund).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: payment.id, orderId: order.id, amount: 4599, status: 'succeeded' }),
        4599,
      );
      const refundId = (await refunds.createExcessRefund.mock.results[0].value).id;
      expect(orders.flag).toHaveBeenCalledTimes(1);
      expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'late_payment', checkout.sessionId, {
        paymentId: payment.id,
        refundId,
        amount: 4599,
        applied: 0,
        refunded: 4599,
        currency: 'usd',
        orderStatus: 'canceled',
      });
      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'canceled', to: 'succeeded' },
        refundsToSubmit: [refundId],
      });
      expect(loggedWarnings).toHaveBeenCalled();
    });

    it('should refund a second attempt that succeeds on an order another attempt already paid', async () => {
      const { order, payments, manager, orders, refunds, service, addPayment, snapshot } = setup({
        order: { status: 'paid', amountPaid: 4599 },
      });
      addPayment({ status: 'succeeded', amountApplied: 4599 });
      const second = addPayment({ status: 'expired' });

      const result = await service.applyCheckout(
        manager,
        snapshot('checkout.session.completed', second, PAID),
        'completed',
        CAUSE,
      );

      expect(payments.get(second.id)).toMatchObject({ status: 'succeeded', amountApplied: 0 });
      expect(order).toMatchObject({ status: 'paid', amountPaid: 4599 });
      expect(refunds.createExcessRefund).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: second.id }),
        4599,
      );
      expect(orders.flag).toHaveBeenCalledWith(
        manager,
        order.id,
        'late_payment',
        expect.any(String),
        expect.objectContaining({ applied: 0, refunded: 4599, orderStatus: 'paid' }),
      );
      expect(result.refundsToSubmit).toHaveLength(1);
    });

    it('should not refund or flag again when the late completion is delivered a second time', async () => {
      const { manager, orders, refunds, service, addPayment, snapshot } = setup({
        order: { status: 'canceled' },
      });
      const payment = addPayment({ status: 'canceled' });
      const checkout = snapshot('checkout.session.completed', payment, PAID);

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);
      const again = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(again).toEqual({ status: 'processed', orderId: payment.orderId });
      expect(refunds.createExcessRefund).toHaveBeenCalledTimes(1);
      expect(orders.flag).toHaveBeenCalledTimes(1);
      expect(orders.recordPayment).toHaveBeenCalledTimes(1);
    });

    it('should accept a late completion on an expired attempt and pay the still-pending order', async () => {
      const { order, payments, audit, manager, orders, refunds, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'expired' });

      await service.applyCheckout(manager, snapshot('checkout.session.completed', payment, PAID), 'completed', CAUSE);

      expect(payments.update).toHaveBeenCalledWith(
        { id: payment.id, status: 'expired' },
        expect.objectContaining({ status: 'succeeded' }),
      );
      expect(payments.get(payment.id)).toMatchObject({ status: 'succeeded', amountApplied: 4599 });
      expect(audit(payment.id)).toEqual([
        { paymentId: payment.id, fromStatus: 'expired', toStatus: 'succeeded', cause: CAUSE, at: clockTime },
      ]);
      expect(orders.recordPayment).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: order.id }),
        4599,
        CAUSE,
      );
      expect(order).toMatchObject({ status: 'paid', amountPaid: 4599 });
      expect(orders.flag).not.toHaveBeenCalled();
      expect(refunds.createExcessRefund).not.toHaveBeenCalled();
    });
  });

  describe('partial payments', () => {
    it('should apply a deposit in full, leaving the order partially paid, with nothing to refund', async () => {
      const { order, payments, manager, orders, refunds, service, addPayment, snapshot } = setup({
        order: { totalAmount: 4599 },
      });
      const deposit = addPayment({ status: 'open', amount: 1000 });
      const checkout = snapshot('checkout.session.completed', deposit, PAID);

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: deposit.id, from: 'open', to: 'succeeded' },
      });
      expect(orders.recordPayment).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: order.id }),
        1000,
        CAUSE,
      );
      expect(order).toMatchObject({ status: 'partially_paid', amountPaid: 1000 });
      expect(payments.get(deposit.id)).toMatchObject({
        status: 'succeeded',
        receivedAmount: 1000,
        amountApplied: 1000,
      });
      // What the order took is recorded by the attempt's own move, not by a second update.
      expect(payments.update).toHaveBeenCalledTimes(1);
      expect(payments.update).toHaveBeenCalledWith(
        { id: deposit.id, status: 'open' },
        expect.objectContaining({ status: 'succeeded', amountApplied: 1000 }),
      );
      expect(refunds.createExcessRefund).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should pay a partly paid order in full with an attempt for the rest', async () => {
      const { order, payments, manager, refunds, orders, service, addPayment, snapshot } = setup({
        order: { status: 'partially_paid', totalAmount: 4599, amountPaid: 1000 },
      });
      addPayment({ status: 'succeeded', amount: 1000, amountApplied: 1000 });
      const rest = addPayment({ status: 'open', amount: 3599 });

      const result = await service.applyCheckout(
        manager,
        snapshot('checkout.session.completed', rest, PAID),
        'completed',
        CAUSE,
      );

      expect(order).toMatchObject({ status: 'paid', amountPaid: 4599 });
      expect(payments.get(rest.id)).toMatchObject({ status: 'succeeded', amountApplied: 3599 });
      expect(result.refundsToSubmit).toBeUndefined();
      expect(refunds.createExcessRefund).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should apply the part of an overpayment that is due, and refund the excess once, flagging it', async () => {
      const { order, payments, manager, orders, refunds, service, addPayment, snapshot } = setup({
        order: { status: 'partially_paid', totalAmount: 4599, amountPaid: 3000 },
      });
      addPayment({ status: 'succeeded', amount: 3000, amountApplied: 3000 });
      // Opened for 2000 while 1599 was due (another attempt paid a part meanwhile, say).
      const over = addPayment({ status: 'open', amount: 2000 });
      const checkout = snapshot('checkout.session.completed', over, PAID);

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);
      const again = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(order).toMatchObject({ status: 'paid', amountPaid: 4599 });
      expect(payments.get(over.id)).toMatchObject({ status: 'succeeded', receivedAmount: 2000, amountApplied: 1599 });
      expect(refunds.createExcessRefund).toHaveBeenCalledTimes(1);
      expect(refunds.createExcessRefund).toHaveBeenCalledWith(manager, expect.objectContaining({ id: over.id }), 401);
      const refundId = (await refunds.createExcessRefund.mock.results[0].value).id;
      expect(orders.flag).toHaveBeenCalledTimes(1);
      expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'late_payment', checkout.sessionId, {
        paymentId: over.id,
        refundId,
        amount: 2000,
        applied: 1599,
        refunded: 401,
        currency: 'usd',
        // The order's status when the payment arrived.
        orderStatus: 'partially_paid',
      });
      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: over.id, from: 'open', to: 'succeeded' },
        refundsToSubmit: [refundId],
      });
      expect(again).toEqual({ status: 'processed', orderId: order.id });
      expect(orders.recordPayment).toHaveBeenCalledTimes(1);
    });
  });

  describe('finding the attempt', () => {
    it('should ignore a session orderpay does not know, without taking any lock', async () => {
      const { payments, manager, orders, service, addPayment } = setup();
      addPayment();
      const foreign = snapshotFrom('checkout.session.completed', {
        ...PAID,
        id: 'cs_test_someone_elses_session',
        amount_total: 4599,
        currency: 'usd',
      });

      const result = await service.applyCheckout(manager, foreign, 'completed', CAUSE);

      expect(result).toEqual({ status: 'ignored' });
      expect(orders.lockWith).toHaveBeenCalledTimes(1); // found nothing, so locked nothing
      expect(payments.update).not.toHaveBeenCalled();
      expect(orders.recordPayment).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should match by metadata.paymentId an attempt whose session id is not recorded yet, for the same order', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'creating', providerSessionId: null, checkoutUrl: null, expiresAt: null });
      const checkout = snapshot('checkout.session.async_payment_failed', payment, {
        ...UNPAID_COMPLETE,
        id: 'cs_test_unrecorded',
      });

      const result = await service.applyCheckout(manager, checkout, 'async_payment_failed', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'creating', to: 'failed' },
      });
      expect(orders.lockWith.mock.calls).toEqual([
        [manager, Payment, { providerSessionId: 'cs_test_unrecorded' }],
        [manager, Payment, { id: payment.id, orderId: order.id, providerSessionId: null }],
      ]);
      expect(payments.get(payment.id).status).toBe('failed');
    });

    it('should not match by metadata an attempt that already has another session id', async () => {
      const { payments, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'open', providerSessionId: 'cs_test_recorded' });
      const checkout = snapshot('checkout.session.completed', payment, { ...PAID, id: 'cs_test_another' });

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({ status: 'ignored' });
      expect(orders.lockForUpdate).not.toHaveBeenCalled();
      expect(payments.update).not.toHaveBeenCalled();
      expect(payments.get(payment.id).status).toBe('open');
      expect(orders.recordPayment).not.toHaveBeenCalled();
    });

    it('should not match by metadata when the metadata names another order', async () => {
      const { payments, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'creating', providerSessionId: null });
      const checkout = snapshot('checkout.session.async_payment_failed', payment, {
        ...UNPAID_COMPLETE,
        id: 'cs_test_other_order',
        metadata: { orderId: uuid(), paymentId: payment.id },
      });

      const result = await service.applyCheckout(manager, checkout, 'async_payment_failed', CAUSE);

      expect(result).toEqual({ status: 'ignored' });
      expect(orders.lockForUpdate).not.toHaveBeenCalled();
      expect(payments.update).not.toHaveBeenCalled();
      expect(payments.get(payment.id).status).toBe('creating');
    });

    it('should not look a payment up by a metadata paymentId that is not a uuid', async () => {
      const { manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'creating', providerSessionId: null });
      const checkout = snapshot('checkout.session.completed', payment, {
        ...PAID,
        id: 'cs_test_bad_metadata',
        metadata: { orderId: payment.orderId, paymentId: 'not-a-uuid' },
      });

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({ status: 'ignored' });
      expect(orders.lockWith).toHaveBeenCalledTimes(1);
    });

    it('should ignore a session without metadata that matches no attempt (the bare Stripe fixture)', async () => {
      const { manager, orders, service, addPayment } = setup();
      addPayment();
      const bare = snapshotFrom('checkout.session.completed', PAID);
      expect(bare).toMatchObject({ orderId: null, paymentId: null });

      const result = await service.applyCheckout(manager, bare, 'completed', CAUSE);

      expect(result).toEqual({ status: 'ignored' });
      expect(orders.lockWith).toHaveBeenCalledTimes(1);
    });

    it('should prefer the attempt recorded under the session id over the metadata', async () => {
      const { order, orders, payments, manager, service, addPayment, snapshot } = setup();
      const recorded = addPayment({ status: 'open' });
      const other = addPayment({ status: 'creating', providerSessionId: null });
      const checkout = snapshot('checkout.session.expired', recorded, {
        status: 'expired',
        metadata: { orderId: order.id, paymentId: other.id },
      });

      await service.applyCheckout(manager, checkout, 'expired', CAUSE);

      expect(orders.lockWith).toHaveBeenCalledTimes(1);
      expect(payments.get(recorded.id).status).toBe('expired');
      expect(payments.get(other.id).status).toBe('creating');
    });

    // Bug: the metadata match exists for attempts whose session id was never recorded, i.e.
    // `creating` ones or ones failed while opening the checkout. The state table has no
    // creating|failed -> succeeded, so when Stripe says such a session was paid, `move` refuses
    // and applyCheckout returns `processed` as if it were a repeat: no success recorded, order not
    // paid, no flag, nothing logged. payment-status.ts says "an expired, canceled or
    // failed-to-start attempt can still succeed"; DESIGN.md: "Stripe's word that money moved
    // always wins".
    it('should record a success Stripe reports for an attempt that failed while opening its checkout', async () => {
      const { order, payments, manager, orders, service, addPayment, snapshot } = setup();
      const payment = addPayment({
        status: 'failed' as PaymentStatus,
        providerSessionId: null,
        checkoutUrl: null,
        failureReason: 'abandoned while opening the checkout',
      });
      const checkout = snapshot('checkout.session.completed', payment, {
        ...PAID,
        id: 'cs_test_opened_but_not_recorded',
      });

      const result = await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(result).toEqual({
        status: 'processed',
        orderId: order.id,
        attempt: { id: payment.id, from: 'failed', to: 'succeeded' },
      });
      expect(payments.get(payment.id)).toMatchObject({
        status: 'succeeded',
        // Matched through its metadata: the session id is recorded now, for the events that follow.
        providerSessionId: 'cs_test_opened_but_not_recorded',
        amountApplied: 4599,
      });
      expect(orders.recordPayment).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: order.id }),
        4599,
        CAUSE,
      );
      expect(order).toMatchObject({ status: 'paid', amountPaid: 4599 });
    });

    it('should keep the session id an attempt already has when it succeeds', async () => {
      const { payments, manager, service, addPayment, snapshot } = setup();
      const payment = addPayment({ status: 'open' });
      const recorded = payment.providerSessionId;
      const checkout = snapshot('checkout.session.completed', payment, PAID);

      await service.applyCheckout(manager, checkout, 'completed', CAUSE);

      expect(payments.get(payment.id)).toMatchObject({ status: 'succeeded', providerSessionId: recorded });
    });
  });

  describe('applyDispute', () => {
    function disputeFor(paymentIntentId: string | null): DisputeSnapshot {
      return {
        provider: 'stripe',
        disputeId: `dp_test_${uuid().slice(-12)}`,
        paymentIntentId,
        chargeId: 'ch_test_disputed',
        amount: 4599,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
      };
    }

    it('should lock the order and flag it with what the dispute says', async () => {
      const { order, payments, manager, orders, service, addPayment } = setup();
      const payment = addPayment({
        status: 'succeeded',
        providerPaymentIntentId: 'pi_test_disputed',
        amountApplied: 4599,
      });
      const dispute = disputeFor('pi_test_disputed');

      const result = await service.applyDispute(manager, dispute);

      expect(result).toEqual({ status: 'processed', orderId: order.id });
      expect(orders.lockForUpdate).toHaveBeenCalledWith(manager, order.id);
      expect(orders.flag).toHaveBeenCalledWith(manager, order.id, 'dispute', dispute.disputeId, {
        paymentId: payment.id,
        amount: 4599,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
      });
      expect(payments.update).not.toHaveBeenCalled();
      expect(orders.recordPayment).not.toHaveBeenCalled();
    });

    it('should ignore a dispute on a payment intent orderpay does not know', async () => {
      const { manager, orders, service, addPayment } = setup();
      addPayment({ status: 'succeeded', providerPaymentIntentId: 'pi_test_ours' });

      const result = await service.applyDispute(manager, disputeFor('pi_test_someone_else'));

      expect(result).toEqual({ status: 'ignored' });
      expect(orders.lockForUpdate).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });

    it('should ignore a dispute without a payment intent without querying', async () => {
      const { payments, manager, orders, service } = setup();

      const result = await service.applyDispute(manager, disputeFor(null));

      expect(result).toEqual({ status: 'ignored' });
      expect(payments.findOne).not.toHaveBeenCalled();
      expect(orders.flag).not.toHaveBeenCalled();
    });
  });
});
