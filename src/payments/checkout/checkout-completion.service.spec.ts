import type { DataSource } from 'typeorm';
import type { PaymentEventsService } from '../payment-events.service';
import { Payment } from '../payment.entity';
import type { CheckoutSnapshot, PaymentProvider, ProviderEvent } from '../providers/payment-provider';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { ProviderError } from '../providers/provider-errors';
import type { RefundSubmissionService } from '../refunds/refund-submission.service';
import { CheckoutCompletionService } from './checkout-completion.service';

const PAYMENT_ID = '00000000-0000-4000-8000-000000000001';
const ORDER_ID = '00000000-0000-4000-8000-000000000002';

const snapshot = (changes: Partial<CheckoutSnapshot> = {}): CheckoutSnapshot => ({
  sessionId: 'PAYPALORDER1',
  status: 'complete',
  paymentStatus: 'paid',
  amountTotal: 2500,
  currency: 'usd',
  paymentIntentId: 'CAPTURE1',
  orderId: ORDER_ID,
  paymentId: PAYMENT_ID,
  ...changes,
});

const attempt = (changes: Partial<Payment> = {}) => ({
  id: PAYMENT_ID,
  provider: 'paypal',
  status: 'open' as const,
  providerSessionId: 'PAYPALORDER1',
  ...changes,
});

function setup() {
  const manager = { name: 'transaction' };
  const found: { row: Partial<Payment> | null } = { row: attempt() };
  const repository = { findOne: jest.fn(() => Promise.resolve(found.row)) };
  const dataSource = {
    transaction: jest.fn((work: (m: unknown) => unknown) => work(manager)),
    getRepository: jest.fn((entity: unknown) => {
      if (entity !== Payment) throw new Error('unexpected repository');
      return repository;
    }),
  };
  const paypal = {
    name: 'paypal',
    completesOnApproval: true,
    completeCheckout: jest.fn(() => Promise.resolve(snapshot() as CheckoutSnapshot | null)),
  };
  const stripe = { name: 'stripe', completesOnApproval: false, completeCheckout: jest.fn(() => Promise.resolve(null)) };
  const payments = {
    applyCheckout: jest.fn(() =>
      Promise.resolve({ status: 'processed' as const, orderId: ORDER_ID, refundsToSubmit: [] as string[] }),
    ),
  };
  const refundQueue = { kick: jest.fn() };
  const service = new CheckoutCompletionService(
    dataSource as unknown as DataSource,
    new PaymentProviderRegistry([paypal, stripe] as unknown as PaymentProvider[]),
    payments as unknown as PaymentEventsService,
    refundQueue as unknown as RefundSubmissionService,
  );
  return { manager, found, repository, dataSource, paypal, stripe, payments, refundQueue, service };
}

describe(CheckoutCompletionService.name, () => {
  describe('complete', () => {
    it("should ask the attempt's provider to complete its session", async () => {
      const { paypal, stripe, service } = setup();

      await expect(service.complete(attempt())).resolves.toEqual(snapshot());

      expect(paypal.completeCheckout).toHaveBeenCalledWith('PAYPALORDER1');
      expect(stripe.completeCheckout).not.toHaveBeenCalled();
    });

    it.each(['creating', 'processing', 'succeeded', 'failed', 'expired', 'canceled'] as const)(
      'should never complete an attempt that is %s now, whatever the caller read before',
      async (status) => {
        const { found, paypal, repository, service } = setup();
        found.row = attempt({ status });

        await expect(service.complete(attempt())).resolves.toBeNull();

        expect(repository.findOne).toHaveBeenCalledWith(expect.objectContaining({ where: { id: PAYMENT_ID } }));
        expect(paypal.completeCheckout).not.toHaveBeenCalled();
      },
    );

    it('should neither read the attempt nor call a provider that takes payments itself (Stripe)', async () => {
      const { repository, stripe, service } = setup();

      await expect(service.complete(attempt({ provider: 'stripe' }))).resolves.toBeNull();

      expect(repository.findOne).not.toHaveBeenCalled();
      expect(stripe.completeCheckout).not.toHaveBeenCalled();
    });

    it('should not complete an open attempt without a session, or one gone', async () => {
      const { found, paypal, service } = setup();
      found.row = attempt({ providerSessionId: null });
      await expect(service.complete(attempt())).resolves.toBeNull();
      found.row = null;
      await expect(service.complete(attempt())).resolves.toBeNull();

      expect(paypal.completeCheckout).not.toHaveBeenCalled();
    });

    it('should complete an open attempt up to five minutes past its expiry, and not after', async () => {
      const { found, paypal, service } = setup();
      found.row = attempt({ expiresAt: new Date(Date.now() - 4 * 60_000) });
      await expect(service.complete(attempt())).resolves.toEqual(snapshot());
      found.row = attempt({ expiresAt: new Date(Date.now() - 6 * 60_000) });
      await expect(service.complete(attempt())).resolves.toBeNull();

      expect(paypal.completeCheckout).toHaveBeenCalledTimes(1);
    });
  });

  describe('apply', () => {
    it.each([
      [snapshot(), 'completed'],
      [snapshot({ paymentStatus: 'unpaid' }), 'completed'],
      [snapshot({ paymentStatus: 'failed' }), 'async_payment_failed'],
      [snapshot({ status: 'expired', paymentStatus: 'unpaid' }), 'expired'],
    ] as const)('should apply %j as %s in one transaction', async (read, outcome) => {
      const { manager, payments, service } = setup();

      await expect(service.apply(read, 'reconciler')).resolves.toMatchObject({ status: 'processed' });

      expect(payments.applyCheckout).toHaveBeenCalledWith(manager, read, outcome, 'reconciler');
    });

    it.each(['open', 'approved'] as const)('should apply nothing while the checkout is %s', async (status) => {
      const { dataSource, payments, service } = setup();

      await expect(service.apply(snapshot({ status, paymentStatus: 'unpaid' }), 'reconciler')).resolves.toBeNull();

      expect(dataSource.transaction).not.toHaveBeenCalled();
      expect(payments.applyCheckout).not.toHaveBeenCalled();
    });

    it('should start the refund queue when the payment wrote refunds (a late payment)', async () => {
      const { payments, refundQueue, service } = setup();
      payments.applyCheckout.mockResolvedValueOnce({ status: 'processed', orderId: ORDER_ID, refundsToSubmit: ['r1'] });

      await service.apply(snapshot(), 'reconciler');
      expect(refundQueue.kick).toHaveBeenCalledTimes(1);
      await service.apply(snapshot(), 'reconciler');
      expect(refundQueue.kick).toHaveBeenCalledTimes(1);
    });
  });

  describe('onReturn', () => {
    it('should complete and apply with the customer’s return as cause', async () => {
      const { manager, payments, service } = setup();

      await service.onReturn(attempt());

      expect(payments.applyCheckout).toHaveBeenCalledWith(
        manager,
        snapshot(),
        'completed',
        `customer_return:${PAYMENT_ID}`,
      );
    });

    it('should leave it to the webhook and the reconciler when the provider cannot answer', async () => {
      const { paypal, payments, service } = setup();
      paypal.completeCheckout.mockRejectedValueOnce(new ProviderError('unavailable', 'PayPal is down'));

      await expect(service.onReturn(attempt())).resolves.toBe(false);

      expect(payments.applyCheckout).not.toHaveBeenCalled();
    });

    it('should apply nothing when there was nothing to take (Stripe, or not approved yet)', async () => {
      const { paypal, payments, service } = setup();
      paypal.completeCheckout.mockResolvedValueOnce(null);

      await expect(service.onReturn(attempt())).resolves.toBe(false);

      expect(payments.applyCheckout).not.toHaveBeenCalled();
    });
  });

  describe('prepareApproved', () => {
    const approved = (): Extract<ProviderEvent, { kind: 'checkout.approved' }> => ({
      id: 'WH-1',
      providerType: 'CHECKOUT.ORDER.APPROVED',
      createdAt: new Date(0),
      kind: 'checkout.approved',
      checkout: snapshot({ status: 'approved', paymentStatus: 'unpaid', paymentIntentId: null }),
    });

    it.each([
      [snapshot(), 'checkout.completed'],
      [snapshot({ paymentStatus: 'unpaid' }), 'checkout.completed'],
      [snapshot({ paymentStatus: 'failed' }), 'checkout.async_payment_failed'],
    ] as const)('should turn the approval into the event the capture implies (%j: %s)', async (captured, kind) => {
      const { paypal, repository, service } = setup();
      paypal.completeCheckout.mockResolvedValueOnce(captured);
      const event = approved();

      await expect(service.prepareApproved(event)).resolves.toEqual({ ...event, kind, checkout: captured });

      expect(repository.findOne).toHaveBeenCalledWith(
        expect.objectContaining({ where: { providerSessionId: 'PAYPALORDER1' } }),
      );
    });

    it('should leave the approval as it came for a checkout that is not ours', async () => {
      const { found, paypal, service } = setup();
      found.row = null;
      const event = approved();

      await expect(service.prepareApproved(event)).resolves.toBe(event);

      expect(paypal.completeCheckout).not.toHaveBeenCalled();
    });

    it('should leave the approval as it came, capturing nothing, for an attempt orderpay closed', async () => {
      const { found, paypal, service } = setup();
      found.row = attempt({ status: 'canceled' });
      const event = approved();

      await expect(service.prepareApproved(event)).resolves.toBe(event);

      expect(paypal.completeCheckout).not.toHaveBeenCalled();
    });

    it('should let a provider failure through, so the delivery is retried', async () => {
      const { paypal, service } = setup();
      const error = new ProviderError('unavailable', 'PayPal is down');
      paypal.completeCheckout.mockRejectedValueOnce(error);

      await expect(service.prepareApproved(approved())).rejects.toBe(error);
    });
  });
});
