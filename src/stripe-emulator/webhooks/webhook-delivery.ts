import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EmulatedEvent } from '../objects/event.object';
import type { EmulatorLogger } from '../support/logger';
import type { Timers } from '../support/timers';
import { signatureHeader } from './signature';

export interface RetryPolicy {
  /** Tries per event, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each next one. */
  baseDelayMs: number;
  /** A try with no answer within this time counts as failed. */
  timeoutMs: number;
}

/** One try to deliver one event, as the delivery log reports it. */
export interface DeliveryAttempt {
  eventId: string;
  type: string;
  attempt: number;
  url: string;
  /** The receiver's HTTP status; null when it did not answer. */
  statusCode: number | null;
  /** Why the try failed when there was no answer (connection refused, timeout). */
  error: string | null;
  delivered: boolean;
  durationMs: number;
  at: string;
}

/** `fifo`: the order the events were made; `reversed`; or explicit event ids first. */
export type ReleaseOrder = 'fifo' | 'reversed' | readonly string[];

export class UnknownHeldEventError extends Error {}

/** How one provider puts an event on the wire: what differs between Stripe's and PayPal's deliveries. */
export interface DeliveryFormat<E> {
  /** The event's id and type, as the delivery log reports them. */
  describe(event: E): { id: string; type: string };
  /** One try's body and headers: signed afresh on every try, as the providers do. */
  request(event: E): { body: string; headers: Record<string, string> };
}

/** The receiver's answer to one try, whole: for a test that checks what the app answers its provider. */
export interface DeliveryAnswer {
  url: string;
  statusCode: number;
  contentType?: string;
  body: string;
}

export interface WebhookDeliveryOptions<E> {
  format: DeliveryFormat<E>;
  url?: string;
  retry: RetryPolicy;
  log: EmulatorLogger;
  timers: Timers;
  onAnswer?: (answer: DeliveryAnswer) => void;
}

/**
 * Stripe's wire format (and `stripe listen --forward-to`'s): pretty-printed JSON with a fresh
 * `Stripe-Signature` over those exact bytes.
 */
export function stripeDeliveryFormat(secret: string): DeliveryFormat<EmulatedEvent> {
  return {
    describe: (event) => ({ id: event.id, type: event.type }),
    request: (event) => {
      const body = JSON.stringify(event, null, 2);
      return {
        body,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signatureHeader(body, secret, Math.floor(Date.now() / 1000)),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Cache-Control': 'no-cache',
          Accept: '*/*; q=0.5, application/xml',
        },
      };
    },
  };
}

/**
 * Sends events the way a provider does: POSTed in its wire format, retried with exponential
 * backoff on a non-2xx answer or no answer. Sending never blocks the caller: API answers go out
 * while deliveries run. Events are delivered independently of each other, so (as with the
 * providers) their order of arrival is not guaranteed; `hold`/`release` let tests choose an
 * order on purpose.
 */
export class WebhookDelivery<E extends { id: string } = EmulatedEvent> {
  private url: string | undefined;
  private held: E[] | undefined;
  private readonly attemptsLog: DeliveryAttempt[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly openRequests = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: WebhookDeliveryOptions<E>) {
    this.url = options.url;
  }

  get webhookUrl(): string | undefined {
    return this.url;
  }

  setUrl(url: string | undefined): void {
    if (url !== undefined) new URL(url); // throws on a malformed URL, before any event needs it
    this.url = url;
  }

  /** Queues the event while held; otherwise starts delivering it. */
  send(event: E): void {
    if (this.held) {
      this.held.push(event);
      return;
    }
    void this.start(event);
  }

  /** From now on events wait in a queue until `release`. */
  hold(): void {
    this.held ??= [];
  }

  heldEventIds(): string[] {
    return (this.held ?? []).map((event) => event.id);
  }

  /**
   * Stops holding and delivers the queue one event after another, each after the previous
   * one's first try has been answered, so the receiver sees them in the chosen order.
   * Resolves with the event ids in the order sent.
   */
  async release(order: ReleaseOrder = 'fifo'): Promise<string[]> {
    const queued = this.held ?? [];
    const ordered = arrange(queued, order);
    this.held = undefined;
    for (const event of ordered) await this.start(event);
    return ordered.map((event) => event.id);
  }

  attempts(): DeliveryAttempt[] {
    return this.attemptsLog.map((attempt) => ({ ...attempt }));
  }

  /** Resolves once every delivery started so far has finished its tries. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Forgets the log and the held queue (and stops holding); deliveries in flight go on. */
  reset(): void {
    this.attemptsLog.length = 0;
    this.held = undefined;
  }

  /** Aborts requests in flight; pending retries are cancelled by `Timers.close()`. */
  close(): void {
    this.closed = true;
    for (const abort of this.openRequests) abort();
    this.openRequests.clear();
  }

  /** Runs every try of one event in the background; resolves after the first try. */
  private start(event: E): Promise<void> {
    let firstTryDone!: () => void;
    const firstTry = new Promise<void>((resolve) => (firstTryDone = resolve));
    const run = this.deliverWithRetries(event, firstTryDone).finally(() => {
      firstTryDone();
      this.running.delete(run);
    });
    this.running.add(run);
    return firstTry;
  }

  private async deliverWithRetries(event: E, firstTryDone: () => void): Promise<void> {
    const { retry, log, timers } = this.options;
    for (let attempt = 1; attempt <= retry.attempts && !this.closed; attempt++) {
      const url = this.url;
      if (!url) {
        log('webhook not sent: no webhook URL configured', {
          eventId: event.id,
          type: this.options.format.describe(event).type,
        });
        return;
      }
      const result = await this.tryOnce(event, url, attempt);
      this.attemptsLog.push(result);
      const willRetry = !result.delivered && attempt < retry.attempts && !this.closed;
      log('webhook delivery attempt', {
        eventId: result.eventId,
        type: result.type,
        attempt,
        maxAttempts: retry.attempts,
        url,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
        outcome: result.delivered ? 'delivered' : willRetry ? 'will_retry' : 'gave_up',
      });
      if (attempt === 1) firstTryDone();
      if (!willRetry) return;
      const stillOpen = await timers.sleep(retry.baseDelayMs * 2 ** (attempt - 1));
      if (!stillOpen) return;
    }
  }

  private tryOnce(event: E, url: string, attempt: number): Promise<DeliveryAttempt> {
    const { body, headers } = this.options.format.request(event);
    const { id, type } = this.options.format.describe(event);
    const startedAt = Date.now();
    const result = (statusCode: number | null, error: string | null): DeliveryAttempt => ({
      eventId: id,
      type,
      attempt,
      url,
      statusCode,
      error,
      delivered: statusCode !== null && statusCode >= 200 && statusCode < 300,
      durationMs: Date.now() - startedAt,
      at: new Date(startedAt).toISOString(),
    });

    return new Promise((resolve) => {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      let settled = false;
      const finish = (value: DeliveryAttempt) => {
        if (settled) return;
        settled = true;
        this.openRequests.delete(abort);
        resolve(value);
      };
      // No keep-alive agent: a pooled socket would outlive `close()` and keep jest running.
      const req = send(target, {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
      });
      const abort = () => {
        req.destroy(new Error('emulator closed'));
      };
      this.openRequests.add(abort);
      req.setTimeout(this.options.retry.timeoutMs, () =>
        req.destroy(new Error(`no answer within ${this.options.retry.timeoutMs} ms`)),
      );
      req.on('response', (res) => {
        // Read to the end either way, so the socket closes; kept only for onAnswer.
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => this.options.onAnswer && chunks.push(chunk));
        res.on('end', () => {
          this.options.onAnswer?.({
            url,
            statusCode: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          });
          finish(result(res.statusCode ?? null, null));
        });
        res.on('error', () => finish(result(res.statusCode ?? null, null)));
      });
      req.on('error', (error: NodeJS.ErrnoException) => finish(result(null, error.code ?? error.message)));
      req.end(body);
    });
  }
}

function arrange<E extends { id: string }>(events: E[], order: ReleaseOrder): E[] {
  if (order === 'fifo') return [...events];
  if (order === 'reversed') return [...events].reverse();
  const first: E[] = [];
  const rest = [...events];
  for (const id of order) {
    const index = rest.findIndex((event) => event.id === id);
    if (index === -1) throw new UnknownHeldEventError(`Event ${id} is not held`);
    first.push(...rest.splice(index, 1));
  }
  return [...first, ...rest];
}
