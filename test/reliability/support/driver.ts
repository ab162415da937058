import { createHmac } from 'node:crypto';
import { call, Fleet } from './api';
import { sleep } from './processes';

/** The part of a Stripe event the driver and the checks read. */
export interface StripeEvent {
  id: string;
  type: string;
  data: { object: { id: string; metadata?: Record<string, string>; payment_status?: string } };
}

/** What happened to one event: how many copies were sent, and whether one was acknowledged. */
export interface EventRecord {
  event: StripeEvent;
  copies: number;
  acknowledged: boolean;
  /** A 4xx to a correctly signed event: the app refused something Stripe would keep sending. */
  refusals: string[];
}

/** Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signatureFor(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * Delivers events the way Stripe does: at least once, each copy retried (with backoff, on
 * whichever instance answers) until a 2xx, a fresh signature on every try. Duplicates,
 * reordering and delays are the caller's choice; every copy and every answer is recorded.
 */
export class DeliveryDriver {
  readonly records = new Map<string, EventRecord>();
  /** Every POST sent, retries included. */
  tries = 0;
  /** Copies sent beyond the first of each event. */
  duplicates = 0;
  /** Events delivered in another order than Stripe made them (the caller counts them). */
  reorders = 0;
  /** Copies that found no 2xx within the deadline. */
  gaveUp = 0;

  constructor(
    private readonly fleet: Fleet,
    private readonly secret: string,
    /** How long one copy keeps being retried (an outage of a few seconds must be ridden out). */
    private readonly withinMs = 120_000,
  ) {}

  private record(event: StripeEvent): EventRecord {
    let record = this.records.get(event.id);
    if (!record) {
      record = { event, copies: 0, acknowledged: false, refusals: [] };
      this.records.set(event.id, record);
    }
    return record;
  }

  /** One copy, retried until a 2xx; `target` pins the first try to one instance. */
  async deliver(event: StripeEvent, target?: string): Promise<void> {
    const record = this.record(event);
    if (record.copies++ > 0) this.duplicates++;
    const body = JSON.stringify(event);
    const deadline = Date.now() + this.withinMs;
    for (let attempt = 0; ; attempt++) {
      this.tries++;
      const url = attempt === 0 && target ? target : this.fleet.pick();
      const answer = await call(url, 'POST', '/webhooks/stripe', {
        raw: body,
        headers: { 'content-type': 'application/json', 'stripe-signature': signatureFor(this.secret, body) },
      });
      if (answer.status >= 200 && answer.status < 300) {
        record.acknowledged = true;
        return;
      }
      if (answer.status >= 400 && answer.status < 500) {
        record.refusals.push(`${answer.status} ${JSON.stringify(answer.body)}`);
        return;
      }
      if (Date.now() > deadline) {
        this.gaveUp++;
        return;
      }
      await sleep(Math.min(25 * 2 ** attempt, 1000));
    }
  }

  /** `copies` copies of one event at the same instant, spread over every instance. */
  burst(event: StripeEvent, copies: number): Promise<void> {
    const urls = this.fleet.all();
    return Promise.all(Array.from({ length: copies }, (_, i) => this.deliver(event, urls[i % urls.length]))).then(
      () => undefined,
    );
  }

  /** Events that got a 2xx. */
  acknowledged(): StripeEvent[] {
    return [...this.records.values()].filter((record) => record.acknowledged).map((record) => record.event);
  }

  /** Events never acknowledged, or refused with a 4xx: each is a lost event. */
  unacknowledged(): { id: string; type: string; refusals: string[] }[] {
    return [...this.records.values()]
      .filter((record) => !record.acknowledged || record.refusals.length > 0)
      .map(({ event, refusals }) => ({ id: event.id, type: event.type, refusals }));
  }
}

/** The emulator's events, oldest first, each with the order it belongs to (from its metadata). */
export async function emulatorEvents(emulatorUrl: string): Promise<StripeEvent[]> {
  const answer = await call(emulatorUrl, 'GET', '/_emulator/events');
  if (answer.status !== 200) throw new Error(`GET /_emulator/events: ${answer.status}`);
  return answer.body.data as StripeEvent[];
}

export const orderIdOf = (event: StripeEvent): string | undefined => event.data.object.metadata?.orderId;

/** Deterministic pseudo-random numbers (mulberry32), so a seed repeats a run's schedule. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
