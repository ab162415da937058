import type { DataSource, EntityManager } from 'typeorm';
import { ForeignPaymentIntent } from './foreign-payment-intent.entity';
import { PaymentNotRecordedYetError, PaymentReferencesService } from './payment-references.service';
import { Payment } from './payment.entity';
import type { PaymentProvider, ProviderEvent, RefundSnapshot } from './providers/payment-provider';
import { PaymentProviderRegistry } from './providers/payment-provider.registry';
import { ProviderError } from './providers/provider-errors';
import { Refund } from './refunds/refund.entity';

const OUR_PAYMENT = '00000000-0000-4000-8000-000000000001';
const OUR_REFUND = '00000000-0000-4000-8000-000000000002';
const INTENT = 'pi_test_references';

/** PostgreSQL refuses a malformed uuid in a uuid column: the fake does too. */
function uuidColumn(id: unknown): void {
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new Error(`invalid input syntax for type uuid`);
}

function setup() {
  /** The recorded attempt `findOne` answers, call after call (the last one repeats). */
  const recorded: (Partial<Payment> | null)[] = [null];
  const payments = {
    findOne: jest.fn(() => Promise.resolve(recorded.length > 1 ? recorded.shift()! : recorded[0])),
    existsBy: jest.fn(({ id }: { id: string }) => {
      uuidColumn(id);
      return Promise.resolve(id === OUR_PAYMENT);
    }),
  };
  const foreign = { existsBy: jest.fn(() => Promise.resolve(false)) };
  const refunds = {
    existsBy: jest.fn((where: { id?: string; providerRefundId?: string }) => {
      if ('id' in where) uuidColumn(where.id);
      return Promise.resolve(false);
    }),
  };
  const repositoryOf = (entity: unknown): unknown => {
    if (entity === Payment) return payments;
    if (entity === ForeignPaymentIntent) return foreign;
    throw new Error('unexpected repository');
  };
  const insert: Record<'insert' | 'into' | 'values' | 'orIgnore' | 'execute', jest.Mock> = {
    insert: jest.fn(() => insert),
    into: jest.fn(() => insert),
    values: jest.fn(() => insert),
    orIgnore: jest.fn(() => insert),
    execute: jest.fn(() => Promise.resolve({})),
  };
  const manager = { getRepository: jest.fn(repositoryOf), createQueryBuilder: jest.fn(() => insert) };
  const dataSource = {
    manager,
    getRepository: jest.fn((entity: unknown) => {
      if (entity !== Refund) throw new Error('unexpected repository');
      return refunds;
    }),
  };
  const provider = {
    name: 'stripe',
    paymentReferenceOf: jest.fn(() => Promise.resolve({ orderId: null, paymentId: null as string | null })),
    listRefunds: jest.fn(() => Promise.resolve([] as RefundSnapshot[])),
  };
  const other = { name: 'paypal', paymentReferenceOf: jest.fn(), listRefunds: jest.fn() };
  const registry = new PaymentProviderRegistry([provider, other] as unknown as PaymentProvider[]);
  const service = new PaymentReferencesService(dataSource as unknown as DataSource, registry);
  return { recorded, payments, foreign, refunds, insert, manager, dataSource, provider, other, service };
}

const remembered = (insert: ReturnType<typeof setup>['insert']) => insert.execute.mock.calls.length > 0;

describe(PaymentReferencesService.name, () => {
  describe('resolve', () => {
    it('should answer ours for a recorded payment without asking the provider', async () => {
      const { recorded, payments, foreign, provider, insert, service } = setup();
      recorded[0] = { id: OUR_PAYMENT };

      await expect(service.resolve('stripe', INTENT)).resolves.toBe('ours');

      expect(payments.findOne).toHaveBeenCalledWith({ where: { provider: 'stripe', providerPaymentIntentId: INTENT } });
      expect(foreign.existsBy).not.toHaveBeenCalled();
      expect(provider.paymentReferenceOf).not.toHaveBeenCalled();
      expect(remembered(insert)).toBe(false);
    });

    it('should answer foreign for a remembered foreign payment without asking the provider', async () => {
      const { foreign, provider, insert, service } = setup();
      foreign.existsBy.mockResolvedValue(true);

      await expect(service.resolve('stripe', INTENT)).resolves.toBe('foreign');

      expect(foreign.existsBy).toHaveBeenCalledWith({ provider: 'stripe', paymentIntentId: INTENT });
      expect(provider.paymentReferenceOf).not.toHaveBeenCalled();
      expect(remembered(insert)).toBe(false);
    });

    it('should throw PaymentNotRecordedYetError when the metadata names an attempt of ours not recorded yet', async () => {
      const { payments, provider, other, insert, service } = setup();
      provider.paymentReferenceOf.mockResolvedValue({ orderId: null, paymentId: OUR_PAYMENT });

      const resolving = service.resolve('stripe', INTENT);

      await expect(resolving).rejects.toThrow(PaymentNotRecordedYetError);
      await expect(resolving).rejects.toThrow(`Payment ${INTENT} is ours but its success is not recorded yet`);
      await expect(resolving).rejects.toMatchObject({ name: 'PaymentNotRecordedYetError' });
      expect(provider.paymentReferenceOf).toHaveBeenCalledWith(INTENT);
      expect(other.paymentReferenceOf).not.toHaveBeenCalled();
      expect(payments.existsBy).toHaveBeenCalledWith({ id: OUR_PAYMENT, provider: 'stripe' });
      expect(payments.findOne).toHaveBeenCalledTimes(2);
      expect(remembered(insert)).toBe(false);
    });

    it('should answer ours when the attempt the metadata names got recorded while the provider answered', async () => {
      const { recorded, payments, provider, insert, service } = setup();
      recorded.splice(0, 1, null, { id: OUR_PAYMENT });
      provider.paymentReferenceOf.mockResolvedValue({ orderId: null, paymentId: OUR_PAYMENT });

      await expect(service.resolve('stripe', INTENT)).resolves.toBe('ours');

      expect(payments.findOne).toHaveBeenCalledTimes(2);
      expect(payments.findOne).toHaveBeenLastCalledWith({
        where: { provider: 'stripe', providerPaymentIntentId: INTENT },
      });
      expect(remembered(insert)).toBe(false);
    });

    it.each([
      ['no payment id', null],
      ['a payment id that is not a uuid', 'order-42'],
      ['a uuid that is no attempt of ours', '00000000-0000-4000-8000-0000000000ff'],
    ])('should remember the payment and answer foreign when its metadata holds %s', async (_case, paymentId) => {
      const { payments, provider, insert, service } = setup();
      provider.paymentReferenceOf.mockResolvedValue({ orderId: null, paymentId });

      await expect(service.resolve('stripe', INTENT)).resolves.toBe('foreign');

      expect(payments.findOne).toHaveBeenCalledTimes(1);
      expect(insert.into).toHaveBeenCalledWith(ForeignPaymentIntent);
      expect(insert.values).toHaveBeenCalledWith({ provider: 'stripe', paymentIntentId: INTENT });
      expect(insert.orIgnore).toHaveBeenCalledTimes(1);
      expect(insert.execute).toHaveBeenCalledTimes(1);
    });

    it('should not look up an attempt for a payment id that is not a uuid', async () => {
      const { payments, provider, service } = setup();
      provider.paymentReferenceOf.mockResolvedValue({ orderId: null, paymentId: 'order-42' });

      await service.resolve('stripe', INTENT);

      expect(payments.existsBy).not.toHaveBeenCalled();
    });

    it('should ask the provider the payment belongs to', async () => {
      const { provider, other, foreign, service } = setup();
      other.paymentReferenceOf.mockResolvedValue({ orderId: null, paymentId: null });

      await expect(service.resolve('paypal', INTENT)).resolves.toBe('foreign');

      expect(foreign.existsBy).toHaveBeenCalledWith({ provider: 'paypal', paymentIntentId: INTENT });
      expect(other.paymentReferenceOf).toHaveBeenCalledWith(INTENT);
      expect(provider.paymentReferenceOf).not.toHaveBeenCalled();
    });

    it.each(['not_found', 'rejected'] as const)(
      'should answer foreign without remembering it when the provider answers %s',
      async (kind) => {
        const { provider, insert, service } = setup();
        provider.paymentReferenceOf.mockRejectedValue(new ProviderError(kind, 'No such payment_intent'));

        await expect(service.resolve('stripe', INTENT)).resolves.toBe('foreign');

        expect(remembered(insert)).toBe(false);
      },
    );

    it.each(['unavailable', 'misconfigured'] as const)('should rethrow a ProviderError %s', async (kind) => {
      const { provider, insert, service } = setup();
      const error = new ProviderError(kind, 'try later');
      provider.paymentReferenceOf.mockRejectedValue(error);

      await expect(service.resolve('stripe', INTENT)).rejects.toBe(error);

      expect(remembered(insert)).toBe(false);
    });

    it('should rethrow an error that is not a ProviderError even when it carries a not_found kind', async () => {
      const { provider, service } = setup();
      const error = Object.assign(new Error('socket hang up'), { kind: 'not_found' });
      provider.paymentReferenceOf.mockRejectedValue(error);

      await expect(service.resolve('stripe', INTENT)).rejects.toBe(error);
    });
  });

  describe('paymentByIntent', () => {
    it("should read the attempt through the caller's manager, never the provider", async () => {
      const { manager, provider, service } = setup();
      const row = { id: OUR_PAYMENT } as Payment;
      const findOne = jest.fn(() => Promise.resolve(row));
      const callerManager = { getRepository: jest.fn(() => ({ findOne })) } as unknown as EntityManager;

      await expect(service.paymentByIntent(callerManager, 'stripe', INTENT)).resolves.toBe(row);

      expect(callerManager.getRepository).toHaveBeenCalledWith(Payment);
      expect(findOne).toHaveBeenCalledWith({ where: { provider: 'stripe', providerPaymentIntentId: INTENT } });
      expect(manager.getRepository).not.toHaveBeenCalled();
      expect(provider.paymentReferenceOf).not.toHaveBeenCalled();
    });
  });

  describe('prepare', () => {
    const base = { id: 'evt_test_prepare', createdAt: new Date(0) };
    const refundSnapshot = (changes: Partial<RefundSnapshot> = {}): RefundSnapshot => ({
      provider: 'stripe',
      providerRefundId: 're_test_1',
      paymentIntentId: INTENT,
      amount: 500,
      currency: 'usd',
      status: 'succeeded',
      failureReason: null,
      refundId: OUR_REFUND,
      ...changes,
    });
    const refundUpdated = (changes: Partial<RefundSnapshot> = {}): ProviderEvent => ({
      ...base,
      providerType: 'refund.updated',
      kind: 'refund.updated',
      refund: refundSnapshot(changes),
    });
    const chargeRefunded = (amountRefunded: number, refunds: RefundSnapshot[] | null, paymentIntentId = INTENT) =>
      ({
        ...base,
        providerType: 'charge.refunded',
        kind: 'charge.refunded',
        charge: { provider: 'stripe', paymentIntentId, currency: 'usd', amountRefunded, refunds },
      }) as Extract<ProviderEvent, { kind: 'charge.refunded' }>;

    it('should not resolve a refund.updated known by its provider refund id', async () => {
      const { refunds, payments, service } = setup();
      refunds.existsBy.mockResolvedValueOnce(true);
      const event = refundUpdated();

      await expect(service.prepare(event)).resolves.toBe(event);

      expect(refunds.existsBy).toHaveBeenCalledTimes(1);
      expect(refunds.existsBy).toHaveBeenCalledWith({ providerRefundId: 're_test_1' });
      expect(payments.findOne).not.toHaveBeenCalled();
    });

    it('should not resolve a refund.updated known by our refund id', async () => {
      const { refunds, payments, service } = setup();
      refunds.existsBy.mockResolvedValueOnce(false).mockResolvedValueOnce(true);

      await service.prepare(refundUpdated());

      expect(refunds.existsBy.mock.calls).toEqual([[{ providerRefundId: 're_test_1' }], [{ id: OUR_REFUND }]]);
      expect(payments.findOne).not.toHaveBeenCalled();
    });

    it.each([
      ['an unknown refund id', OUR_REFUND, [[{ providerRefundId: 're_test_1' }], [{ id: OUR_REFUND }]]],
      ['no refund id', null, [[{ providerRefundId: 're_test_1' }]]],
      ['a refund id that is not a uuid', 'refund-7', [[{ providerRefundId: 're_test_1' }]]],
    ])('should resolve the payment of a refund.updated with %s', async (_case, refundId, lookups) => {
      const { refunds, recorded, payments, service } = setup();
      recorded[0] = { id: OUR_PAYMENT };
      const event = refundUpdated({ refundId });

      await expect(service.prepare(event)).resolves.toBe(event);

      expect(refunds.existsBy.mock.calls).toEqual(lookups);
      expect(payments.findOne).toHaveBeenCalledWith({ where: { provider: 'stripe', providerPaymentIntentId: INTENT } });
    });

    it('should let a refund.updated of ours not recorded yet fail with PaymentNotRecordedYetError', async () => {
      const { provider, service } = setup();
      provider.paymentReferenceOf.mockResolvedValue({ orderId: null, paymentId: OUR_PAYMENT });

      await expect(service.prepare(refundUpdated())).rejects.toThrow(PaymentNotRecordedYetError);
    });

    it('should neither look up nor resolve a refund.updated without a payment intent', async () => {
      const { refunds, payments, provider, service } = setup();

      await service.prepare(refundUpdated({ paymentIntentId: null }));

      expect(refunds.existsBy).not.toHaveBeenCalled();
      expect(payments.findOne).not.toHaveBeenCalled();
      expect(provider.paymentReferenceOf).not.toHaveBeenCalled();
    });

    it('should resolve the payment of a dispute, and nothing for a dispute without one', async () => {
      const { payments, provider, service } = setup();
      provider.paymentReferenceOf.mockResolvedValue({ orderId: null, paymentId: OUR_PAYMENT });
      const dispute = {
        provider: 'stripe',
        disputeId: 'dp_test_1',
        paymentIntentId: INTENT as string | null,
        chargeId: 'ch_test_1',
        amount: 500,
        currency: 'usd',
        reason: 'fraudulent',
        status: 'needs_response',
      };
      const event: ProviderEvent = {
        ...base,
        providerType: 'charge.dispute.created',
        kind: 'dispute.created',
        dispute,
      };

      await expect(service.prepare(event)).rejects.toThrow(PaymentNotRecordedYetError);
      const withoutIntent: ProviderEvent = { ...event, dispute: { ...dispute, paymentIntentId: null } };
      await expect(service.prepare(withoutIntent)).resolves.toBe(withoutIntent);

      expect(payments.findOne).toHaveBeenCalledTimes(2);
      expect(provider.paymentReferenceOf).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['without a payment intent', null, false],
      ['of a foreign payment', INTENT, true],
    ])('should answer the listed refunds, or none, for a charge.refunded %s', async (_case, intent, resolves) => {
      const { payments, provider, service } = setup();
      const listed = [refundSnapshot()];

      const unlisted = await service.prepare(chargeRefunded(900, null, intent as string));
      const withList = await service.prepare(chargeRefunded(900, listed, intent as string));

      expect(unlisted).toMatchObject({ kind: 'charge.refunded', charge: { amountRefunded: 900, refunds: [] } });
      expect(withList).toMatchObject({ charge: { amountRefunded: 900, refunds: listed } });
      expect(payments.findOne).toHaveBeenCalledTimes(resolves ? 2 : 0);
      expect(provider.listRefunds).not.toHaveBeenCalled();
    });

    it('should keep the listed refunds of a charge.refunded of ours', async () => {
      const { recorded, provider, service } = setup();
      recorded[0] = { id: OUR_PAYMENT, amountRefunded: 0 };
      const event = chargeRefunded(900, [refundSnapshot()]);

      const prepared = await service.prepare(event);

      expect(prepared).toEqual(event);
      expect((prepared as typeof event).charge).toBe(event.charge);
      expect(provider.listRefunds).not.toHaveBeenCalled();
    });

    it.each([900, 1000])(
      'should not list refunds when orderpay already counted %i of the 900 the charge says were refunded',
      async (counted) => {
        const { recorded, provider, service } = setup();
        recorded[0] = { id: OUR_PAYMENT, amountRefunded: counted };

        const prepared = await service.prepare(chargeRefunded(900, null));

        expect(prepared).toMatchObject({ charge: { amountRefunded: 900, refunds: [] } });
        expect(provider.listRefunds).not.toHaveBeenCalled();
      },
    );

    it('should list the refunds from the provider when the charge says more was refunded than orderpay counted', async () => {
      const { recorded, provider, other, service } = setup();
      recorded[0] = { id: OUR_PAYMENT, amountRefunded: 899 };
      const listed = [refundSnapshot({ amount: 1 })];
      provider.listRefunds.mockResolvedValue(listed);

      const prepared = await service.prepare(chargeRefunded(900, null));

      expect(prepared).toMatchObject({ kind: 'charge.refunded', charge: { paymentIntentId: INTENT, refunds: listed } });
      expect(provider.listRefunds).toHaveBeenCalledWith(INTENT);
      expect(other.listRefunds).not.toHaveBeenCalled();
    });

    it('should list the refunds when the recorded attempt is gone by the time it is read again', async () => {
      const { recorded, provider, service } = setup();
      recorded.splice(0, 1, { id: OUR_PAYMENT, amountRefunded: 900 }, null);

      await service.prepare(chargeRefunded(900, null));

      expect(provider.listRefunds).toHaveBeenCalledWith(INTENT);
    });

    it('should return checkout and other events untouched, asking nothing', async () => {
      const { manager, dataSource, provider, service } = setup();
      const events: ProviderEvent[] = [
        { ...base, providerType: 'checkout.session.completed', kind: 'checkout.completed', checkout: {} as never },
        { ...base, providerType: 'customer.created', kind: 'unsupported' },
      ];

      for (const event of events) await expect(service.prepare(event)).resolves.toBe(event);

      expect(manager.getRepository).not.toHaveBeenCalled();
      expect(dataSource.getRepository).not.toHaveBeenCalled();
      expect(provider.paymentReferenceOf).not.toHaveBeenCalled();
    });
  });
});
