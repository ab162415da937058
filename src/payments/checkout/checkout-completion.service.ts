import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplyResult, PaymentEventsService } from '../payment-events.service';
import { Payment } from '../payment.entity';
import type { CheckoutSnapshot, ProviderEvent } from '../providers/payment-provider';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { RefundSubmissionService } from '../refunds/refund-submission.service';
import { outcomeOf } from './checkout-outcome';

type ApprovedEvent = Extract<ProviderEvent, { kind: 'checkout.approved' }>;
type CompletableAttempt = Pick<Payment, 'id' | 'provider'>;

/**
 * An open attempt past its expiry by more than this is closed by the reconciler, and no longer
 * completed: a customer who approved at the last moment still gets the payment they approved.
 */
export const CLOSE_AFTER_EXPIRY_MS = 5 * 60_000;

const EVENT_KIND_OF_OUTCOME = {
  completed: 'checkout.completed',
  async_payment_succeeded: 'checkout.async_payment_succeeded',
  async_payment_failed: 'checkout.async_payment_failed',
  expired: 'checkout.expired',
} as const;

/**
 * Takes a payment the customer approved, for providers where the merchant must (PayPal's
 * capture), from whichever comes first: the customer's return, the provider's "approved" webhook
 * or the reconciler. Each calls the provider with no transaction open, then applies its answer
 * through the same code as a webhook; the provider's call is idempotent, so two at once take the
 * money once. Only an attempt orderpay still holds open, and not long past its expiry, is
 * completed: one it replaced, canceled or let expire stays unpaid, which is how such a checkout
 * is closed at a provider with no way to void it.
 */
@Injectable()
export class CheckoutCompletionService {
  private readonly logger = new Logger(CheckoutCompletionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviderRegistry,
    private readonly payments: PaymentEventsService,
    private readonly refundQueue: RefundSubmissionService,
  ) {}

  /**
   * The provider's word after completing an attempt; null when there was nothing to take. The
   * attempt is read again here, just before the provider is asked: a caller's copy may be old
   * (the reconciler works through a batch), and an attempt closed meanwhile (canceled, replaced)
   * or past its expiry (and the grace the reconciler leaves before closing it) is never completed.
   * What remains is the race with a close landing during the provider's answer, which the
   * late-payment path settles (the money is refunded and the order flagged).
   */
  async complete(attempt: CompletableAttempt): Promise<CheckoutSnapshot | null> {
    // A provider that takes payments itself has nothing to complete: no read, no call.
    if (!this.providers.get(attempt.provider).completesOnApproval) return null;
    const current = await this.dataSource.getRepository(Payment).findOne({
      where: { id: attempt.id },
      select: { id: true, provider: true, status: true, providerSessionId: true, expiresAt: true },
    });
    if (current?.status !== 'open' || !current.providerSessionId) return null;
    if (current.expiresAt && current.expiresAt.getTime() + CLOSE_AFTER_EXPIRY_MS < Date.now()) return null;
    return this.providers.get(current.provider).completeCheckout(current.providerSessionId);
  }

  /**
   * The customer is back from the provider's page (or asks to pay again): complete the attempt
   * and record the outcome now, so the return page can say "paid" without waiting for the
   * webhook. Best effort: the webhook and the reconciler take over when the provider cannot
   * answer. True when something was recorded.
   */
  async onReturn(attempt: CompletableAttempt): Promise<boolean> {
    try {
      const snapshot = await this.complete(attempt);
      return snapshot !== null && (await this.apply(snapshot, `customer_return:${attempt.id}`)) !== null;
    } catch (error) {
      this.logger.warn({ err: error, paymentId: attempt.id }, 'Completing a checkout on the customer’s return failed');
      return false;
    }
  }

  /** Applies what the provider said after completing, in one transaction, as a webhook would. */
  async apply(snapshot: CheckoutSnapshot, cause: string): Promise<ApplyResult | null> {
    const outcome = outcomeOf(snapshot);
    if (!outcome) return null;
    const result = await this.dataSource.transaction((manager) =>
      this.payments.applyCheckout(manager, snapshot, outcome, cause),
    );
    if (result.refundsToSubmit?.length) this.refundQueue.kick();
    return result;
  }

  /**
   * Before an "approved" webhook's transaction: complete its attempt and hand back the event the
   * provider's answer implies (completed, failed...), handled in the same transaction as its inbox
   * row. The event is left as it came when there is nothing to complete.
   */
  async prepareApproved(event: ApprovedEvent): Promise<ProviderEvent> {
    const attempt = await this.attemptOf(event.checkout);
    const snapshot = attempt ? await this.complete(attempt) : null;
    const outcome = snapshot && outcomeOf(snapshot);
    if (!snapshot || !outcome) return event;
    return { ...event, kind: EVENT_KIND_OF_OUTCOME[outcome], checkout: snapshot };
  }

  private attemptOf(checkout: CheckoutSnapshot): Promise<CompletableAttempt | null> {
    return this.dataSource.getRepository(Payment).findOne({
      where: { providerSessionId: checkout.sessionId },
      select: { id: true, provider: true },
    });
  }
}
