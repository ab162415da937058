import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { failAbandonedAttempts } from './checkout.service';
import { CheckoutOutcome, PaymentEventsService } from './payment-events.service';
import { Payment } from './payment.entity';
import type { CheckoutSnapshot } from './providers/payment-provider';
import { PaymentProviderRegistry } from './providers/payment-provider.registry';
import { RefundsService } from './refunds.service';

/** Any constant all instances agree on: one reconciler run at a time across the fleet. */
const RECONCILER_LOCK_KEY = 7_310_624_002;
/** A refund the provider acknowledged but whose outcome is still unknown after this is read back. */
const REFUND_SETTLE_GRACE_MS = 10 * 60_000;
/** Each run looks at a bounded batch; the next run continues. */
const BATCH_SIZE = 200;

export interface ReconcileReport {
  /** False when another instance held the lock: this run did nothing. */
  ran: boolean;
  checkoutsChecked: number;
  checkoutsChanged: number;
  /** Attempts whose creator died before their session opened, marked failed so they block nothing. */
  abandonedAttemptsFailed: number;
  refundsSubmitted: number;
  refundsChecked: number;
  errors: number;
  durationMs: number;
}

/**
 * Catches up on webhooks that never arrived: it reads attempts left open or processing past
 * their expiry (or for too long) from the provider, and applies what it finds through the same
 * code as the webhook handlers, so a late webhook afterwards (or before) changes nothing twice.
 */
@Injectable()
export class ReconcilerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcilerService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviderRegistry,
    private readonly payments: PaymentEventsService,
    private readonly refunds: RefundsService,
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

  async run(): Promise<ReconcileReport> {
    let report: ReconcileReport;
    try {
      report = await this.runOnce();
    } catch (error) {
      this.metrics.reconcilerFailed();
      throw error;
    }
    this.metrics.reconcilerRun(report);
    return report;
  }

  private async runOnce(): Promise<ReconcileReport> {
    const started = Date.now();
    const report: ReconcileReport = {
      ran: false,
      checkoutsChecked: 0,
      checkoutsChanged: 0,
      abandonedAttemptsFailed: 0,
      refundsSubmitted: 0,
      refundsChecked: 0,
      errors: 0,
      durationMs: 0,
    };
    // A session-level advisory lock lives on one connection: hold that connection for the run.
    const lockRunner = this.dataSource.createQueryRunner();
    await lockRunner.connect();
    try {
      const tryLock = 'SELECT pg_try_advisory_lock($1) AS locked';
      const [{ locked }] = (await lockRunner.query(tryLock, [RECONCILER_LOCK_KEY])) as { locked: boolean }[];
      if (!locked) return { ...report, durationMs: Date.now() - started };
      try {
        report.ran = true;
        await this.reconcileCheckouts(report);
        await this.reconcileRefunds(report);
      } finally {
        await lockRunner.query('SELECT pg_advisory_unlock($1)', [RECONCILER_LOCK_KEY]);
      }
    } finally {
      await lockRunner.release();
    }
    report.durationMs = Date.now() - started;
    if (report.checkoutsChanged || report.abandonedAttemptsFailed || report.refundsSubmitted || report.errors)
      this.logger.log(report, 'Reconciler run');
    return report;
  }

  private async reconcileCheckouts(report: ReconcileReport): Promise<void> {
    report.abandonedAttemptsFailed = await failAbandonedAttempts(this.dataSource.manager, this.metrics);
    const staleBefore = new Date(Date.now() - this.config.payments.reconcileAfterMinutes * 60_000);
    const candidates = await this.dataSource.getRepository(Payment).find({
      where: [
        { status: In(['open', 'processing']), expiresAt: LessThan(new Date()) },
        { status: In(['open', 'processing']), updatedAt: LessThan(staleBefore) },
      ],
      order: { updatedAt: 'ASC' },
      take: BATCH_SIZE,
    });
    for (const payment of candidates) {
      if (!payment.providerSessionId) continue;
      report.checkoutsChecked++;
      try {
        const snapshot = await this.providers.get(payment.provider).retrieveCheckout(payment.providerSessionId);
        const outcome = outcomeOf(snapshot);
        if (!outcome) {
          await this.markChecked(payment);
          continue;
        }
        const result = await this.dataSource.transaction((manager) =>
          this.payments.applyCheckout(manager, snapshot, outcome, 'reconciler'),
        );
        const after = await this.dataSource.getRepository(Payment).findOneByOrFail({ id: payment.id });
        if (after.status !== payment.status) report.checkoutsChanged++;
        else await this.markChecked(payment);
        for (const refundId of result.refundsToSubmit ?? []) await this.refunds.submit(refundId);
      } catch (error) {
        report.errors++;
        this.logger.warn({ err: error, paymentId: payment.id }, 'Could not reconcile a checkout');
      }
    }
  }

  /**
   * Sends an attempt that is still waiting (a bank debit takes days) to the back of the queue,
   * so a batch of those never starves attempts whose webhook was lost.
   */
  private async markChecked(payment: Payment): Promise<void> {
    await this.dataSource
      .getRepository(Payment)
      .update({ id: payment.id, status: payment.status }, { updatedAt: new Date() });
  }

  private async reconcileRefunds(report: ReconcileReport): Promise<void> {
    for (const refundId of await this.refunds.unsubmittedBefore(new Date(Date.now() - 60_000))) {
      try {
        await this.refunds.submit(refundId);
        report.refundsSubmitted++;
      } catch (error) {
        report.errors++;
        this.logger.warn({ err: error, refundId }, 'Could not resubmit a refund');
      }
    }
    for (const refund of await this.refunds.unsettledBefore(new Date(Date.now() - REFUND_SETTLE_GRACE_MS))) {
      report.refundsChecked++;
      try {
        const snapshot = await this.providers.get(refund.payment!.provider).retrieveRefund(refund.providerRefundId!);
        await this.dataSource.transaction((manager) => this.refunds.apply(manager, snapshot, 'reconciler'));
      } catch (error) {
        report.errors++;
        this.logger.warn({ err: error, refundId: refund.id }, 'Could not read back a refund');
      }
    }
  }
}

/** What a webhook would have said about this checkout, or null while nothing has happened. */
function outcomeOf(snapshot: CheckoutSnapshot): CheckoutOutcome | null {
  if (snapshot.status === 'expired') return 'expired';
  if (snapshot.status !== 'complete') return null;
  if (snapshot.paymentStatus === 'paid' || snapshot.paymentStatus === 'no_payment_required') {
    return 'completed';
  }
  // Complete but unpaid: a delayed payment, still running or failed (its intent needs a new method).
  if (snapshot.paymentIntentStatus === 'requires_payment_method' || snapshot.paymentIntentStatus === 'canceled') {
    return 'async_payment_failed';
  }
  return 'completed';
}
