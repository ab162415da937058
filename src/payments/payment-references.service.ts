import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { ForeignPaymentIntent } from './foreign-payment-intent.entity';
import { Payment } from './payment.entity';
import type { ProviderEvent, RefundedChargeSnapshot, RefundSnapshot } from './providers/payment-provider';
import { ProviderError } from './providers/provider-errors';
import { Refund } from './refunds/refund.entity';
import { PaymentProviderRegistry } from './providers/payment-provider.registry';

/** A refund or dispute arrived before the payment's own success: retry it after that lands. */
export class PaymentNotRecordedYetError extends Error {
  constructor(paymentIntentId: string) {
    super(`Payment ${paymentIntentId} is ours but its success is not recorded yet; retry later`);
    this.name = 'PaymentNotRecordedYetError';
  }
}

/**
 * Which attempt a provider payment (a payment intent) belongs to. Refund and dispute events name
 * the payment, not our attempt: when orderpay has not recorded that payment, only the provider
 * can say whether it is ours. That question is asked here, before any transaction, so no
 * pooled connection waits on the provider; the answer is kept in PostgreSQL, and the handler's
 * transaction then reads it with `paymentByIntent` alone.
 */
@Injectable()
export class PaymentReferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviderRegistry,
  ) {}

  /**
   * Settles whether `paymentIntentId` is one of ours. Throws PaymentNotRecordedYetError when it
   * is ours but its success is not recorded yet (the event is retried), and a ProviderError when
   * the provider cannot answer now.
   */
  async resolve(provider: string, paymentIntentId: string): Promise<'ours' | 'foreign'> {
    const manager = this.dataSource.manager;
    if (await this.recorded(manager, provider, paymentIntentId)) return 'ours';
    if (await manager.getRepository(ForeignPaymentIntent).existsBy({ provider, paymentIntentId })) return 'foreign';
    let paymentId: string | null;
    try {
      ({ paymentId } = await this.providers.get(provider).paymentReferenceOf(paymentIntentId));
    } catch (error) {
      // The provider does not know it (or refuses the id): not ours as far as anyone can tell.
      // Not remembered, though: with the wrong keys deployed for a while, every payment reads as
      // unknown, and ours must not stay foreign once the right keys are back.
      if (error instanceof ProviderError && (error.kind === 'rejected' || error.kind === 'not_found')) return 'foreign';
      throw error;
    }
    if (
      paymentId &&
      isUUID(paymentId) &&
      (await manager.getRepository(Payment).existsBy({ id: paymentId, provider }))
    ) {
      // Its success may have been recorded while the provider answered.
      if (await this.recorded(manager, provider, paymentIntentId)) return 'ours';
      throw new PaymentNotRecordedYetError(paymentIntentId);
    }
    // The provider knows it and it names no attempt of ours: that answer never changes.
    await manager
      .createQueryBuilder()
      .insert()
      .into(ForeignPaymentIntent)
      .values({ provider, paymentIntentId })
      .orIgnore()
      .execute();
    return 'foreign';
  }

  /**
   * Everything an event's handler needs from the provider, fetched before its transaction: whether
   * the payment it names is ours, and the refunds of a `charge.refunded` that does not list them.
   * Returns the event to apply (the same one, or one with the listed refunds).
   */
  async prepare(event: ProviderEvent): Promise<ProviderEvent> {
    switch (event.kind) {
      case 'refund.updated': {
        const { refund } = event;
        if (refund.paymentIntentId && !(await this.knownRefund(refund)))
          await this.resolve(refund.provider, refund.paymentIntentId);
        return event;
      }
      case 'dispute.created':
        if (event.dispute.paymentIntentId) await this.resolve(event.dispute.provider, event.dispute.paymentIntentId);
        return event;
      case 'charge.refunded':
        return { ...event, charge: await this.prepareRefundedCharge(event.charge) };
      default:
        return event;
    }
  }

  /**
   * A refunded charge without its refund list (Stripe's API versions since 2022-11-15): when the
   * charge says more was refunded than orderpay counted, its refunds are listed from the provider.
   */
  private async prepareRefundedCharge(charge: RefundedChargeSnapshot): Promise<RefundedChargeSnapshot> {
    if (!charge.paymentIntentId || (await this.resolve(charge.provider, charge.paymentIntentId)) === 'foreign')
      return { ...charge, refunds: charge.refunds ?? [] };
    if (charge.refunds) return charge;
    const payment = await this.recorded(this.dataSource.manager, charge.provider, charge.paymentIntentId);
    if (payment && payment.amountRefunded >= charge.amountRefunded) return { ...charge, refunds: [] };
    return { ...charge, refunds: await this.providers.get(charge.provider).listRefunds(charge.paymentIntentId) };
  }

  private async knownRefund(refund: RefundSnapshot): Promise<boolean> {
    const refunds = this.dataSource.getRepository(Refund);
    if (await refunds.existsBy({ providerRefundId: refund.providerRefundId })) return true;
    return refund.refundId !== null && isUUID(refund.refundId) && (await refunds.existsBy({ id: refund.refundId }));
  }

  /**
   * Inside a handler's transaction, after `resolve` (which throws while one of ours is not
   * recorded yet): our attempt for this provider payment, or null when it is not ours. Never
   * calls the provider.
   */
  async paymentByIntent(manager: EntityManager, provider: string, paymentIntentId: string): Promise<Payment | null> {
    return this.recorded(manager, provider, paymentIntentId);
  }

  private recorded(manager: EntityManager, provider: string, paymentIntentId: string): Promise<Payment | null> {
    return manager.getRepository(Payment).findOne({ where: { provider, providerPaymentIntentId: paymentIntentId } });
  }
}
