import type { EntityManager } from 'typeorm';
import type { CheckoutOutcome, PaymentEventsService } from '../payments/payment-events.service';
import type {
  CheckoutSnapshot,
  DisputeSnapshot,
  ProviderEvent,
  ProviderEventKind,
  RefundSnapshot,
} from '../payments/providers/payment-provider';
import type { RefundsService } from '../payments/refunds/refunds.service';
import { dispatch, eventHandlers } from './event-handlers';

const ORDER_ID = '11111111-2222-4333-8444-555555555555';

function checkoutSnapshot(sessionId: string): CheckoutSnapshot {
  return {
    sessionId,
    status: 'complete',
    paymentStatus: 'paid',
    amountTotal: 2599,
    currency: 'usd',
    paymentIntentId: `pi_for_${sessionId}`,
    orderId: ORDER_ID,
    paymentId: '66666666-7777-4888-8999-000000000000',
  };
}

function refundSnapshot(providerRefundId: string): RefundSnapshot {
  return {
    provider: 'stripe',
    providerRefundId,
    paymentIntentId: 'pi_test_refunded',
    amount: 500,
    currency: 'usd',
    status: 'succeeded',
    failureReason: null,
    refundId: null,
  };
}

const base = (id: string, providerType: string) => ({ id, providerType, createdAt: new Date('2026-01-02T03:04:05Z') });

function setup() {
  const payments = {
    applyCheckout: jest.fn((_manager: EntityManager, checkout: CheckoutSnapshot) =>
      Promise.resolve({ status: 'processed' as const, orderId: checkout.orderId ?? undefined }),
    ),
    applyDispute: jest.fn(() => Promise.resolve({ status: 'processed' as const, orderId: ORDER_ID })),
    applyApproval: jest.fn(() => Promise.resolve({ status: 'processed' as const, orderId: ORDER_ID })),
  };
  const refunds = {
    apply: jest.fn((): Promise<{ status: 'processed' | 'ignored'; orderId?: string }> =>
      Promise.resolve({ status: 'processed', orderId: ORDER_ID }),
    ),
  };
  const handlers = eventHandlers(payments as unknown as PaymentEventsService, refunds as unknown as RefundsService);
  const manager = { marker: 'the transaction manager' } as unknown as EntityManager;
  const noOtherCalls = (...except: jest.Mock[]) => {
    for (const mock of [payments.applyCheckout, payments.applyDispute, payments.applyApproval, refunds.apply]) {
      if (!except.includes(mock)) expect(mock).not.toHaveBeenCalled();
    }
  };
  return { payments, refunds, handlers, manager, noOtherCalls };
}

const CHECKOUT_CASES: ReadonlyArray<{
  kind: Extract<ProviderEventKind, `checkout.${string}`>;
  providerType: string;
  outcome: CheckoutOutcome;
}> = [
  { kind: 'checkout.completed', providerType: 'checkout.session.completed', outcome: 'completed' },
  {
    kind: 'checkout.async_payment_succeeded',
    providerType: 'checkout.session.async_payment_succeeded',
    outcome: 'async_payment_succeeded',
  },
  {
    kind: 'checkout.async_payment_failed',
    providerType: 'checkout.session.async_payment_failed',
    outcome: 'async_payment_failed',
  },
  { kind: 'checkout.expired', providerType: 'checkout.session.expired', outcome: 'expired' },
];

describe('event handlers', () => {
  it('should have exactly one handler per provider event kind', () => {
    const { handlers } = setup();

    expect(Object.keys(handlers).sort()).toEqual(
      [
        ...CHECKOUT_CASES.map((c) => c.kind),
        'checkout.approved',
        'refund.updated',
        'charge.refunded',
        'dispute.created',
        'unsupported',
        'unusable',
      ].sort(),
    );
    for (const handler of Object.values(handlers)) expect(typeof handler).toBe('function');
  });

  describe.each(CHECKOUT_CASES)('$kind', ({ kind, providerType, outcome }) => {
    it(`should apply the checkout as ${outcome} with cause stripe_event:<id>, and return its result`, async () => {
      const { payments, handlers, manager, noOtherCalls } = setup();
      const checkout = checkoutSnapshot(`cs_test_${outcome}`);
      const event = { ...base(`evt_test_${outcome}`, providerType), kind, checkout } as ProviderEvent;

      const result = await dispatch(handlers, manager, event, 'stripe');

      expect(payments.applyCheckout).toHaveBeenCalledTimes(1);
      expect(payments.applyCheckout).toHaveBeenCalledWith(
        manager,
        checkout,
        outcome,
        `stripe_event:evt_test_${outcome}`,
      );
      expect(payments.applyCheckout.mock.calls[0][1]).toBe(checkout);
      expect(result).toEqual({ status: 'processed', orderId: ORDER_ID });
      noOtherCalls(payments.applyCheckout);
    });
  });

  it('should name the provider in the cause: paypal_event:<id> for a PayPal event', async () => {
    const { payments, handlers, manager } = setup();
    const checkout = checkoutSnapshot('PAYPALORDER1');
    const event = {
      ...base('WH-1', 'PAYMENT.CAPTURE.COMPLETED'),
      kind: 'checkout.completed',
      checkout,
    } as ProviderEvent;

    await dispatch(handlers, manager, event, 'paypal');

    expect(payments.applyCheckout).toHaveBeenCalledWith(manager, checkout, 'completed', 'paypal_event:WH-1');
  });

  it('should hand an approval left as it came to applyApproval, which moves nothing', async () => {
    const { payments, handlers, manager, noOtherCalls } = setup();
    const checkout = checkoutSnapshot('PAYPALORDER1');
    const event = { ...base('WH-2', 'CHECKOUT.ORDER.APPROVED'), kind: 'checkout.approved', checkout } as ProviderEvent;

    await expect(dispatch(handlers, manager, event, 'paypal')).resolves.toEqual({
      status: 'processed',
      orderId: ORDER_ID,
    });

    expect(payments.applyApproval).toHaveBeenCalledWith(manager, checkout);
    noOtherCalls(payments.applyApproval);
  });

  it('should pass on what applyCheckout answers, e.g. ignored for a foreign session', async () => {
    const { payments, handlers, manager } = setup();
    payments.applyCheckout.mockResolvedValueOnce({ status: 'ignored' } as never);
    const event: ProviderEvent = {
      ...base('evt_test_foreign', 'checkout.session.completed'),
      kind: 'checkout.completed',
      checkout: checkoutSnapshot('cs_test_foreign'),
    };

    const result = await dispatch(handlers, manager, event, 'stripe');

    expect(result).toEqual({ status: 'ignored' });
    expect(payments.applyCheckout).toHaveBeenCalledWith(
      manager,
      event.checkout,
      'completed',
      'stripe_event:evt_test_foreign',
    );
  });

  it('should pass on refunds to submit from a late payment', async () => {
    const { payments, handlers, manager } = setup();
    payments.applyCheckout.mockResolvedValueOnce({
      status: 'processed',
      orderId: ORDER_ID,
      refundsToSubmit: ['refund-1'],
    } as never);
    const event: ProviderEvent = {
      ...base('evt_test_late', 'checkout.session.completed'),
      kind: 'checkout.completed',
      checkout: checkoutSnapshot('cs_test_late'),
    };

    await expect(dispatch(handlers, manager, event, 'stripe')).resolves.toEqual({
      status: 'processed',
      orderId: ORDER_ID,
      refundsToSubmit: ['refund-1'],
    });
  });

  it('should let an error from applyCheckout reach the caller, so the inbox transaction rolls back', async () => {
    const { payments, handlers, manager } = setup();
    payments.applyCheckout.mockRejectedValueOnce(new Error('connection terminated'));
    const event: ProviderEvent = {
      ...base('evt_test_outage', 'checkout.session.expired'),
      kind: 'checkout.expired',
      checkout: checkoutSnapshot('cs_test_outage'),
    };

    await expect(dispatch(handlers, manager, event, 'stripe')).rejects.toThrow('connection terminated');
  });

  describe('refund.updated', () => {
    it('should apply the refund with cause stripe_event:<id>', async () => {
      const { refunds, handlers, manager, noOtherCalls } = setup();
      const refund = refundSnapshot('re_test_updated');
      const event: ProviderEvent = { ...base('evt_test_refund', 'refund.updated'), kind: 'refund.updated', refund };

      const result = await dispatch(handlers, manager, event, 'stripe');

      expect(refunds.apply).toHaveBeenCalledTimes(1);
      expect(refunds.apply).toHaveBeenCalledWith(manager, refund, 'stripe_event:evt_test_refund');
      expect(result).toEqual({ status: 'processed', orderId: ORDER_ID });
      noOtherCalls(refunds.apply);
    });
  });

  describe('charge.refunded', () => {
    it('should apply every refund on the charge, in order, with the same cause', async () => {
      const { refunds, handlers, manager, noOtherCalls } = setup();
      const first = refundSnapshot('re_test_first');
      const second = refundSnapshot('re_test_second');
      const event: ProviderEvent = {
        ...base('evt_test_charge', 'charge.refunded'),
        kind: 'charge.refunded',
        charge: {
          provider: 'stripe',
          paymentIntentId: 'pi_test_charge',
          currency: 'usd',
          amountRefunded: 100,
          refunds: [first, second],
        },
      };

      const result = await dispatch(handlers, manager, event, 'stripe');

      expect(refunds.apply).toHaveBeenCalledTimes(2);
      expect(refunds.apply).toHaveBeenNthCalledWith(1, manager, first, 'stripe_event:evt_test_charge');
      expect(refunds.apply).toHaveBeenNthCalledWith(2, manager, second, 'stripe_event:evt_test_charge');
      expect(result).toEqual({ status: 'processed', orderId: ORDER_ID });
      noOtherCalls(refunds.apply);
    });

    it('should answer processed when any refund was ours, even if a later one was not', async () => {
      const { refunds, handlers, manager } = setup();
      refunds.apply
        .mockResolvedValueOnce({ status: 'processed', orderId: ORDER_ID })
        .mockResolvedValueOnce({ status: 'ignored' });
      const event: ProviderEvent = {
        ...base('evt_test_mixed', 'charge.refunded'),
        kind: 'charge.refunded',
        charge: {
          provider: 'stripe',
          paymentIntentId: 'pi_test_charge',
          currency: 'usd',
          amountRefunded: 100,
          refunds: [refundSnapshot('re_test_ours'), refundSnapshot('re_test_foreign')],
        },
      };

      await expect(dispatch(handlers, manager, event, 'stripe')).resolves.toEqual({
        status: 'processed',
        orderId: ORDER_ID,
      });
    });

    it('should answer ignored when the charge lists no refunds (recent API versions leave them off)', async () => {
      const { refunds, handlers, manager } = setup();
      const event: ProviderEvent = {
        ...base('evt_test_empty', 'charge.refunded'),
        kind: 'charge.refunded',
        charge: {
          provider: 'stripe',
          paymentIntentId: 'pi_test_charge',
          currency: 'usd',
          amountRefunded: 100,
          refunds: [],
        },
      };

      await expect(dispatch(handlers, manager, event, 'stripe')).resolves.toEqual({ status: 'ignored' });
      expect(refunds.apply).not.toHaveBeenCalled();
    });

    it('should refuse a charge whose refunds were not listed before the transaction (nothing applied)', async () => {
      const { refunds, handlers, manager } = setup();
      const event: ProviderEvent = {
        ...base('evt_test_unprepared', 'charge.refunded'),
        kind: 'charge.refunded',
        charge: {
          provider: 'stripe',
          paymentIntentId: 'pi_test_charge',
          currency: 'usd',
          amountRefunded: 100,
          refunds: null,
        },
      };

      await expect(dispatch(handlers, manager, event, 'stripe')).rejects.toThrow('applied before it was prepared');
      expect(refunds.apply).not.toHaveBeenCalled();
    });

    it('should answer ignored when none of the refunds is ours', async () => {
      const { refunds, handlers, manager } = setup();
      refunds.apply.mockResolvedValue({ status: 'ignored' });
      const event: ProviderEvent = {
        ...base('evt_test_foreign_charge', 'charge.refunded'),
        kind: 'charge.refunded',
        charge: {
          provider: 'stripe',
          paymentIntentId: 'pi_test_charge',
          currency: 'usd',
          amountRefunded: 100,
          refunds: [refundSnapshot('re_test_x')],
        },
      };

      await expect(dispatch(handlers, manager, event, 'stripe')).resolves.toEqual({ status: 'ignored' });
      expect(refunds.apply).toHaveBeenCalledTimes(1);
    });
  });

  describe('dispute.created', () => {
    it('should hand the dispute to applyDispute and return its result', async () => {
      const { payments, handlers, manager, noOtherCalls } = setup();
      const dispute: DisputeSnapshot = {
        provider: 'stripe',
        disputeId: 'dp_test_1',
        paymentIntentId: 'pi_test_disputed',
        chargeId: 'ch_test_disputed',
        amount: 2599,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
      };
      const event: ProviderEvent = {
        ...base('evt_test_dispute', 'charge.dispute.created'),
        kind: 'dispute.created',
        dispute,
      };

      const result = await dispatch(handlers, manager, event, 'stripe');

      expect(payments.applyDispute).toHaveBeenCalledTimes(1);
      expect(payments.applyDispute).toHaveBeenCalledWith(manager, dispute);
      expect(result).toEqual({ status: 'processed', orderId: ORDER_ID });
      noOtherCalls(payments.applyDispute);
    });
  });

  it('should answer ignored for an unsupported event without calling payments or refunds', async () => {
    const { handlers, manager, noOtherCalls } = setup();
    const event: ProviderEvent = { ...base('evt_test_plan', 'plan.created'), kind: 'unsupported' };

    const result = await dispatch(handlers, manager, event, 'stripe');

    expect(result).toEqual({ status: 'ignored' });
    noOtherCalls();
  });

  it('should answer ignored with the reason for an unusable event, without calling payments or refunds', async () => {
    const { handlers, manager, noOtherCalls } = setup();
    const event: ProviderEvent = {
      ...base('evt_test_broken', 'checkout.session.completed'),
      kind: 'unusable',
      reason: 'event.data must be an object',
    };

    const result = await dispatch(handlers, manager, event, 'stripe');

    expect(result).toEqual({ status: 'ignored', reason: 'Unusable event: event.data must be an object' });
    noOtherCalls();
  });
});
