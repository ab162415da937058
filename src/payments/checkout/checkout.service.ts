import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthUser } from '../../auth/jwt-payload';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { conflict, DomainError, ErrorCode, unprocessable } from '../../common/errors/domain-error';
import { formatMinor, isChargeableAmount, MAXIMUM_CHARGE, minimumCharge } from '../../common/money';
import { PAYABLE_ORDER_STATUSES } from '../../orders/order-status';
import type { Order } from '../../orders/order.entity';
import { OrdersService } from '../../orders/orders.service';
import { checkoutAmount, checkoutLines, PartialPaymentRules } from './checkout-amount';
import { closeAttempt, failAbandonedAttempts, toHttpError } from './checkout-sessions';
import { CheckoutCompletionService } from './checkout-completion.service';
import { CheckoutDto, PayOrderDto } from '../dto/pay-order.dto';
import { Payment } from '../payment.entity';
import { ACTIVE_PAYMENT_STATUSES } from '../payment-status';
import { createPayment, endMissingSession, failure, movePayment } from '../payment-transitions';
import type { CheckoutSnapshot, PaymentProvider } from '../providers/payment-provider';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { ProviderError } from '../providers/provider-errors';

/** An open session expiring sooner than this is replaced rather than handed out. */
const REUSE_MARGIN_MS = 5 * 60_000;
/** How long a concurrent caller waits for the session another caller is opening. */
const WAIT_FOR_CREATION_MS = 45_000;
const POLL_MS = 50;
/**
 * Each pass either answers or changes something (closes a stale session or one for another
 * amount, waits out another caller's creation), so a few suffice even with callers racing.
 */
const MAX_PASSES = 4;

type Claim =
  | { kind: 'create'; payment: Payment; amountPaid: number }
  | { kind: 'reuse'; payment: Payment }
  | { kind: 'wait'; paymentId: string; amount: number }
  | { kind: 'replace'; payment: Payment };

export interface CheckoutResult {
  created: boolean;
  checkout: CheckoutDto;
}

/** POST /orders/:id/pay: validate, then open or reuse one Checkout Session per order. */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);
  private readonly partialPayments: PartialPaymentRules;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly providers: PaymentProviderRegistry,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly completion: CheckoutCompletionService,
  ) {
    this.partialPayments = {
      enabled: config.payments.partialPaymentsEnabled,
      minimum: config.payments.partialPaymentMinimum,
    };
  }

  async pay(user: AuthUser, orderId: string, dto: PayOrderDto): Promise<CheckoutResult> {
    const provider = this.providers.forNewPayment(dto.paymentMethod);
    const order = await this.orders.findOwned(user, orderId);
    assertPayable(order);
    // Checked here for a quick answer, and again under the order's lock before anything is written.
    const amount = checkoutAmount(order, dto.amount, this.partialPayments);
    const problem = provider.amountProblem(order.currency, [
      amount,
      ...checkoutLines(order, amount).map((line) => line.unitAmount),
    ]);
    if (problem) throw unprocessable(ErrorCode.PAYMENT_METHOD_UNSUPPORTED, problem);
    const cause = `user:${user.id}`;

    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const claim = await this.claim(order.id, provider.name, dto.amount, cause);
      switch (claim.kind) {
        case 'reuse':
          if (await this.stillOpen(provider, claim.payment, cause))
            return { created: false, checkout: CheckoutDto.from(claim.payment) };
          break;
        case 'wait': {
          const opened = await this.waitForCreation(claim.paymentId);
          // Another caller opened a session for another amount (the next pass replaces it), or one
          // already replaced it: claim again.
          if (opened?.amount === claim.amount && opened.provider === provider.name)
            return { created: false, checkout: CheckoutDto.from(opened) };
          break;
        }
        case 'create':
          return {
            created: true,
            // What was paid as the claim saw it, under the lock: the session's line names this part.
            checkout: CheckoutDto.from(
              await this.openSession(provider, claim.payment, { ...order, amountPaid: claim.amountPaid }, user),
            ),
          };
        case 'replace':
          // Never close a session without a pass left to open ours: callers racing with other
          // amounts must leave one open session behind, the last one opened.
          if (pass === MAX_PASSES - 1) break;
          await this.replace(claim.payment, cause);
          break;
      }
    }
    throw conflict(ErrorCode.PAYMENT_IN_PROGRESS, `Order ${order.id} is changing; try again`);
  }

  /**
   * Under the order's row lock: re-check it is still payable and the amount still fits its
   * balance, then hand out its usable attempt for that amount or insert a `creating` one. The lock
   * plus the partial unique index make this the single place where an order gains an attempt, so
   * concurrent callers end up on the same one.
   */
  private claim(orderId: string, providerName: string, requested: number | undefined, cause: string): Promise<Claim> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lockForUpdate(manager, orderId);
      assertPayable(order);
      const amount = checkoutAmount(order, requested, this.partialPayments);
      await failAbandonedAttempts(manager, this.metrics, cause, orderId);
      const active = await manager.getRepository(Payment).findOne({
        where: { orderId, status: In([...ACTIVE_PAYMENT_STATUSES]) },
      });
      if (active?.status === 'processing') {
        throw conflict(
          ErrorCode.PAYMENT_IN_PROGRESS,
          `A payment for order ${orderId} is being processed (e.g. a bank debit); wait for its outcome`,
        );
      }
      if (active?.status === 'creating') return { kind: 'wait', paymentId: active.id, amount };
      if (active?.status === 'open') {
        // One open attempt per order, whatever its provider: another amount or provider replaces it.
        const same = active.amount === amount && active.provider === providerName;
        const usable = same && active.expiresAt && active.expiresAt.getTime() - Date.now() > REUSE_MARGIN_MS;
        return usable ? { kind: 'reuse', payment: active } : { kind: 'replace', payment: active };
      }
      const payment = await createPayment(
        manager,
        this.metrics,
        { orderId, provider: providerName, amount, currency: order.currency },
        cause,
      );
      return { kind: 'create', payment, amountPaid: order.amountPaid };
    });
  }

  /** Calls the provider outside any transaction; the row's id is the idempotency key. */
  private async openSession(
    provider: PaymentProvider,
    payment: Payment,
    order: Order,
    user: AuthUser,
  ): Promise<Payment> {
    const frontend = this.config.payments.frontendUrl;
    const cause = `user:${user.id}`;
    try {
      const session = await provider.createCheckout({
        orderId: order.id,
        paymentId: payment.id,
        currency: payment.currency,
        amount: payment.amount,
        lineItems: checkoutLines(order, payment.amount),
        customerEmail: user.email,
        successUrl: `${frontend}/payment/success?orderId=${order.id}&session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${frontend}/payment/cancel?orderId=${order.id}`,
        expiresAt: this.sessionExpiry(),
      });
      const quietBy = Date.now() + this.config.payments.reconcileAfterMinutes * 60_000;
      const opened = {
        providerSessionId: session.sessionId,
        checkoutUrl: session.url,
        expiresAt: session.expiresAt,
        // Read back at its expiry, or sooner if it stays quiet, should its webhook be lost.
        nextCheckAt: new Date(Math.min(session.expiresAt.getTime(), quietBy)),
      };
      if (await movePayment(this.dataSource.manager, this.metrics, payment, 'open', cause, opened))
        return Object.assign(payment, opened, { status: 'open' as const });
      // Moved meanwhile (the reconciler, a webhook): what it is now.
      return await this.dataSource.getRepository(Payment).findOneByOrFail({ id: payment.id });
    } catch (error) {
      // Leave nothing that blocks the next try: the attempt is failed, the order keeps its status.
      this.logger.warn({ err: error, orderId: order.id, paymentId: payment.id }, 'Opening a checkout failed');
      const reason = error instanceof Error ? error.message : String(error);
      const code =
        error instanceof ProviderError && error.kind === 'unavailable' ? 'checkout_unavailable' : 'checkout_refused';
      await movePayment(this.dataSource.manager, this.metrics, payment, 'failed', cause, failure(code, reason));
      throw toHttpError(error);
    }
  }

  /**
   * Before handing out a session again: is it still open at the provider? One the provider no
   * longer knows (the emulator restarted, keys switched) or has expired ends here, and the caller
   * opens a new one. When the provider cannot answer, the stored link is the best there is.
   */
  private async stillOpen(provider: PaymentProvider, payment: Payment, cause: string): Promise<boolean> {
    let snapshot: CheckoutSnapshot;
    try {
      snapshot = await provider.retrieveCheckout(payment.providerSessionId!);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') {
        await endMissingSession(this.dataSource.manager, this.metrics, payment, cause);
        return false;
      }
      this.logger.warn({ err: error, paymentId: payment.id }, 'Could not check a session before reusing it');
      return true;
    }
    if (snapshot.status === 'open') return true;
    // The customer approved it and orderpay has yet to take the payment (PayPal): take it now.
    // Refused (a declined capture), the attempt has failed and the caller opens a new checkout.
    if (snapshot.status === 'approved') {
      await this.completion.onReturn(payment);
      const now = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: payment.id });
      if (now.status === 'failed' || now.status === 'expired') return false;
      throw await this.completedMeanwhile(payment);
    }
    if (snapshot.status === 'expired') {
      await movePayment(this.dataSource.manager, this.metrics, payment, 'expired', cause, { nextCheckAt: null });
      return false;
    }
    throw await this.completedMeanwhile(payment);
  }

  /** The attempt another caller is opening, once open; null when it was already replaced (or paid). */
  private async waitForCreation(paymentId: string): Promise<Payment | null> {
    const deadline = Date.now() + WAIT_FOR_CREATION_MS;
    for (;;) {
      const payment = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: paymentId });
      if (payment.status === 'open') return payment;
      if (payment.status !== 'creating' && payment.status !== 'failed') return null;
      if (payment.status === 'failed') {
        throw new DomainError(
          ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
          'Opening the checkout failed; try again',
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      }
      if (Date.now() > deadline) {
        throw new DomainError(
          ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
          'Opening the checkout is taking too long; try again',
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Closes an open session (nearly expired, or for another amount) at its provider before a new one opens. */
  private async replace(payment: Payment, cause: string): Promise<void> {
    const provider = this.providers.get(payment.provider);
    const outcome = await closeAttempt(this.dataSource.manager, this.metrics, provider, payment, 'expired', cause);
    if (outcome === 'already_complete') throw await this.completedMeanwhile(payment);
  }

  /** The customer paid the session while its webhook is on the way: the reconciler reads it at once should it be lost. */
  private async completedMeanwhile(payment: Payment): Promise<DomainError> {
    await this.dataSource
      .getRepository(Payment)
      .update({ id: payment.id, status: 'open' }, { nextCheckAt: new Date() });
    return conflict(
      ErrorCode.PAYMENT_IN_PROGRESS,
      `A payment for order ${payment.orderId} has completed and is being confirmed`,
    );
  }

  /** Stripe wants 30 min to 24 h from *its* clock: keep a minute of slack on both ends. */
  private sessionExpiry(): Date {
    const seconds = Math.min(Math.max(this.config.payments.checkoutTtlMinutes * 60, 31 * 60), 24 * 3600 - 60);
    return new Date(Date.now() + seconds * 1000);
  }
}

function assertPayable(order: Order): void {
  if (!PAYABLE_ORDER_STATUSES.includes(order.status)) {
    throw conflict(
      ErrorCode.ORDER_NOT_PAYABLE,
      `Order ${order.id} is ${order.status}; only orders not yet paid in full can be paid`,
    );
  }
  if (order.items && order.items.length === 0) {
    throw unprocessable(ErrorCode.ORDER_NOT_PAYABLE, `Order ${order.id} has no items`);
  }
  if (!isChargeableAmount(order.totalAmount, order.currency)) {
    const min = formatMinor(minimumCharge(order.currency), order.currency);
    const max = formatMinor(MAXIMUM_CHARGE, order.currency);
    throw unprocessable(
      ErrorCode.ORDER_TOTAL_OUT_OF_RANGE,
      `Order total ${formatMinor(order.totalAmount, order.currency)} cannot be charged: the payment providers take ${min} to ${max}`,
    );
  }
}
