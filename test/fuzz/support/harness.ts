import fc from 'fast-check';
import type { Response } from 'supertest';
import type { Payload } from './bodies';
import { fuzzSettings } from './settings';
import { Fingerprint, fingerprintChanges, resolvePoolRefs, World } from './world';

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
  /** Turns a case into the request to send (webhooks sign here: signatures carry the time). */
  prepare?: (request: SentRequest) => SentRequest;
  /** The family's own rules; default `standardProblems`. */
  judge?: (outcome: Outcome, world: World) => string[] | Promise<string[]>;
  /** How long a successful write may keep causing effects (a refund settling at Stripe, then its webhook). */
  settleMs?: number;
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

const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/** Escaped, so NUL, lone surrogates and control characters are visible in CI output. */
export function describeRequest(request: FuzzCase): string {
  const body =
    request.body === undefined
      ? '(none)'
      : `${Buffer.byteLength(request.body)} bytes: ${truncate(JSON.stringify(request.body.toString()), 500)}`;
  const notes = [
    ...(request.meta ? [`  generated as: ${JSON.stringify(request.meta)}`] : []),
    ...(request.mustRefuse ? [`  must be refused: ${request.mustRefuse}`] : []),
  ];
  return [
    `${request.method} ${truncate(request.path, 500)}`,
    `  headers: ${JSON.stringify(request.headers)}`,
    `  body: ${body}`,
    ...notes,
  ].join('\n');
}

function describeResponse(response: Response): string {
  const type = response.headers['content-type'] ?? '(none)';
  return `${response.status} (Content-Type ${type}) ${truncate(response.text ?? '', 500)}`;
}

/** Short names for tokens in messages: a reader wants to know whose token it was, not the JWT. */
function redactTokens(world: World, text: string): string {
  return [world.customer, world.other, world.admin].reduce(
    (out, user, i) => out.split(user.token).join(`<${['customer', 'other customer', 'admin'][i]} token>`),
    text,
  );
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

interface Failure {
  kind: string;
  message: string;
  size: number;
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
    const { path, used } = resolvePoolRefs(world, fuzzCase.path);
    const body = typeof fuzzCase.body === 'string' ? Buffer.from(fuzzCase.body, 'utf8') : fuzzCase.body;
    const request = (family.prepare ?? ((r: SentRequest) => r))({ ...fuzzCase, path, body });
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
    const problems = await judge({ request, response, before, after }, world);

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
  await fc.assert(property, { seed, numRuns: runs, endOnFailure: true });
  if (failures.length) throw new Error(keepGoingSummary(family, failures));
}

function failureMessage(
  world: World,
  family: Family,
  request: SentRequest,
  response: string,
  problems: string[],
  before?: Fingerprint,
  after?: Fingerprint,
): string {
  const { seed, runs } = fuzzSettings();
  const changes = before && after ? fingerprintChanges(before, after) : [];
  return redactTokens(
    world,
    [
      `[fuzz] family "${family.name}" failed; reproduce with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run test:fuzz`,
      `problems:\n  - ${problems.join('\n  - ')}`,
      `request:\n  ${describeRequest(request)}`,
      `response:\n  ${response}`,
      ...(changes.length ? [`database changes: ${changes.join(', ')}`] : []),
    ].join('\n'),
  );
}

/** What a request has that has broken parsers and databases before: tells one 500 from another. */
export function inputTraits(request: SentRequest): string[] {
  const text = request.body?.toString('utf8') ?? '';
  const type = request.headers['Content-Type'];
  const traits: string[] = [];
  if (text.includes('\\u0000') || text.includes('\u0000') || request.path.includes('%00')) traits.push('NUL');
  if (/\\u[dD][89a-fA-F][0-9a-fA-F]{2}/.test(text) || /%ED%[AB]/i.test(request.path)) traits.push('lone surrogate');
  if (nestingDepth(text) > 256) traits.push('deep nesting');
  // The webhook route reads raw bytes whatever their type: there the Content-Type tells nothing.
  const typed = !request.path.startsWith('/webhooks');
  if (typed && text.length > 0 && type !== undefined && !/^application\/json\s*(;|$)/i.test(type))
    traits.push(`Content-Type ${type}`);
  if (typed && text.length > 0 && type === undefined) traits.push('no Content-Type');
  if (text.length > 64 * 1024) traits.push('large body');
  return traits;
}

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') max = Math.max(max, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return max;
}

/** Failures that share a family, status, code, rules broken and input traits are one bug, usually. */
function failureKind(family: Family, request: SentRequest, response: Response, problems: string[]): string {
  const code = typeof response.body?.code === 'string' ? response.body.code : '-';
  const rules = [...new Set(problems.map((problem) => problem.split(':')[0]))].join(' + ');
  const traits = inputTraits(request);
  return `${family.name} | ${response.status} ${code} | ${rules}${traits.length ? ` | input: ${traits.join(', ')}` : ''}`;
}

function keepGoingSummary(family: Family, failures: Failure[]): string {
  const kinds = new Map<string, Failure[]>();
  for (const failure of failures) kinds.set(failure.kind, [...(kinds.get(failure.kind) ?? []), failure]);
  const sections = [...kinds.entries()].map(([kind, list]) => {
    const smallest = list.reduce((a, b) => (b.size < a.size ? b : a));
    return `=== ${list.length} x ${kind}\n${smallest.message}`;
  });
  return `[fuzz] family "${family.name}": ${failures.length} failing cases, ${kinds.size} kinds (smallest example of each):\n\n${sections.join('\n\n')}`;
}

/** The table printed at the end of the run (stdout, so CI logs keep it). */
export function statsTable(all: Map<string, FamilyStats>): string {
  const header = ['family', 'cases', '2xx', '4xx', '5xx', 'other', 'refused+write', 'failures'];
  const rows = [...all.entries()].map(([name, s]) =>
    [name, s.cases, s.ok2xx, s.client4xx, s.server5xx, s.other, s.refusedWithWrite, s.failures].map(String),
  );
  const total = header.slice(1).map((_, i) => String(rows.reduce((sum, row) => sum + Number(row[i + 1]), 0)));
  const table = [header, ...rows, ['TOTAL', ...total]];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [
    '',
    `[fuzz] results (FUZZ_SEED=${fuzzSettings().seed})`,
    line(table[0]),
    ...table.slice(1).map(line),
    '',
  ].join('\n');
}

/** Gives a case a short printable form, so fast-check's own report does not dump 60 kB bodies. */
export const printable = (fuzzCase: FuzzCase): FuzzCase =>
  Object.defineProperty(fuzzCase, fc.toStringMethod, { value: () => describeRequest(fuzzCase), enumerable: false });

/**
 * Builds a case from a payload (body plus the headers that go with it). A route that reads a body
 * must refuse one its JSON parser did not read; `ignoresBody` routes (cancel) need not.
 */
export function withPayload(
  method: Method,
  path: string,
  headers: Record<string, string>,
  payload: Payload,
  options: { mustRefuse?: string; ignoresBody?: boolean } = {},
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
  const reason = options.mustRefuse ?? unreadable;
  return printable({ method, path, headers: all, body: payload.body, ...(reason ? { mustRefuse: reason } : {}) });
}
