import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { OrdersService } from '../../orders/orders.service';
import { closeAttempt, failAbandonedAttempts } from '../checkout/checkout-sessions';
import { CheckoutCompletionService, CLOSE_AFTER_EXPIRY_MS } from '../checkout/checkout-completion.service';
import { Payment } from '../payment.entity';
import type { PaymentStatus } from '../payment-status';
import { endMissingSession } from '../payment-transitions';
import { PaymentProviderRegistry } from '../providers/payment-provider.registry';
import { ProviderError } from '../providers/provider-errors';
import { RefundSubmissionService } from '../refunds/refund-submission.service';

/**
 * A claimed attempt is its reader's for this long; a reader that died meanwhile leaves it to the
 * next. Longer than a batch can take with the provider slow (10 reads of at most ~32 s each).
 */
const CHECK_LEASE_SECONDS = 600;
/** Attempts claimed per query: every query stays bounded. */
const BATCH_SIZE = 10;
/** A timed run stops after this many batches; the next run continues where it left off. */
const MAX_BATCHES_PER_RUN = 50;
/** "Run now" reads at most this many batches in the admin's request and says when more are left. */
const MAX_BATCHES_RUN_NOW = 500;
/** Failed reads in a row before a person is asked to look (the attempt keeps being read). */
const FLAG_AFTER_FAILURES = 5;
/** An open session Stripe has not expired yet although its time is up is read again after this. */
const OPEN_PAST_EXPIRY_RECHECK_SECONDS = 5 * 60;
const MAX_LISTED_CHANGES = 100;
/** The first attempt id, for a run that walks every open attempt in id order. */
const BEFORE_ANY_ID = '00000000-0000-0000-0000-000000000000';

/** An attempt the reconciler read that moved: what an admin's "run now" answers. */
export interface ReconcileChange {
  paymentId: string;
  orderId: string;
  from: PaymentStatus;
  to: PaymentStatus;
}

export interface ReconcileReport {
  /** Always true: every instance runs, sharing the rows (kept for clients of the first version). */
  ran: boolean;
  checkoutsChecked: number;
  checkoutsChanged: number;
  /** Attempts whose creator died before their session opened, marked failed so they block nothing. */
  abandonedAttemptsFailed: number;
  refundsSubmitted: number;
  refundsChecked: number;
  errors: number;
  durationMs: number;
  /** The attempts whose status this run changed (at most the first 100). */
  changes: ReconcileChange[];
  /** True when the run stopped at its bound with attempts left to read: run it again. */
  more: boolean;
}

/** An open or processing attempt claimed for a read-back. */
type ClaimedAttempt = Pick<
  Payment,
  'id' | 'orderId' | 'provider' | 'status' | 'providerSessionId' | 'expiresAt' | 'checkFailures'
>;

/**
 * Catches up on webhooks that never arrived. Each open or processing attempt carries its next
 * check time; instances claim due attempts with `FOR UPDATE SKIP LOCKED` (no lock held while the
 * provider answers), read them back and apply what they find through the same code as the webhook
 * handlers, so a late webhook afterwards (or before) changes nothing twice. A read that fails
 * backs off on that row alone and flags its order after repeated failures; the refund queue
 * runs in the same pass.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcilerService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviderRegistry,
    private readonly completion: CheckoutCompletionService,
    private readonly refundQueue: RefundSubmissionService,
    private readonly orders: OrdersService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.payments.reconcileIntervalSeconds;
    if (seconds <= 0) return;
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => this.logger.error({ err: error }, 'Reconciler run failed'));
    }, seconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * One pass over what is due. `everyOpenAttempt` (an admin's "run now") reads every open or
   * processing attempt and every pending refund however recent, so a webhook lost a minute ago
   * is recovered at once.
   */
  async run(options: { everyOpenAttempt?: boolean } = {}): Promise<ReconcileReport> {
    let report: ReconcileReport;
    try {
      report = await this.runOnce(options.everyOpenAttempt ?? false);
    } catch (error) {
      this.metrics.reconcilerFailed();
      throw error;
    }
    this.metrics.reconcilerRun(report);
    return report;
  }

  private async runOnce(everyOpenAttempt: boolean): Promise<ReconcileReport> {
    const started = Date.now();
    const report: ReconcileReport = {
      ran: true,
      checkoutsChecked: 0,
      checkoutsChanged: 0,
      abandonedAttemptsFailed: 0,
      refundsSubmitted: 0,
      refundsChecked: 0,
      errors: 0,
      durationMs: 0,
      changes: [],
      more: false,
    };
    report.abandonedAttemptsFailed = await failAbandonedAttempts(this.dataSource.manager, this.metrics, 'reconciler');
    let after = BEFORE_ANY_ID;
    const maxBatches = everyOpenAttempt ? MAX_BATCHES_RUN_NOW : MAX_BATCHES_PER_RUN;
    for (let batch = 0; ; batch++) {
      if (batch === maxBatches) {
        report.more = true;
        break;
      }
      const claimed = await this.claim(everyOpenAttempt ? after : null);
      for (const payment of claimed) await this.reconcile(payment, report);
      if (claimed.length < BATCH_SIZE) break;
      after = claimed[claimed.length - 1].id;
    }
    const refunds = await this.refundQueue.drain({ everyPending: everyOpenAttempt });
    report.refundsSubmitted = refunds.submitted;
    report.refundsChecked = refunds.checked;
    report.errors += refunds.errors;
    report.durationMs = Date.now() - started;
    if (report.checkoutsChanged || report.abandonedAttemptsFailed || report.refundsSubmitted || report.errors)
      this.logger.log({ ...report, changes: report.changes.length }, 'Reconciler run');
    return report;
  }

  /**
   * Claims a batch: due attempts, or (`after` given) every open one with a larger id. The lease
   * moves forward in the statement that locks the rows, so concurrent runs never share a row.
   */
  private async claim(after: string | null): Promise<ClaimedAttempt[]> {
    const which = after === null ? '(p.next_check_at IS NULL OR p.next_check_at <= now())' : 'p.id > $3';
    const [rows] = await this.dataSource.query<[Record<string, unknown>[], number]>(
      `UPDATE payments AS claimed SET next_check_at = now() + make_interval(secs => $1)
       WHERE claimed.id IN (
         SELECT p.id FROM payments AS p
         WHERE p.status IN ('open', 'processing') AND p.provider_session_id IS NOT NULL AND ${which}
         ORDER BY ${after === null ? 'p.next_check_at NULLS FIRST' : 'p.id'} LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING claimed.id, claimed.order_id, claimed.provider, claimed.status, claimed.provider_session_id,
         claimed.expires_at, claimed.check_failures`,
      after === null ? [CHECK_LEASE_SECONDS, BATCH_SIZE] : [CHECK_LEASE_SECONDS, BATCH_SIZE, after],
    );
    return rows
      .map((row) => ({
        id: row.id as string,
        orderId: row.order_id as string,
        provider: row.provider as string,
        status: row.status as PaymentStatus,
        providerSessionId: row.provider_session_id as string,
        expiresAt: row.expires_at as Date | null,
        checkFailures: row.check_failures as number,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Reads one claimed attempt back from its provider (no transaction open) and applies what changed. */
  private async reconcile(payment: ClaimedAttempt, report: ReconcileReport): Promise<void> {
    report.checkoutsChecked++;
    let moved: { from: PaymentStatus; to: PaymentStatus } | undefined;
    try {
      const provider = this.providers.get(payment.provider);
      let snapshot = await provider.retrieveCheckout(payment.providerSessionId!);
      // Approved and never taken (the return and the webhook both lost): take it now, unless it
      // is past its expiry (then it is closed below, and the approval lapses).
      if (snapshot.status === 'approved') snapshot = (await this.completion.complete(payment)) ?? snapshot;
      const result = await this.completion.apply(snapshot, 'reconciler');
      if (result?.attempt) moved = { from: result.attempt.from, to: result.attempt.to };
      else if (!result && this.pastExpiry(payment)) {
        // Its provider keeps it open (PayPal orders have no expiry orderpay sets, nor a void):
        // orderpay closes it, and never takes a payment approved on it afterwards.
        const closed = await closeAttempt(
          this.dataSource.manager,
          this.metrics,
          provider,
          payment as Payment,
          'expired',
          'reconciler',
        );
        if (closed === 'closed') moved = { from: payment.status, to: 'expired' };
      }
    } catch (error) {
      // "No such session" ends the attempt only when the read before failed too: one answer of
      // it across every attempt is what wrong keys deployed for a minute look like.
      const missing = error instanceof ProviderError && error.kind === 'not_found';
      if (!missing || payment.checkFailures === 0) {
        report.errors++;
        await this.readFailed(payment, error);
        return;
      }
      const to = await endMissingSession(this.dataSource.manager, this.metrics, payment, 'reconciler');
      if (to) moved = { from: payment.status, to };
    }
    // Counted by the run whose transaction moved it: an overlapping run that read it too counts nothing.
    if (!moved) {
      await this.checkLater(payment);
      return;
    }
    report.checkoutsChanged++;
    if (report.changes.length < MAX_LISTED_CHANGES)
      report.changes.push({ paymentId: payment.id, orderId: payment.orderId, ...moved });
  }

  /** An open attempt whose expiry passed a while ago (Stripe expires its sessions itself by then). */
  private pastExpiry(payment: ClaimedAttempt): boolean {
    return (
      payment.status === 'open' &&
      payment.expiresAt !== null &&
      payment.expiresAt.getTime() + CLOSE_AFTER_EXPIRY_MS < Date.now()
    );
  }

  /** Still waiting (a bank debit takes days, a customer has the page open): read it again later. */
  private async checkLater(payment: ClaimedAttempt): Promise<void> {
    // Times from PostgreSQL's clock, the one the claims compare with. An open session is read at
    // its expiry (or a few minutes on, if the provider has not expired it yet), at the latest
    // after RECONCILE_AFTER_MINUTES of quiet; a processing one after that quiet.
    await this.dataSource.query(
      `UPDATE payments SET check_failures = 0, next_check_at = CASE
         WHEN status = 'open' THEN LEAST(
           now() + make_interval(mins => $2),
           GREATEST(COALESCE(expires_at, now()), now() + make_interval(secs => $3)))
         ELSE now() + make_interval(mins => $2) END
       WHERE id = $1 AND status = $4`,
      [payment.id, this.config.payments.reconcileAfterMinutes, OPEN_PAST_EXPIRY_RECHECK_SECONDS, payment.status],
    );
  }

  /** Backs off on this row alone (1, 2, 4... minutes, at most an hour) and flags its order once it keeps failing. */
  private async readFailed(payment: ClaimedAttempt, error: unknown): Promise<void> {
    const failures = payment.checkFailures + 1;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn({ err: error, paymentId: payment.id, failures }, 'Could not reconcile a checkout');
    await this.dataSource.query(
      `UPDATE payments SET check_failures = $2, next_check_at = now() + make_interval(secs => $3)
       WHERE id = $1 AND status = $4`,
      [payment.id, failures, Math.min(60 * 2 ** (failures - 1), 3600), payment.status],
    );
    if (failures !== FLAG_AFTER_FAILURES) return;
    await this.orders.flag(this.dataSource.manager, payment.orderId, 'payment_unreadable', payment.providerSessionId!, {
      paymentId: payment.id,
      failures,
      lastError: message.slice(0, 300),
    });
  }
}
