import fc from 'fast-check';
import { errorShapeProblems, Family, Outcome, printable, SentRequest } from '../support/harness';
import { invariantChecker } from '../support/invariants';
import { WEBHOOK_BODY_LIMIT, webhookPayload } from '../support/webhook-events';
import { sign, signatureMode } from '../support/webhook-signatures';
import {
  buildWellFormed,
  Expectation,
  TARGET_SQL,
  TargetRows,
  targetOrderId,
  WellFormedSpec,
  wellFormedSpec,
} from '../support/well-formed-events';
import { Fingerprint, fingerprintChanges, World } from '../support/world';

/** What only the inbox may change when a signed event is received. */
const INBOX_KEYS = ['webhook_events', 'webhook_events_unsettled', 'webhook_events_updated_at'];

/** The event id as orderpay would store it, when it is a string PostgreSQL can compare. */
function eventIdOf(body: Buffer | undefined): string | undefined {
  try {
    const id = JSON.parse((body ?? '').toString('utf8'))?.id;
    return typeof id === 'string' && !id.includes('\u0000') && !/[\ud800-\udfff]/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** What a well-formed case learnt just before it was sent. */
interface WellFormedMeta {
  wellFormed: WellFormedSpec;
  eventId: string;
  expect: Expectation;
  target: TargetRows;
  /** The id was delivered before (short ids repeat): a duplicate changes nothing. */
  repeat: boolean;
}

/** How far the well-formed events reached: a run that never pays or refunds anything tests little. */
class Reached {
  private readonly seen = {
    events: 0,
    checkout: 0,
    refund: 0,
    dispute: 0,
    paid: 0,
    refunds: 0,
    audited: 0,
    longIds: 0,
  };

  count({ wellFormed, expect }: WellFormedMeta, before: Fingerprint, after: Fingerprint): void {
    const grew = (key: string) => Number(after[key]) > Number(before[key]);
    this.seen.events++;
    const kind =
      wellFormed.pool === 'checkout' ? 'checkout' : wellFormed.type.includes('dispute') ? 'dispute' : 'refund';
    this.seen[kind]++;
    if (expect.paid === true) this.seen.paid++;
    if (grew('refunds')) this.seen.refunds++;
    if (grew('order_events')) this.seen.audited++;
    if (wellFormed.field === 'id' && (expect.storedId?.length ?? 0) > 107) this.seen.longIds++;
  }

  toString(): string {
    const s = this.seen;
    return (
      `${s.events} well-formed events (${s.checkout} checkout, ${s.refund} refund, ${s.dispute} dispute): ` +
      `${s.paid} paid an order, ${s.refunds} recorded a refund, ${s.audited} moved an order (audit row), ` +
      `${s.longIds} stored ids of 108 to 255 characters`
    );
  }
}

/** Every delivery's inbox row, whatever the event: settled (processed or ignored), never failed or left received. */
async function inboxProblems(world: World, before: Fingerprint, after: Fingerprint, eventId?: string) {
  const problems: string[] = [];
  const added = Number(after.webhook_events) - Number(before.webhook_events);
  if (added < 0 || added > 1) problems.push(`inbox rows added: ${added}, expected 0 or 1`);
  if (Number(after.webhook_events_unsettled) > Number(before.webhook_events_unsettled)) {
    const change = `${before.webhook_events_unsettled} -> ${after.webhook_events_unsettled}`;
    problems.push(`inbox row left failed or received: ${change} such rows`);
  }
  if (eventId === undefined) return problems;
  const rows: { status: string }[] = await world.t.dataSource.query(
    'SELECT status FROM webhook_events WHERE event_id = $1',
    [eventId],
  );
  const bad = rows.filter((row) => row.status !== 'processed' && row.status !== 'ignored');
  if (bad.length) {
    const statuses = bad.map((row) => row.status).join(', ');
    problems.push(`inbox row status: ${eventId} is ${statuses}, expected processed or ignored`);
  }
  return problems;
}

/**
 * A well-formed event for a pool order: stored under its id when usable, settled as the target's
 * rows say it must be, writing only what such an event may write (for a real refund: a refund row
 * and the refunded amounts), the target order paid exactly when it must be, and every audit row
 * it added caused by `stripe_event:` + its id.
 */
async function wellFormedProblems(
  world: World,
  meta: WellFormedMeta,
  before: Fingerprint,
  after: Fingerprint,
  reached: Reached,
) {
  const { expect, target, eventId, repeat } = meta;
  const problems: string[] = [];
  reached.count(meta, before, after);
  const allowed = repeat ? [] : expect.mayChange;
  const elsewhere = fingerprintChanges(before, after, [...INBOX_KEYS, ...allowed]);
  if (elsewhere.length) {
    const why = repeat ? 'a repeated id' : `it may change only ${['the inbox', ...allowed].join(', ')}`;
    problems.push(`event changed what it may not (${why}): ${elsewhere.join(', ')}`);
  }
  if (repeat) return problems;
  if (expect.storedId !== undefined) {
    const [row]: { status: string; last_error: string | null }[] = await world.t.dataSource.query(
      `SELECT status, last_error FROM webhook_events WHERE provider = 'stripe' AND event_id = $1`,
      [expect.storedId],
    );
    if (!row) problems.push(`not stored under its id: ${eventId.length} characters`);
    else if (!expect.inbox.split(' or ').includes(row.status)) {
      problems.push(`settled as: ${row.status} (${row.last_error ?? 'no error'}), expected ${expect.inbox}`);
    }
  }
  const [order]: { status: string }[] = await world.t.dataSource.query('SELECT status FROM orders WHERE id = $1', [
    target.order_id,
  ]);
  if (expect.paid === true && order.status !== 'paid') problems.push(`order status: ${order.status}, expected paid`);
  if (expect.paid === false && order.status !== target.order_status) {
    problems.push(`order status: ${target.order_status} -> ${order.status}, expected unchanged`);
  }
  const added: { cause: string }[] = await world.t.dataSource.query(
    'SELECT cause FROM order_events WHERE order_id = $1 ORDER BY at OFFSET $2',
    [target.order_id, target.audit_rows],
  );
  const wrong = added.filter((row) => row.cause !== `stripe_event:${eventId}`);
  if (wrong.length) problems.push(`audit cause: ${wrong.map((row) => JSON.stringify(row.cause)).join(', ')}`);
  return problems;
}

/**
 * A correctly signed event is answered 200 whatever its shape, adds at most one inbox row and
 * leaves it processed or ignored. An unusable event changes nothing else; a well-formed one only
 * what it may (wellFormedProblems). A broken signature is a 400 WEBHOOK_SIGNATURE_INVALID; a body
 * over 512 kB a 413. Refusals write nothing. After every case, the money invariants hold.
 */
async function webhookProblems(
  { request, response, before, after }: Outcome,
  world: World,
  invariants: (now: Fingerprint) => Promise<string[]>,
  reached: Reached,
): Promise<string[]> {
  const status = response.status;
  const problems: string[] = status >= 500 ? [`server error: status ${status}`] : [];
  const refusal = (expected: number, code?: string) => {
    if (status !== expected && status < 500)
      problems.push(`refusal status: ${status}, expected ${expected}${code ? ` ${code}` : ''}`);
    if (status >= 400 && status < 500) problems.push(...errorShapeProblems(response));
    if (code && status === expected && response.body?.code !== code)
      problems.push(`refusal code: ${JSON.stringify(response.body?.code)}, expected ${code}`);
    const changes = fingerprintChanges(before, after);
    if (changes.length) problems.push(`refused but wrote: ${changes.join(', ')}`);
  };
  if ((request.body?.length ?? 0) > WEBHOOK_BODY_LIMIT) refusal(413);
  else if (request.meta?.signature !== 'valid') refusal(400, 'WEBHOOK_SIGNATURE_INVALID');
  else if (request.meta?.json === false) {
    // Signed bytes that are not JSON are not an event: a 200 (ignored) or a 400 are both fine.
    if (status !== 200 && status !== 400 && status < 500)
      problems.push(`signed non-JSON status: ${status}, expected 200 or 400`);
    if (status === 400) problems.push(...errorShapeProblems(response));
    problems.push(...(await inboxProblems(world, before, after)));
  } else {
    if (status !== 200 && status < 500) {
      problems.push(
        `signed event not 200: ${status} (an event orderpay cannot use is stored as ignored and answered 200)`,
      );
      if (status >= 400 && status < 500) problems.push(...errorShapeProblems(response));
    }
    const meta = request.meta as Partial<WellFormedMeta>;
    if (meta.wellFormed)
      problems.push(...(await wellFormedProblems(world, meta as WellFormedMeta, before, after, reached)));
    else {
      const elsewhere = fingerprintChanges(before, after, INBOX_KEYS);
      if (elsewhere.length) problems.push(`unusable event changed tables besides the inbox: ${elsewhere.join(', ')}`);
    }
    problems.push(...(await inboxProblems(world, before, after, eventIdOf(request.body))));
  }
  return [...problems, ...(await invariants(after))];
}

/** POST /webhooks/stripe: generated envelopes, signed with the app's secret (or deliberately not). */
export function webhooksFamily(world: World): Family {
  const contentType = fc.oneof(
    { weight: 10, arbitrary: fc.constant<Record<string, string>>({ 'Content-Type': 'application/json' }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Record<string, string>>(
        { 'Content-Type': 'text/plain' },
        {},
        { 'Content-Type': 'application/json; charset=utf-8' },
      ),
    },
  );
  const anyShape = fc
    .tuple(webhookPayload(world), signatureMode, contentType)
    .map(([{ text, json }, signature, headers]) =>
      printable({ method: 'POST', path: '/webhooks/stripe', headers, body: text, meta: { signature, json } }),
    );
  // Built against the target's rows when sent (prepare), so a replaced pool order is aimed at too.
  const wellFormed = wellFormedSpec.map((spec) =>
    printable({
      method: 'POST',
      path: '/webhooks/stripe',
      headers: { 'Content-Type': 'application/json' },
      meta: { signature: 'valid', json: true, wellFormed: spec },
      targets: [{ pool: spec.pool, index: spec.index }],
    }),
  );
  const invariants = invariantChecker(world);
  const reached = new Reached();
  // Ids of every signed delivery so far: a short generated id may repeat one, and a repeat is a duplicate.
  const delivered = new Set<string>();
  const prepare = async (request: SentRequest): Promise<SentRequest> => {
    let prepared = request;
    const spec = request.meta?.wellFormed as WellFormedSpec | undefined;
    if (spec) {
      const [target]: TargetRows[] = await world.t.dataSource.query(TARGET_SQL, [targetOrderId(world, spec)]);
      const { body, eventId, expect } = buildWellFormed(spec, target);
      const meta = { ...request.meta, eventId, expect, target, repeat: delivered.has(eventId) };
      prepared = { ...request, body: Buffer.from(body, 'utf8'), meta };
    }
    const eventId = eventIdOf(prepared.body);
    if (eventId !== undefined && prepared.meta?.signature === 'valid') delivered.add(eventId);
    return sign(world, prepared);
  };
  return {
    name: 'webhooks',
    arbitrary: fc.oneof({ weight: 5, arbitrary: anyShape }, { weight: 2, arbitrary: wellFormed }),
    prepare,
    judge: (outcome) => webhookProblems(outcome, world, invariants, reached),
    summary: () => reached.toString(),
  };
}
