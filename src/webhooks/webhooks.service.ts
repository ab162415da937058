import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findPage, Page } from '../common/dto/pagination.dto';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { MetricsService, WebhookOutcome } from '../metrics/metrics.service';
import { WebhookEventDto, WebhookEventsQueryDto } from './dto/webhook-event.dto';
import { PaymentEventsService } from '../payments/payment-events.service';
import type { ProviderEvent, ReceivedEvent, WebhookHeaders } from '../payments/providers/payment-provider';
import { PaymentProviderRegistry } from '../payments/providers/payment-provider.registry';
import { ProviderError, WebhookSignatureError } from '../payments/providers/provider-errors';
import { PaymentReferencesService } from '../payments/payment-references.service';
import { CheckoutCompletionService } from '../payments/checkout/checkout-completion.service';
import { RefundSubmissionService } from '../payments/refunds/refund-submission.service';
import { RefundsService } from '../payments/refunds/refunds.service';
import { dispatch, EventHandlerMap, eventHandlers } from './event-handlers';
import { WebhookEvent } from './webhook-event.entity';
import { runStatement } from '../database/statements';

export interface WebhookAck {
  received: true;
}

/** Thrown to roll back a transaction whose event another delivery settled first. */
class SettledMeanwhile extends Error {}

interface Processed {
  outcome: Extract<WebhookOutcome, 'processed' | 'ignored' | 'duplicate'>;
  /** The handlers wrote refunds: the refund queue submits them once the transaction has committed. */
  refundsWritten: boolean;
}

/**
 * Verify, store once, handle once. Everything an event changes is written in one transaction
 * with its inbox row: a failure rolls all of it back and answers 5xx, so the provider's retry
 * starts from a clean slate.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly handlers: EventHandlerMap;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly providers: PaymentProviderRegistry,
    payments: PaymentEventsService,
    refunds: RefundsService,
    private readonly references: PaymentReferencesService,
    private readonly completion: CheckoutCompletionService,
    private readonly refundQueue: RefundSubmissionService,
    private readonly metrics: MetricsService,
  ) {
    this.handlers = eventHandlers(payments, refunds);
  }

  async receive(providerName: string, rawBody: Buffer, headers: WebhookHeaders): Promise<WebhookAck> {
    const { event, payload } = await this.verify(providerName, rawBody, headers);
    if (await this.alreadyHandled(providerName, event.id)) {
      // A redelivery (the provider's retry, a duplicate): one read answers it, no transaction.
      this.metrics.webhookEvent(providerName, event.providerType, 'duplicate');
      return { received: true };
    }
    try {
      await this.handle(providerName, event, payload);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'unavailable') {
        // What the event needed from the provider (a capture, a read) could not be had now.
        this.logger.warn(
          { err: error, eventId: event.id, type: event.providerType },
          'Webhook event waits on the provider',
        );
        throw new DomainError(
          ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
          'The payment provider cannot be reached to process the event; it will be retried',
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      }
      this.logger.error(
        { err: error, eventId: event.id, type: event.providerType },
        'Webhook event failed; the provider will retry',
      );
      throw new DomainError(
        ErrorCode.INTERNAL_ERROR,
        'The event could not be processed; it will be retried',
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    }
    return { received: true };
  }

  /**
   * Re-runs a stored event (an admin's replay): one that failed, or one ignored with a reason
   * (orderpay could not use it; after a fix it may). Its signature was verified when it arrived;
   * the same handlers and the same transaction rules apply.
   */
  async replay(inboxId: string): Promise<WebhookEvent> {
    const row = await this.dataSource.getRepository(WebhookEvent).findOneBy({ id: inboxId });
    if (!row)
      throw new DomainError(
        ErrorCode.WEBHOOK_EVENT_NOT_FOUND,
        `Webhook event ${inboxId} not found`,
        HttpStatus.NOT_FOUND,
      );
    const ignoredWithReason = row.status === 'ignored' && row.lastError !== null;
    if (row.status !== 'failed' && row.status !== 'received' && !ignoredWithReason) {
      throw new DomainError(
        ErrorCode.WEBHOOK_EVENT_NOT_REPLAYABLE,
        `Webhook event ${row.eventId} is ${row.status}; only failed events and events ignored with a reason can be replayed`,
        HttpStatus.CONFLICT,
      );
    }
    // Handled again only from `received` (process() skips settled rows); guarded, so two admins
    // replaying at once run it once.
    if (ignoredWithReason)
      await this.dataSource.query(
        `UPDATE webhook_events SET status = 'received' WHERE id = $1 AND status = 'ignored'`,
        [row.id],
      );
    // Under the id it is stored with: an event kept under a hash of its bytes must not become a new row.
    const event = { ...this.providers.get(row.provider).parseStoredEvent(row.payload), id: row.eventId };
    try {
      await this.handle(row.provider, event, row.payload);
    } catch (error) {
      throw new DomainError(
        ErrorCode.INTERNAL_ERROR,
        `Replaying ${row.eventId} failed again: ${error instanceof Error ? error.message : String(error)}`,
        HttpStatus.INTERNAL_SERVER_ERROR,
      );
    }
    return this.dataSource.getRepository(WebhookEvent).findOneByOrFail({ id: inboxId });
  }

  async list(query: WebhookEventsQueryDto): Promise<Page<WebhookEventDto>> {
    const where = query.status ? { status: query.status } : {};
    return findPage(
      this.dataSource.getRepository(WebhookEvent),
      { where, order: { receivedAt: 'DESC', id: 'DESC' } },
      query,
      (row) => WebhookEventDto.from(row),
    );
  }

  async listForOrder(orderId: string): Promise<WebhookEventDto[]> {
    const rows = await this.dataSource
      .getRepository(WebhookEvent)
      .find({ where: { orderId }, order: { receivedAt: 'ASC' } });
    return rows.map((row) => WebhookEventDto.from(row));
  }

  /**
   * One event, delivered or replayed: what it needs from the provider fetched first (no
   * transaction waits on the provider), then handled in its transaction, its outcome counted, a
   * failure kept on its inbox row (then rethrown). Refunds it wrote are submitted by the refund
   * queue after the answer: they are rows, so a crash before that loses nothing.
   */
  private async handle(provider: string, received: ProviderEvent, payload: unknown): Promise<void> {
    let processed: Processed;
    try {
      const event = await this.prepare(received);
      processed = await this.process(provider, event, payload);
    } catch (error) {
      // A copy delivered at the same moment settled the event first, and this one tripped on what
      // it wrote (a unique refund id): its own writes are rolled back, and the event is handled.
      if (await this.alreadyHandled(provider, received.id).catch(() => false)) {
        this.logger.warn(
          { err: error, eventId: received.id, type: received.providerType },
          'Webhook event failed while another delivery of it settled it; answered as a duplicate',
        );
        this.metrics.webhookEvent(provider, received.providerType, 'duplicate');
        return;
      }
      this.metrics.webhookEvent(provider, received.providerType, 'failed');
      await this.recordFailure(provider, received, payload, error);
      throw error;
    }
    this.metrics.webhookEvent(provider, received.providerType, processed.outcome);
    if (processed.refundsWritten) this.refundQueue.kick();
  }

  /**
   * What the event's handler needs from the provider, done before its transaction: for an
   * approval, the payment taken (the event then says what the provider answered); otherwise
   * whether the payment it names is ours, and refunds an event does not list.
   */
  private prepare(event: ProviderEvent): Promise<ProviderEvent> {
    return event.kind === 'checkout.approved' ? this.completion.prepareApproved(event) : this.references.prepare(event);
  }

  private async verify(providerName: string, rawBody: Buffer, headers: WebhookHeaders): Promise<ReceivedEvent> {
    try {
      return await this.providers.get(providerName).verifyWebhook(rawBody, headers);
    } catch (error) {
      if (error instanceof WebhookSignatureError) {
        // Nothing in an unverified body is trusted, its type included.
        this.metrics.webhookEvent(providerName, 'unverified', 'rejected');
        throw new DomainError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, error.message, HttpStatus.BAD_REQUEST);
      }
      if (error instanceof ProviderError) {
        // The provider verifies its own deliveries (PayPal) and could not be asked: it retries.
        this.logger.warn({ err: error, provider: providerName }, 'Could not verify a webhook');
        throw new DomainError(
          ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
          'The delivery could not be verified now; retry later',
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      }
      throw error;
    }
  }

  /** Settled for good (processed, or ignored): a redelivery changes nothing. Replays go through `replay`. */
  private async alreadyHandled(provider: string, eventId: string): Promise<boolean> {
    const rows = await runStatement<unknown[]>(
      this.dataSource.manager,
      `SELECT 1 FROM webhook_events WHERE provider = $1 AND event_id = $2 AND status IN ('processed', 'ignored')`,
      [provider, eventId],
    );
    return rows.length > 0;
  }

  /**
   * The event's handler, then its inbox row with the outcome, in one transaction. The row is
   * written last, in one statement (a new row, or the one an earlier failed try or a replay
   * left): copies of the event delivered at the same moment meet on its unique index there, the
   * first to commit settles it, and the others find it settled and roll back all they did. Their
   * handlers changed nothing anyway: they waited on the same row locks and found every guarded
   * move already made.
   */
  private async process(provider: string, event: ProviderEvent, payload: unknown): Promise<Processed> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const result = await dispatch(this.handlers, manager, event, provider);
        const settled = await runStatement<unknown[]>(
          manager,
          `INSERT INTO webhook_events (provider, event_id, type, payload, status, order_id, attempts, last_error, processed_at)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7, now())
           ON CONFLICT (provider, event_id) DO UPDATE
             SET status = EXCLUDED.status, order_id = EXCLUDED.order_id, attempts = webhook_events.attempts + 1,
                 last_error = EXCLUDED.last_error, processed_at = EXCLUDED.processed_at
             WHERE webhook_events.status NOT IN ('processed', 'ignored')
           RETURNING id`,
          // For an ignored event, why; a processed one clears the error of an earlier failed try.
          [
            provider,
            event.id,
            event.providerType,
            JSON.stringify(payload),
            result.status,
            result.orderId ?? null,
            result.reason ?? null,
          ],
        );
        if (settled.length === 0) throw new SettledMeanwhile();
        return { outcome: result.status, refundsWritten: (result.refundsToSubmit ?? []).length > 0 };
      });
    } catch (error) {
      if (error instanceof SettledMeanwhile) return { outcome: 'duplicate', refundsWritten: false };
      throw error;
    }
  }

  /** Best effort, outside the rolled-back transaction: if the database is down, there is nothing to do. */
  private async recordFailure(provider: string, event: ProviderEvent, payload: unknown, error: unknown): Promise<void> {
    const lastError = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000);
    try {
      await this.dataSource.query(
        `INSERT INTO webhook_events (provider, event_id, type, payload, status, attempts, last_error)
         VALUES ($1, $2, $3, $4, 'failed', 1, $5)
         ON CONFLICT (provider, event_id) DO UPDATE
           SET status = 'failed', attempts = webhook_events.attempts + 1, last_error = EXCLUDED.last_error
           WHERE webhook_events.status NOT IN ('processed', 'ignored')`,
        [provider, event.id, event.providerType, JSON.stringify(payload), lastError],
      );
    } catch (recordError) {
      this.logger.warn({ err: recordError, eventId: event.id }, 'Could not record the webhook failure');
    }
  }
}
