import fc from 'fast-check';
import type { Response } from 'supertest';
import { OpenApiResponses } from '../../support/openapi-responses';
import type { Payload } from './bodies';
import { BodyShape, bodyShapeRefusal, prototypeKeyRefusal, queryRefusal } from './input-rules';
import { describeRequest, describeResponse, Failure, failureKind, failureMessage, keepGoingSummary } from './report';
import { fuzzSettings } from './settings';
import { Fingerprint, fingerprintChanges, PoolRef, resolvePoolRefs, World } from './world';

export type Method = 'GET' | 'POST' | 'PATCH';

/** One generated request, before pool references (and, for webhooks, the signature) are filled in. */
export interface FuzzCase {
  method: Method;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Why the app must refuse this one whatever its state (a body it cannot read, an id that does not exist). */
  mustRefuse?: string;
  /** Families with their own rules (webhooks) keep what they need here. */
  meta?: Record<string, unknown>;
  /**
   * Pool orders the case aims at without naming them in its path (a webhook names its order's
   * payment inside the signed body): replaced when spent, like those in the path.
   */
  targets?: PoolRef[];
}

/** The request exactly as sent. */
export interface SentRequest extends FuzzCase {
  body?: Buffer;
}

export interface Outcome {
  request: SentRequest;
  response: Response;
  before: Fingerprint;
  after: Fingerprint;
}

export interface Family {
  name: string;
  arbitrary: fc.Arbitrary<FuzzCase>;
  /**
   * Turns a case into the request to send, just before it is sent: webhooks read their target's
   * current rows here and sign (signatures carry the time).
   */
  prepare?: (request: SentRequest) => SentRequest | Promise<SentRequest>;
  /** The family's own rules; default `standardProblems`. */
  judge?: (outcome: Outcome, world: World) => string[] | Promise<string[]>;
  /** How long a successful write may keep causing effects (a refund settling at Stripe, then its webhook). */
  settleMs?: number;
  /** A line printed after the family's run: how far its cases reached (what they paid, refunded...). */
  summary?: () => string;
}

export interface FamilyStats {
  cases: number;
  ok2xx: number;
  client4xx: number;
  server5xx: number;
  other: number;
  refusedWithWrite: number;
  failures: number;
}

export const newStats = (): FamilyStats => ({
  cases: 0,
  ok2xx: 0,
  client4xx: 0,
  server5xx: 0,
  other: 0,
  refusedWithWrite: 0,
  failures: 0,
});

const ERROR_CODE = /^[A-Z][A-Z_]+$/;

/** The one error shape: `{statusCode, error, message, code}` as JSON, statusCode equal to the HTTP status. */
export function errorShapeProblems(response: Response): string[] {
  const type = String(response.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) return [`error shape: not JSON (Content-Type ${JSON.stringify(type)})`];
  const body = response.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return ['error shape: body is not a JSON object'];
  const problems: string[] = [];
  if (body.statusCode !== response.status)
    problems.push(
      `error shape: statusCode ${JSON.stringify(body.statusCode)} is not the HTTP status ${response.status}`,
    );
  if (typeof body.error !== 'string') problems.push('error shape: error is not a string');
  if (typeof body.message !== 'string' || body.message.trim() === '')
    problems.push('error shape: message is not a non-empty string');
  if (typeof body.code !== 'string' || !ERROR_CODE.test(body.code))
    problems.push(`error shape: code ${JSON.stringify(body.code)} does not match ${ERROR_CODE}`);
  return problems;
}

/** The rules for every route but the webhook: no 5xx; a 4xx has the error shape and wrote nothing. */
export function standardProblems({ request, response, before, after }: Outcome): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`server error: status ${response.status} for a client's input`);
  else if (response.status < 200 || (response.status >= 300 && response.status < 400))
    problems.push(`unexpected status: ${response.status}`);
  if (response.status >= 400 && response.status < 500) {
    problems.push(...errorShapeProblems(response));
    const changes = fingerprintChanges(before, after);
    if (changes.length) problems.push(`refused but wrote: ${changes.join(', ')}`);
  }
  if (request.mustRefuse && response.status < 300)
    problems.push(`accepted what must be refused: ${response.status}, though ${request.mustRefuse}`);
  return problems;
}

let document: OpenApiResponses | undefined;

/** Whatever the family's rules, every answer is one docs/openapi.json describes for its route and status. */
function documentProblems(request: SentRequest, response: Response): string[] {
  document ??= OpenApiResponses.fromFile();
  const verdict = document.check({
    method: request.method,
    url: request.path,
    status: response.status,
    contentType: response.headers['content-type'],
    text: response.text,
    body: response.body,
  });
  return verdict.problems.map((problem) => `not in docs/openapi.json: ${problem.message}`);
}

async function send(world: World, request: SentRequest): Promise<Response> {
  let call = world.t
    .http()
    [request.method === 'GET' ? 'get' : request.method === 'POST' ? 'post' : 'patch'](request.path);
  call = call.timeout(15_000).set(request.headers);
  if (request.body === undefined) return call;
  // Bytes as generated: a Buffer gets no Content-Type added (a string would get one), and the
  // identity serializer stops superagent from JSON-encoding the Buffer itself for JSON types.
  return call.serialize((body: unknown) => body as string).send(request.body);
}

/** One family: `runs` generated cases under fc.assert, each sent, judged, and counted. */
export async function runFamily(world: World, family: Family, stats: FamilyStats): Promise<void> {
  const { seed, runs, keepGoing } = fuzzSettings();
  process.stdout.write(
    `[fuzz] family ${family.name}: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}${keepGoing ? ' FUZZ_KEEP_GOING=1' : ''}\n`,
  );
  const judge = family.judge ?? standardProblems;
  const failures: Failure[] = [];
  let baseline = await world.settle();

  const property = fc.asyncProperty(family.arbitrary, async (fuzzCase) => {
    const { path, used: inPath } = resolvePoolRefs(world, fuzzCase.path);
    const used = [...inPath, ...(fuzzCase.targets ?? [])];
    const body = typeof fuzzCase.body === 'string' ? Buffer.from(fuzzCase.body, 'utf8') : fuzzCase.body;
    // A rule every route shares, so no generator has to remember it.
    const mustRefuse = fuzzCase.mustRefuse ?? queryRefusal(path);
    const unprepared: SentRequest = { ...fuzzCase, path, body, ...(mustRefuse ? { mustRefuse } : {}) };
    const request = family.prepare ? await family.prepare(unprepared) : unprepared;
    let response: Response;
    try {
      response = await send(world, request);
    } catch (error) {
      // No HTTP answer at all (socket reset, timeout): as much a failure as a 500.
      stats.cases++;
      stats.failures++;
      throw new Error(failureMessage(world, family, request, `no HTTP answer: ${String(error)}`, ['no HTTP answer']), {
        cause: error,
      });
    }
    const before = baseline;
    const after = await world.fingerprint();
    const problems = [
      ...(await judge({ request, response, before, after }, world)),
      ...documentProblems(request, response),
    ];

    stats.cases++;
    const status = response.status;
    if (status >= 200 && status < 300) stats.ok2xx++;
    else if (status >= 400 && status < 500) stats.client4xx++;
    else if (status >= 500) stats.server5xx++;
    else stats.other++;
    if (status >= 400 && status < 500 && fingerprintChanges(before, after).length) stats.refusedWithWrite++;

    baseline = after;
    if (status < 300 && request.method !== 'GET') {
      // A write that succeeded may go on (Stripe answers by webhook); spent orders are replaced.
      baseline = await world.settle(family.settleMs ?? 0);
      for (const { pool, index } of used) {
        // A new paid order comes with its own Stripe events: wait for them too.
        if (await world.replenish(pool, index)) baseline = await world.settle(pool === 'paid' ? 50 : 0);
      }
    }
    if (problems.length === 0) return;
    stats.failures++;
    const message = failureMessage(world, family, request, describeResponse(response), problems, before, after);
    if (!keepGoing) throw new Error(message);
    failures.push({ kind: failureKind(family, request, response, problems), message, size: request.body?.length ?? 0 });
    // A failed request may have left writes behind (a 500 after a partial write): start clean.
    baseline = await world.settle(family.settleMs ?? 0);
  });

  // endOnFailure: no shrinking. Each case is an HTTP round trip against a stateful app, so shrinking
  // would replay hundreds of requests on a database the failing one already changed.
  try {
    await fc.assert(property, { seed, numRuns: runs, endOnFailure: true });
  } finally {
    if (family.summary) process.stdout.write(`[fuzz] family ${family.name}: ${family.summary()}\n`);
  }
  if (failures.length) throw new Error(keepGoingSummary(family, failures));
}

/** Gives a case a short printable form, so fast-check's own report does not dump 60 kB bodies. */
export const printable = (fuzzCase: FuzzCase): FuzzCase =>
  Object.defineProperty(fuzzCase, fc.toStringMethod, { value: () => describeRequest(fuzzCase), enumerable: false });

/**
 * Builds a case from a payload (body plus the headers that go with it). A route that reads a body
 * must refuse one its JSON parser did not read, and with `shape` (its DTO's keys) one that is not
 * an object of those keys; `ignoresBody` routes (cancel) need not, but no route takes a prototype key.
 */
export function withPayload(
  method: Method,
  path: string,
  headers: Record<string, string>,
  payload: Payload,
  options: { mustRefuse?: string; ignoresBody?: boolean; shape?: BodyShape } = {},
): FuzzCase {
  const all = {
    ...headers,
    ...(payload.headers ?? {}),
    ...(payload.contentType !== undefined ? { 'Content-Type': payload.contentType } : {}),
  };
  const unreadable =
    payload.unreadable && !options.ignoresBody
      ? `a body the JSON parser does not read (${payload.unreadable})`
      : undefined;
  // Every JSON body is parsed and checked for prototype keys, even where the route reads none.
  const shapeRule =
    options.shape && !options.ignoresBody ? bodyShapeRefusal(payload, options.shape) : prototypeKeyRefusal(payload);
  const reason = options.mustRefuse ?? unreadable ?? shapeRule;
  return printable({ method, path, headers: all, body: payload.body, ...(reason ? { mustRefuse: reason } : {}) });
}
