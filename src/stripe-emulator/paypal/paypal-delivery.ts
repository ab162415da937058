import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EmulatorLogger } from '../support/logger';
import type { Timers } from '../support/timers';
import type { DeliveryAttempt, ReleaseOrder, RetryPolicy } from '../webhooks/webhook-delivery';
import { UnknownHeldEventError } from '../webhooks/webhook-delivery';
import type { PayPalEvent } from './paypal-events';

export interface PayPalDeliveryOptions {
  url?: string;
  retry: RetryPolicy;
  log: EmulatorLogger;
  timers: Timers;
  /** PayPal's transmission headers for one try of one body: a new transmission every try. */
  transmissionHeaders(body: string): Record<string, string>;
}

/**
 * Delivers PayPal events as PayPal does: compact JSON POSTed with the `PAYPAL-TRANSMISSION-*`
 * headers, retried with exponential backoff on a non-2xx answer or none. The same contract as
 * the Stripe side's WebhookDelivery (hold/release/attempts/idle), whose Stripe signing and event
 * type keep it from being shared as it stands.
 */
export class PayPalDelivery {
  private url: string | undefined;
  private held: PayPalEvent[] | undefined;
  private readonly attemptsLog: DeliveryAttempt[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly openRequests = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: PayPalDeliveryOptions) {
    this.url = options.url;
  }

  get webhookUrl(): string | undefined {
    return this.url;
  }

  setUrl(url: string | undefined): void {
    if (url !== undefined) new URL(url); // throws on a malformed URL, before any event needs it
    this.url = url;
  }

  send(event: PayPalEvent): void {
    if (this.held) this.held.push(event);
    else void this.start(event);
  }

  hold(): void {
    this.held ??= [];
  }

  heldEventIds(): string[] {
    return (this.held ?? []).map((event) => event.id);
  }

  /** Delivers the queue in the chosen order, each after the previous one's first try. */
  async release(order: ReleaseOrder = 'fifo'): Promise<string[]> {
    const ordered = arrange(this.held ?? [], order);
    this.held = undefined;
    for (const event of ordered) await this.start(event);
    return ordered.map((event) => event.id);
  }

  attempts(): DeliveryAttempt[] {
    return this.attemptsLog.map((attempt) => ({ ...attempt }));
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  reset(): void {
    this.attemptsLog.length = 0;
    this.held = undefined;
  }

  close(): void {
    this.closed = true;
    for (const abort of this.openRequests) abort();
    this.openRequests.clear();
  }

  private start(event: PayPalEvent): Promise<void> {
    let firstTryDone!: () => void;
    const firstTry = new Promise<void>((resolve) => (firstTryDone = resolve));
    const run = this.deliverWithRetries(event, firstTryDone).finally(() => {
      firstTryDone();
      this.running.delete(run);
    });
    this.running.add(run);
    return firstTry;
  }

  private async deliverWithRetries(event: PayPalEvent, firstTryDone: () => void): Promise<void> {
    const { retry, log, timers } = this.options;
    for (let attempt = 1; attempt <= retry.attempts && !this.closed; attempt++) {
      const url = this.url;
      if (!url) {
        log('paypal webhook not sent: no webhook URL configured', { eventId: event.id, type: event.event_type });
        return;
      }
      const result = await this.tryOnce(event, url, attempt);
      this.attemptsLog.push(result);
      const willRetry = !result.delivered && attempt < retry.attempts && !this.closed;
      log('paypal webhook delivery attempt', {
        ...result,
        maxAttempts: retry.attempts,
        outcome: result.delivered ? 'delivered' : willRetry ? 'will_retry' : 'gave_up',
      });
      if (attempt === 1) firstTryDone();
      if (!willRetry) return;
      if (!(await timers.sleep(retry.baseDelayMs * 2 ** (attempt - 1)))) return;
    }
  }

  private tryOnce(event: PayPalEvent, url: string, attempt: number): Promise<DeliveryAttempt> {
    // PayPal posts compact JSON; the signature's CRC32 covers these exact bytes.
    const body = JSON.stringify(event);
    const startedAt = Date.now();
    const result = (statusCode: number | null, error: string | null): DeliveryAttempt => ({
      eventId: event.id,
      type: event.event_type,
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
      const req = send(target, {
        method: 'POST',
        agent: false, // a pooled socket would outlive close() and keep jest running
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'PayPal/AUHD-214.0-58843389',
          ...this.options.transmissionHeaders(body),
        },
      });
      const abort = () => req.destroy(new Error('emulator closed'));
      this.openRequests.add(abort);
      req.setTimeout(this.options.retry.timeoutMs, () =>
        req.destroy(new Error(`no answer within ${this.options.retry.timeoutMs} ms`)),
      );
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => finish(result(res.statusCode ?? null, null)));
        res.on('error', () => finish(result(res.statusCode ?? null, null)));
      });
      req.on('error', (error: NodeJS.ErrnoException) => finish(result(null, error.code ?? error.message)));
      req.end(body);
    });
  }
}

function arrange(events: PayPalEvent[], order: ReleaseOrder): PayPalEvent[] {
  if (order === 'fifo') return [...events];
  if (order === 'reversed') return [...events].reverse();
  const first: PayPalEvent[] = [];
  const rest = [...events];
  for (const id of order) {
    const index = rest.findIndex((event) => event.id === id);
    if (index === -1) throw new UnknownHeldEventError(`Event ${id} is not held`);
    first.push(...rest.splice(index, 1));
  }
  return [...first, ...rest];
}
