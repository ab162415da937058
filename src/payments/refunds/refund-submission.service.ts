import { HttpStatus, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { OrdersService } from '../../orders/orders.service';
import type { RequestRefundDto } from '../dto/refund.dto';
import type { RefundSnapshot } from '../providers/payment-provider';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { ProviderError } from '../providers/provider-errors';
import { Refund, RefundReason } from './refund.entity';
import { RefundsService } from './refunds.service';

/**
 * A claimed refund is its worker's for this long; a worker that died meanwhile leaves it to the
 * next. Longer than a whole batch can take with the provider slow (5 calls of at most ~32 s:
 * a 10 s timeout, two retries), so no lease runs out while its refund waits its turn.
 */
export const REFUND_LEASE_SECONDS = 300;
/** Refunds claimed per query: every query stays bounded, and the next batch follows. */
const BATCH_SIZE = 5;
/** "Run now" works at most this many batches in the admin's request; the timers take the rest. */
const MAX_BATCHES_PER_DRAIN = 200;
/** Failures in a row before a person is asked to look (the refund keeps being retried). */
const FLAG_AFTER_FAILURES = 5;
/**
 * Stripe keeps an idempotency key for at least 24 hours. A refund still unacknowledged this long
 * after it was written is first looked up by the id in its metadata, so a resubmission after
 * the key is forgotten cannot refund twice.
 */
const LOOK_UP_BEFORE_RESUBMITTING_AFTER_MS = 20 * 3600_000;
/** How often each instance looks for due refunds (a crash between a commit and its submission). */
const POLL_INTERVAL_MS = 15_000;

const PROVIDER_REASONS: Partial<Record<RefundReason, 'duplicate' | 'fraudulent' | 'requested_by_customer'>> = {
  duplicate: 'duplicate',
  fraudulent: 'fraudulent',
  requested_by_customer: 'requested_by_customer',
};

/** A pending refund, claimed, with what the provider call needs. */
interface ClaimedRefund {
  id: string;
  orderId: string;
  paymentId: string;
  amount: number;
  reason: RefundReason | null;
  providerRefundId: string | null;
  attempts: number;
  createdAt: Date;
  provider: string;
  paymentIntentId: string;
  /** What the provider took the payment in (its currency, unless it took another). */
  currency: string;
}

export interface RefundWorkReport {
  submitted: number;
  checked: number;
  errors: number;
}

/**
 * The refund queue: a pending refund row is the job. Submitting it to the provider and reading
 * back an outcome that never arrived both happen here, outside any transaction, on rows claimed
 * with `FOR UPDATE SKIP LOCKED` and a lease (`next_attempt_at`), so every instance shares the
 * work, a crash loses nothing, and a failing refund backs off without blocking the others.
 */
@Injectable()
export class RefundSubmissionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RefundSubmissionService.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private drainAgain = false;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refunds: RefundsService,
    private readonly orders: OrdersService,
    private readonly providers: PaymentProviderRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Tests and one-off commands turn background work off with the reconciler's interval.
    if (this.config.payments.reconcileIntervalSeconds <= 0) return;
    this.timer = setInterval(() => this.kick(), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.draining;
  }

  /**
   * An admin's refund: written under the order's lock (one refund per payment it takes from), then
   * submitted while the admin waits. Answers the refunds as they stand; when the provider refused
   * every one of them, nothing was refunded and the admin hears it as an error.
   */
  async request(orderId: string, dto: RequestRefundDto, requestedBy: string): Promise<Refund[]> {
    const opened = await this.refunds.open(orderId, dto, requestedBy, REFUND_LEASE_SECONDS);
    const refused = new Map<string, string>();
    for (const refund of opened) {
      const [claimed] = await this.claim('r.id = $3', [refund.id]);
      // Not claimed: a worker took it first (it is submitted there) or it was settled meanwhile.
      if (claimed) await this.work(claimed, { refused });
    }
    if (refused.size === opened.length) {
      throw new DomainError(
        ErrorCode.PAYMENT_PROVIDER_ERROR,
        `The payment provider refused the refund: ${[...refused.values()][0]}`,
        HttpStatus.BAD_GATEWAY,
      );
    }
    const refunds = await this.dataSource.getRepository(Refund).findBy({ id: In(opened.map((r) => r.id)) });
    return opened.map((refund) => refunds.find((r) => r.id === refund.id)!);
  }

  /**
   * Submits refunds written by a transaction that just committed (a late payment's), after the
   * caller has answered. Never throws; what fails stays due and is retried.
   */
  kick(): void {
    // Shutting down: what is due stays due, for the next instance or the next start.
    if (this.stopping) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        do {
          this.drainAgain = false;
          await this.drain();
        } while (this.drainAgain);
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'Refund queue run failed; it will run again'))
      .finally(() => (this.draining = undefined));
  }

  /**
   * Works every due refund, batch by batch. `everyPending` (an admin's "run now") takes every
   * pending refund however recent or backed off: one in flight elsewhere is resubmitted with the
   * same idempotency key, which the provider answers with the same refund.
   */
  async drain(options: { everyPending?: boolean } = {}): Promise<RefundWorkReport> {
    const report: RefundWorkReport = { submitted: 0, checked: 0, errors: 0 };
    const due = options.everyPending ? 'TRUE' : 'r.next_attempt_at <= now()';
    let after = '00000000-0000-0000-0000-000000000000';
    for (let batches = 0; batches < MAX_BATCHES_PER_DRAIN; batches++) {
      const batch = await this.claim(`${due} AND r.id > $3`, [after], 'r.id');
      for (const refund of batch) {
        const outcome = await this.work(refund);
        report[outcome]++;
      }
      if (batch.length < BATCH_SIZE) return report;
      after = batch[batch.length - 1].id;
    }
    return report;
  }

  /**
   * Claims pending refunds matching `where` (alias `r`): their lease moves forward in the same
   * statement that locks them, so a concurrent claimer skips them and a crashed one frees them.
   */
  private async claim(where: string, params: unknown[], orderBy = 'r.next_attempt_at'): Promise<ClaimedRefund[]> {
    // An UPDATE ... RETURNING answers [rows, row count] through TypeORM's PostgreSQL driver.
    const [returned] = await this.dataSource.query<[Record<string, unknown>[], number]>(
      `UPDATE refunds AS claimed SET next_attempt_at = now() + make_interval(secs => $1)
       FROM payments AS p
       WHERE p.id = claimed.payment_id AND claimed.id IN (
         SELECT r.id FROM refunds AS r
         WHERE r.status = 'pending' AND ${where}
         ORDER BY ${orderBy} LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING claimed.id, claimed.order_id, claimed.payment_id, claimed.amount, claimed.reason,
         claimed.provider_refund_id, claimed.attempts, claimed.created_at, p.provider,
         p.provider_payment_intent_id, COALESCE(p.received_currency, p.currency) AS currency`,
      [REFUND_LEASE_SECONDS, BATCH_SIZE, ...params],
    );
    return returned
      .map((row) => ({
        id: row.id as string,
        orderId: row.order_id as string,
        paymentId: row.payment_id as string,
        amount: row.amount as number,
        reason: row.reason as RefundReason | null,
        providerRefundId: row.provider_refund_id as string | null,
        attempts: row.attempts as number,
        createdAt: row.created_at as Date,
        provider: row.provider as string,
        paymentIntentId: row.provider_payment_intent_id as string,
        currency: (row.currency as string).trim(),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** One provider call for one claimed refund, then its outcome applied in a short transaction. */
  private async work(
    refund: ClaimedRefund,
    /** An admin waits for this answer: what the provider refused is collected here for them, not flagged. */
    options: { refused?: Map<string, string> } = {},
  ): Promise<'submitted' | 'checked' | 'errors'> {
    const submitting = refund.providerRefundId === null;
    try {
      const snapshot = submitting ? await this.submit(refund) : await this.readBack(refund);
      const applied = await this.dataSource.transaction((manager) =>
        this.refunds.apply(manager, snapshot, submitting ? 'provider:refund_created' : 'reconciler'),
      );
      if (applied.status === 'ignored') {
        // The provider's answer breaks a money rule (it was logged): retried, and flagged if it persists.
        await this.retryLater(refund, applied.reason ?? 'the provider answer could not be applied');
        return 'errors';
      }
      await this.refunds.scheduleReadBack(refund.id, refund.createdAt);
      return submitting ? 'submitted' : 'checked';
    } catch (error) {
      if (!(error instanceof ProviderError)) {
        this.logger.error({ err: error, refundId: refund.id }, 'Refund work failed; it will be retried');
        await this.retryLater(refund, String(error));
        return 'errors';
      }
      if (submitting && (error.kind === 'rejected' || error.kind === 'not_found')) {
        // Refused as it stands (the payment is gone, already refunded elsewhere...): it never
        // existed at the provider, so it fails for good, and its amount is free again.
        await this.refunds.markFailed(refund.id, error.message);
        options.refused?.set(refund.id, error.message);
        if (!options.refused) {
          // Nobody is waiting for this answer (the system decided this refund, e.g. for a late
          // payment): the money is still with the shop, so a person must hear of it.
          this.logger.error(
            { err: error, refundId: refund.id, orderId: refund.orderId },
            'The provider refused a refund',
          );
          await this.orders.flag(this.dataSource.manager, refund.orderId, 'refund_failed', refund.id, {
            refundId: refund.id,
            amount: refund.amount,
            failureReason: error.message.slice(0, 300),
          });
        }
        return 'errors';
      }
      // Unreachable (it may exist at the provider) or our credentials refused (fixable): retried
      // later with the same idempotency key.
      const log = error.kind === 'misconfigured' ? 'error' : 'warn';
      this.logger[log]({ err: error, refundId: refund.id }, 'Refund not acknowledged by the provider yet; will retry');
      await this.retryLater(refund, error.message);
      return 'errors';
    }
  }

  private async submit(refund: ClaimedRefund): Promise<RefundSnapshot> {
    const provider = this.providers.get(refund.provider);
    if (Date.now() - refund.createdAt.getTime() > LOOK_UP_BEFORE_RESUBMITTING_AFTER_MS) {
      const existing = (await provider.listRefunds(refund.paymentIntentId)).find((r) => r.refundId === refund.id);
      if (existing) return existing;
    }
    return provider.refund({
      refundId: refund.id,
      orderId: refund.orderId,
      paymentId: refund.paymentId,
      paymentIntentId: refund.paymentIntentId,
      amount: refund.amount,
      currency: refund.currency,
      reason: refund.reason ? PROVIDER_REASONS[refund.reason] : undefined,
      note: refund.reason ?? 'refund',
    });
  }

  private readBack(refund: ClaimedRefund): Promise<RefundSnapshot> {
    return this.providers.get(refund.provider).retrieveRefund(refund.providerRefundId!);
  }

  /** Backs off (30 s, 1, 2, 4... minutes, at most an hour) and asks a person once it keeps failing. */
  private async retryLater(refund: ClaimedRefund, reason: string): Promise<void> {
    const attempts = refund.attempts + 1;
    const delaySeconds = Math.min(30 * 2 ** (attempts - 1), 3600);
    await this.dataSource.query(
      `UPDATE refunds SET attempts = $2, next_attempt_at = now() + make_interval(secs => $3)
       WHERE id = $1 AND status = 'pending'`,
      [refund.id, attempts, delaySeconds],
    );
    if (attempts !== FLAG_AFTER_FAILURES) return;
    this.logger.error({ refundId: refund.id, orderId: refund.orderId, reason }, 'A refund keeps failing');
    await this.orders.flag(this.dataSource.manager, refund.orderId, 'refund_stuck', refund.id, {
      refundId: refund.id,
      amount: refund.amount,
      attempts,
      lastError: reason.slice(0, 300),
    });
  }
}
