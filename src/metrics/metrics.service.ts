import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { AfterCommitMetrics } from './after-commit';
import { registerPoolGauges } from './pool-gauges';

/** The app's own prom-client registry: one per Nest application, so two apps in a process never collide. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** `duplicate`: a redelivery of an event already handled; `rejected`: a bad signature (no type is trusted then). */
export type WebhookOutcome = 'processed' | 'ignored' | 'duplicate' | 'failed' | 'rejected';

/** A row that did not exist before: the `from` of its first state. */
export const NEW = 'new';

const RECONCILER_FINDINGS = [
  'checkoutsChecked',
  'checkoutsChanged',
  'abandonedAttemptsFailed',
  'refundsSubmitted',
  'refundsChecked',
  'errors',
] as const;
type ReconcilerFinding = (typeof RECONCILER_FINDINGS)[number];

/**
 * Every application metric, behind methods named for what happened. Labels only ever carry
 * bounded, non-personal values (route templates, providers, event types, statuses): never an
 * id, an email or a raw URL, which would leak data and grow the series without end.
 */
@Injectable()
export class MetricsService {
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly webhookEvents: Counter<'provider' | 'type' | 'outcome'>;
  private readonly paymentTransitions: Counter<'provider' | 'from' | 'to'>;
  private readonly refundTransitions: Counter<'from' | 'to'>;
  private readonly reconcilerRuns: Counter<'outcome'>;
  private readonly reconcilerDuration: Histogram;
  private readonly reconcilerFindings: Counter<'kind'>;
  private readonly reconcilerLastRun: Gauge;
  private readonly afterCommit: AfterCommitMetrics;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, @InjectDataSource() dataSource: DataSource) {
    const registers = [registry];
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status code (health probes, scrapes and docs left out)',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.webhookEvents = new Counter({
      name: 'orderpay_webhook_events_total',
      help: 'Webhook deliveries by provider, event type and outcome',
      labelNames: ['provider', 'type', 'outcome'],
      registers,
    });
    this.paymentTransitions = new Counter({
      name: 'orderpay_payment_transitions_total',
      help: 'Payment attempts moved from one status to another (from="new": attempts created), counted once committed',
      labelNames: ['provider', 'from', 'to'],
      registers,
    });
    this.refundTransitions = new Counter({
      name: 'orderpay_refund_transitions_total',
      help: 'Refunds moved from one status to another (from="new": refunds recorded), counted once committed',
      labelNames: ['from', 'to'],
      registers,
    });
    this.reconcilerRuns = new Counter({
      name: 'orderpay_reconciler_runs_total',
      help: 'Reconciler runs on this instance: completed or failed',
      labelNames: ['outcome'],
      registers,
    });
    this.reconcilerDuration = new Histogram({
      name: 'orderpay_reconciler_run_duration_seconds',
      help: 'Duration of completed reconciler runs',
      buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    });
    this.reconcilerFindings = new Counter({
      name: 'orderpay_reconciler_findings_total',
      help: 'What reconciler runs found: checkouts checked and changed, abandoned attempts failed, refunds submitted and checked, errors',
      labelNames: ['kind'],
      registers,
    });
    this.reconcilerLastRun = new Gauge({
      name: 'orderpay_reconciler_last_completed_run_timestamp_seconds',
      help: 'When a reconciler run last completed on this instance (Unix time): alert when it stops moving',
      registers,
    });
    registerPoolGauges(registry, dataSource);
    this.afterCommit = new AfterCommitMetrics(dataSource);
  }

  /** Returns the function that ends the measurement once the answer is sent. */
  startHttpRequest(): (method: string, route: string, statusCode: number) => void {
    const end = this.httpDuration.startTimer();
    return (method, route, statusCode) => end({ method, route, status_code: String(statusCode) });
  }

  webhookEvent(provider: string, type: string, outcome: WebhookOutcome): void {
    this.webhookEvents.inc({ provider, type: boundedEventType(type), outcome });
  }

  /**
   * Counted when the transaction `manager` belongs to commits (at once without one), so a
   * rolled-back webhook and its retry count once.
   */
  paymentTransition(manager: EntityManager | undefined, provider: string, from: string, to: string, count = 1): void {
    if (count > 0) this.afterCommit.run(manager, () => this.paymentTransitions.inc({ provider, from, to }, count));
  }

  refundTransition(manager: EntityManager | undefined, from: string, to: string): void {
    this.afterCommit.run(manager, () => this.refundTransitions.inc({ from, to }));
  }

  reconcilerRun(report: { durationMs: number } & Record<ReconcilerFinding, number>): void {
    this.reconcilerRuns.inc({ outcome: 'completed' });
    this.reconcilerDuration.observe(report.durationMs / 1000);
    for (const kind of RECONCILER_FINDINGS) this.reconcilerFindings.inc({ kind: snakeCase(kind) }, report[kind]);
    this.reconcilerLastRun.setToCurrentTime();
  }

  reconcilerFailed(): void {
    this.reconcilerRuns.inc({ outcome: 'failed' });
  }
}

/**
 * Event types come from signed events only, but a label must stay bounded whatever arrives:
 * anything not shaped like a provider's event type is counted under one name.
 */
function boundedEventType(type: string): string {
  return /^[a-z][a-z0-9_.]{0,79}$/.test(type) ? type : 'unrecognized';
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
