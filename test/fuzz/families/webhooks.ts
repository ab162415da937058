import fc from 'fast-check';
import { signatureFor } from '../../support/payments';
import { errorShapeProblems, Family, Outcome, printable, SentRequest } from '../support/harness';
import { SignatureMode, signatureMode, WEBHOOK_BODY_LIMIT, webhookPayload } from '../support/webhook-events';
import { fingerprintChanges, World } from '../support/world';

/** What only the inbox may change when a signed event is received. */
const INBOX_KEYS = ['webhook_events', 'webhook_events_unsettled', 'webhook_events_updated_at'];

/** Signs at send time: Stripe signatures carry a timestamp the app checks against its clock. */
function sign(world: World, request: SentRequest): SentRequest {
  const mode = request.meta?.signature as SignatureMode;
  const payload = (request.body ?? Buffer.alloc(0)).toString('utf8');
  const headers = { ...request.headers };
  const now = Math.floor(Date.now() / 1000);
  let body = request.body;
  if (mode === 'valid') headers['Stripe-Signature'] = signatureFor(world.t, payload);
  if (mode === 'empty') headers['Stripe-Signature'] = '';
  if (mode === 'wrong-secret')
    headers['Stripe-Signature'] = signatureFor(world.t, payload, { secret: 'whsec_not_the_apps_secret' });
  if (mode === 'stale') headers['Stripe-Signature'] = signatureFor(world.t, payload, { timestamp: now - 3600 });
  if (mode === 'garbage') headers['Stripe-Signature'] = 't=abc,v1=zz,v1=';
  if (mode === 'v0-only') headers['Stripe-Signature'] = signatureFor(world.t, payload).replace(/v1=/g, 'v0=');
  if (mode === 'tampered') {
    // Signed, then changed: still valid JSON, no longer the bytes that were signed.
    headers['Stripe-Signature'] = signatureFor(world.t, payload);
    body = Buffer.concat([body ?? Buffer.alloc(0), Buffer.from(' ')]);
  }
  return { ...request, headers, body };
}

/** The event id as orderpay would store it, when it is a string PostgreSQL can compare. */
function eventIdOf(body: Buffer | undefined): string | undefined {
  try {
    const id = JSON.parse((body ?? '').toString('utf8'))?.id;
    return typeof id === 'string' && !id.includes('\u0000') && !/[\ud800-\udfff]/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A correctly signed event is answered 200 whatever its shape, adds at most one inbox row, leaves
 * it processed or ignored, and changes nothing else (generated events are all unusable). A broken
 * signature is a 400 WEBHOOK_SIGNATURE_INVALID; a body over 512 kB a 413. Refusals write nothing.
 */
async function webhookProblems({ request, response, before, after }: Outcome, world: World): Promise<string[]> {
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
  if ((request.body?.length ?? 0) > WEBHOOK_BODY_LIMIT) {
    refusal(413);
    return problems;
  }
  if (request.meta?.signature !== 'valid') {
    refusal(400, 'WEBHOOK_SIGNATURE_INVALID');
    return problems;
  }
  if (request.meta?.json === false) {
    // Signed bytes that are not JSON are not an event: a 200 (ignored) or a 400 are both fine.
    if (status !== 200 && status !== 400 && status < 500)
      problems.push(`signed non-JSON status: ${status}, expected 200 or 400`);
    if (status === 400) problems.push(...errorShapeProblems(response));
  } else if (status !== 200 && status < 500) {
    problems.push(`signed event not 200: ${status} (an unusable event is stored as ignored and answered 200)`);
    if (status >= 400 && status < 500) problems.push(...errorShapeProblems(response));
  }
  const elsewhere = fingerprintChanges(before, after, INBOX_KEYS);
  if (elsewhere.length) problems.push(`unusable event changed tables besides the inbox: ${elsewhere.join(', ')}`);
  const added = Number(after.webhook_events) - Number(before.webhook_events);
  if (added < 0 || added > 1) problems.push(`inbox rows added: ${added}, expected 0 or 1`);
  if (Number(after.webhook_events_unsettled) > Number(before.webhook_events_unsettled)) {
    problems.push(
      `inbox row left failed or received: ${before.webhook_events_unsettled} -> ${after.webhook_events_unsettled} such rows`,
    );
  }
  const eventId = eventIdOf(request.body);
  if (eventId !== undefined) {
    const rows: { status: string }[] = await world.t.dataSource.query(
      'SELECT status FROM webhook_events WHERE event_id = $1',
      [eventId],
    );
    const bad = rows.filter((row) => row.status !== 'processed' && row.status !== 'ignored');
    if (bad.length)
      problems.push(
        `inbox row status: ${eventId} is ${bad.map((row) => row.status).join(', ')}, expected processed or ignored`,
      );
  }
  return problems;
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
  return {
    name: 'webhooks',
    arbitrary: fc
      .tuple(webhookPayload(world), signatureMode, contentType)
      .map(([{ text, json }, signature, headers]) =>
        printable({ method: 'POST', path: '/webhooks/stripe', headers, body: text, meta: { signature, json } }),
      ),
    prepare: (request) => sign(world, request),
    judge: webhookProblems,
  };
}
