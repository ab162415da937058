import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthUser } from '../auth/jwt-payload';
import { AppConfig } from '../config/app-config';
import { MetricsService, NEW } from '../metrics/metrics.service';
import { conflict, DomainError, ErrorCode, unprocessable } from '../common/errors/domain-error';
import { formatMinor, isChargeableAmount, MAXIMUM_CHARGE, minimumCharge } from '../common/money';
import type { Order } from '../orders/order.entity';
import { OrdersService } from '../orders/orders.service';
import { CheckoutDto } from './dto/pay-order.dto';
import { Payment } from './payment.entity';
import { ACTIVE_PAYMENT_STATUSES } from './payment-status';
import { endMissingSession, failure, movePayment } from './payment-transitions';
import type { CheckoutSnapshot, PaymentProvider } from './providers/payment-provider';
import { PaymentProviderRegistry } from './providers/payment-provider.registry';
import { ProviderError } from './providers/provider-errors';

/** An open session expiring sooner than this is replaced rather than handed out. */
const REUSE_MARGIN_MS = 5 * 60_000;
/** How long a concurrent caller waits for the session another caller is opening. */
const WAIT_FOR_CREATION_MS = 45_000;
const POLL_MS = 50;

type Claim =
  | { kind: 'create'; payment: Payment }
  | { kind: 'reuse'; payment: Payment }
  | { kind: 'wait'; paymentId: string }
  | { kind: 'replace'; payment: Payment };

export interface CheckoutResult {
  created: boolean;
  checkout: CheckoutDto;
}

/** POST /orders/:id/pay: validate, then open or reuse one Checkout Session per order. */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly providers: PaymentProviderRegistry,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async pay(user: AuthUser, orderId: string, paymentMethod: string): Promise<CheckoutResult> {
    const provider = this.providers.get(paymentMethod);
    const order = await this.orders.findOwned(user, orderId);
    assertPayable(order);

    // Each pass either returns or changes something (expires a stale session), so three suffice.
    for (let pass = 0; pass < 3; pass++) {
      const claim = await this.claim(order.id, provider.name);
      switch (claim.kind) {
        case 'reuse':
          if (await this.stillOpen(provider, claim.payment))
            return { created: false, checkout: CheckoutDto.from(claim.payment) };
          break;
        case 'wait':
          return { created: false, checkout: CheckoutDto.from(await this.waitForCreation(claim.paymentId)) };
        case 'create':
          return {
            created: true,
            checkout: CheckoutDto.from(await this.openSession(provider, claim.payment, order, user)),
          };
        case 'replace':
          await this.retire(provider, claim.payment);
          break;
      }
    }
    throw conflict(ErrorCode.PAYMENT_IN_PROGRESS, `Order ${order.id} is changing; try again`);
  }

  /**
   * Under the order's row lock: re-check it is still payable, then hand out its usable attempt or
   * insert a `creating` one. The lock plus the partial unique index make this the single place
   * where an order gains an attempt, so concurrent callers end up on the same one.
   */
  private claim(orderId: string, providerName: string): Promise<Claim> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.orders.lockForUpdate(manager, orderId);
      assertPayable(order);
      await failAbandonedAttempts(manager, this.metrics, orderId);
      const active = await manager.getRepository(Payment).findOne({
        where: { orderId, status: In([...ACTIVE_PAYMENT_STATUSES]) },
      });
      if (active?.status === 'processing') {
        throw conflict(
          ErrorCode.PAYMENT_IN_PROGRESS,
          `A payment for order ${orderId} is being processed (e.g. a bank debit); wait for its outcome`,
        );
      }
      if (active?.status === 'creating') return { kind: 'wait', paymentId: active.id };
      if (active?.status === 'open') {
        const usable = active.expiresAt && active.expiresAt.getTime() - Date.now() > REUSE_MARGIN_MS;
        return usable ? { kind: 'reuse', payment: active } : { kind: 'replace', payment: active };
      }
      const payment = await manager.getRepository(Payment).save(
        manager.getRepository(Payment).create({
          orderId,
          provider: providerName,
          status: 'creating',
          amount: order.totalAmount,
          currency: order.currency,
        }),
      );
      this.metrics.paymentTransition(manager, providerName, NEW, 'creating');
      return { kind: 'create', payment };
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
    const items = order.items ?? [];
    try {
      const session = await provider.createCheckout({
        orderId: order.id,
        paymentId: payment.id,
        currency: payment.currency,
        amount: payment.amount,
        lineItems: [...items]
          .sort((a, b) => a.position - b.position)
          .map(({ name, unitAmount, quantity }) => ({ name, unitAmount, quantity })),
        customerEmail: user.email,
        successUrl: `${frontend}/payment/success?orderId=${order.id}&session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${frontend}/payment/cancel?orderId=${order.id}`,
        expiresAt: this.sessionExpiry(),
      });
      const quietBy = Date.now() + this.config.payments.reconcileAfterMinutes * 60_000;
      await movePayment(this.dataSource.manager, this.metrics, payment, 'open', {
        providerSessionId: session.sessionId,
        checkoutUrl: session.url,
        expiresAt: session.expiresAt,
        // Read back at its expiry, or sooner if it stays quiet, should its webhook be lost.
        nextCheckAt: new Date(Math.min(session.expiresAt.getTime(), quietBy)),
      });
      return await this.dataSource.getRepository(Payment).findOneByOrFail({ id: payment.id });
    } catch (error) {
      // Leave nothing that blocks the next try: the attempt is failed, the order stays pending.
      this.logger.warn({ err: error, orderId: order.id, paymentId: payment.id }, 'Opening a checkout failed');
      const reason = error instanceof Error ? error.message : String(error);
      const code =
        error instanceof ProviderError && error.kind === 'unavailable' ? 'checkout_unavailable' : 'checkout_refused';
      await movePayment(this.dataSource.manager, this.metrics, payment, 'failed', failure(code, reason));
      throw toHttpError(error);
    }
  }

  /**
   * Before handing out a session again: is it still open at the provider? One the provider no
   * longer knows (the emulator restarted, keys switched) or has expired ends here, and the caller
   * opens a new one. When the provider cannot answer, the stored link is the best there is.
   */
  private async stillOpen(provider: PaymentProvider, payment: Payment): Promise<boolean> {
    let snapshot: CheckoutSnapshot;
    try {
      snapshot = await provider.retrieveCheckout(payment.providerSessionId!);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') {
        await endMissingSession(this.dataSource.manager, this.metrics, payment);
        return false;
      }
      this.logger.warn({ err: error, paymentId: payment.id }, 'Could not check a session before reusing it');
      return true;
    }
    if (snapshot.status === 'open') return true;
    if (snapshot.status === 'expired') {
      await movePayment(this.dataSource.manager, this.metrics, payment, 'expired', { nextCheckAt: null });
      return false;
    }
    // Completed while its webhook is on the way: the reconciler reads it at once should it be lost.
    await this.dataSource
      .getRepository(Payment)
      .update({ id: payment.id, status: 'open' }, { nextCheckAt: new Date() });
    throw conflict(
      ErrorCode.PAYMENT_IN_PROGRESS,
      `A payment for order ${payment.orderId} has completed and is being confirmed`,
    );
  }

  private async waitForCreation(paymentId: string): Promise<Payment> {
    const deadline = Date.now() + WAIT_FOR_CREATION_MS;
    for (;;) {
      const payment = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: paymentId });
      if (payment.status === 'open') return payment;
      if (payment.status !== 'creating') {
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

  /** Expires a nearly-expired session at the provider before a new one is opened. */
  private async retire(provider: PaymentProvider, payment: Payment): Promise<void> {
    const outcome = await closeSession(provider, payment);
    if (outcome === 'already_complete') {
      throw conflict(
        ErrorCode.PAYMENT_IN_PROGRESS,
        `A payment for order ${payment.orderId} has completed and is being confirmed`,
      );
    }
    if (outcome === 'missing') await endMissingSession(this.dataSource.manager, this.metrics, payment);
    else await movePayment(this.dataSource.manager, this.metrics, payment, 'expired', { nextCheckAt: null });
  }

  /** Stripe wants 30 min to 24 h from *its* clock: keep a minute of slack on both ends. */
  private sessionExpiry(): Date {
    const seconds = Math.min(Math.max(this.config.payments.checkoutTtlMinutes * 60, 31 * 60), 24 * 3600 - 60);
    return new Date(Date.now() + seconds * 1000);
  }
}

function assertPayable(order: Order): void {
  if (order.status !== 'pending') {
    throw conflict(
      ErrorCode.ORDER_NOT_PAYABLE,
      `Order ${order.id} is ${order.status}; only pending orders can be paid`,
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
      `Order total ${formatMinor(order.totalAmount, order.currency)} cannot be charged: Stripe takes ${min} to ${max}`,
    );
  }
}

/**
 * Expires a session at its provider (before a new one opens, or its order is canceled). A
 * session the provider no longer knows is `missing`: no customer can pay it any more.
 */
export async function closeSession(
  provider: PaymentProvider,
  payment: Payment,
): Promise<'expired' | 'already_complete' | 'missing'> {
  try {
    return await provider.expireCheckout(payment.providerSessionId!);
  } catch (error) {
    if (error instanceof ProviderError && error.kind === 'not_found') return 'missing';
    throw toHttpError(error);
  }
}

export function toHttpError(error: unknown): unknown {
  if (!(error instanceof ProviderError)) return error;
  return error.kind === 'unavailable'
    ? new DomainError(
        ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
        'The payment provider cannot be reached; try again shortly',
        HttpStatus.SERVICE_UNAVAILABLE,
      )
    : new DomainError(
        ErrorCode.PAYMENT_PROVIDER_ERROR,
        'The payment provider refused the request',
        HttpStatus.BAD_GATEWAY,
      );
}

/** A `creating` row older than this lost its creator (crash, deploy): it must not block the order. */
const ABANDONED_AFTER_SECONDS = 60;

/**
 * Marks attempts whose creator died before opening their session as failed (of one order, or
 * all). Ages are measured by PostgreSQL's clock, the same one that stamped `created_at`.
 */
export async function failAbandonedAttempts(
  manager: EntityManager,
  metrics: MetricsService,
  orderId?: string,
): Promise<number> {
  const result = await manager
    .createQueryBuilder()
    .update(Payment)
    .set({ status: 'failed', ...failure('abandoned', 'abandoned while opening the checkout') })
    .where(`status = 'creating' AND created_at < now() - make_interval(secs => :seconds)`, {
      seconds: ABANDONED_AFTER_SECONDS,
    })
    .andWhere(orderId ? 'order_id = :orderId' : 'TRUE', { orderId })
    .returning(['provider'])
    .execute();
  for (const { provider } of result.raw as { provider: string }[])
    metrics.paymentTransition(manager, provider, 'creating', 'failed');
  return result.affected ?? 0;
}
