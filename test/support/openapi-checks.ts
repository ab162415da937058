import { METHODS } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { excerpt, type ObservedResponse, OpenApiResponses, type Problem, type Verdict } from './openapi-responses';
import type { DeliveryAnswer } from '../../src/stripe-emulator/webhooks/webhook-delivery';

/**
 * Every response the e2e suite gets from the app, checked against docs/openapi.json. The hook in
 * t.http() (watchResponses) and fetchApp feed it; openapi-setup.ts (setupFilesAfterEnv) turns it on
 * and fails the test that received a response the document does not describe; the counts go to
 * this run's folder under REPORTS_DIR for the global teardown's summary (openapi-summary.ts).
 */

export const REPORTS_DIR = path.join(__dirname, '..', '..', 'reports', 'openapi-responses');
/**
 * This run's folder for the per-file counts, set by the global setup (startOpenApiRun) and inherited
 * by the workers: several jest runs share this working tree, and must not count each other's files.
 */
export const RUN_DIR_VARIABLE = 'OPENAPI_CHECKS_RUN_DIR';

/** Which test asked: failures are thrown in that test's afterEach, hooks' ones in afterAll. */
export interface Origin {
  test?: string;
  file: string;
}

export interface Failure {
  origin: Origin;
  method: string;
  url: string;
  status: number;
  route: string;
  problems: Problem[];
  body: string;
}

export interface FileCounts {
  file: string;
  /** `GET /orders/{id} 200` → responses; excluded routes under their label, unknown routes as `GET (not in the document) 404`. */
  counts: Record<string, number>;
  failures: Failure[];
  /** `GET /orders 200 /data/*\/note` → responses whose matching body had that property undeclared. */
  undeclared: Record<string, number>;
}

interface State {
  enabled: boolean;
  validator?: OpenApiResponses;
  counts: Record<string, number>;
  undeclared: Record<string, number>;
  pending: Failure[];
  failures: Failure[];
}

// On the test file's global (one per file under jest), so the setup file and the test share it
// even if a test resets the module registry.
const STATE = Symbol.for('orderpay.openapi-checks');
function state(): State {
  const holder = globalThis as { [STATE]?: State };
  return (holder[STATE] ??= { enabled: false, counts: {}, undeclared: {}, pending: [], failures: [] });
}

export function enableOpenApiChecks(): void {
  state().enabled = true;
}

export function openApiChecksEnabled(): boolean {
  return state().enabled;
}

function currentOrigin(): Origin {
  const { currentTestName, testPath } = typeof expect === 'undefined' ? {} : expect.getState();
  return { test: currentTestName, file: path.relative(process.cwd(), testPath ?? 'unknown') };
}

/** Checks one response and records the outcome (the sink watchResponses and fetchApp use by default). */
export function checkResponse(response: ObservedResponse, origin: Origin = currentOrigin()): void {
  const s = state();
  // Loaded per test file, from disk: the document changes while the suite runs.
  s.validator ??= OpenApiResponses.fromFile();
  let verdict: Verdict;
  try {
    verdict = s.validator.check(response);
  } catch (error) {
    const problems: Problem[] = [{ kind: 'schema-compile', message: `the check itself failed: ${String(error)}` }];
    verdict = { route: `${response.method} ${response.url}`, outcome: 'documented', problems };
  }
  const key =
    verdict.outcome === 'unknown-route'
      ? `${response.method.toUpperCase()} (not in the document) ${response.status}`
      : (verdict.pair ?? `${verdict.route} ${response.status}`);
  s.counts[key] = (s.counts[key] ?? 0) + 1;
  for (const property of verdict.undeclared ?? [])
    s.undeclared[`${key} ${property}`] = (s.undeclared[`${key} ${property}`] ?? 0) + 1;
  if (verdict.problems.length === 0) return;
  const failure: Failure = {
    origin,
    method: response.method.toUpperCase(),
    url: response.url.replace(/^https?:\/\/[^/]+/, ''),
    status: response.status,
    route: verdict.route,
    problems: verdict.problems,
    body: excerpt(response.text ?? JSON.stringify(response.body) ?? ''),
  };
  s.pending.push(failure);
  s.failures.push(failure);
}

type Sink = (response: ObservedResponse, origin: Origin) => void;
const HTTP_METHODS = new Set([...METHODS.map((m) => m.toLowerCase()), 'del']);

/** What supertest's Test gives a 'response' listener: superagent's Response, and itself as `this`. */
interface Emitter {
  on(event: 'response', listener: (response: any) => void): unknown;
  method: string;
  url: string;
}

/**
 * The same agent, each request of which reports its response to `sink` once, when superagent emits
 * 'response' (after the body is read, before .expect() assertions and promise settlement). The Test
 * itself is returned, so .set/.send/.expect/.then/await work as before.
 */
export function watchResponses<T extends object>(agent: T, sink: Sink = checkResponse): T {
  return new Proxy(agent, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !HTTP_METHODS.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = (value as (...a: unknown[]) => Emitter).apply(target, args);
        const origin = currentOrigin();
        test.on('response', (res: { status: number; headers: Record<string, string>; text?: string; body?: unknown }) =>
          report(sink, origin, {
            method: test.method,
            url: test.url,
            status: res.status,
            contentType: res.headers['content-type'],
            text: typeof res.text === 'string' ? res.text : Buffer.isBuffer(res.body) ? res.body.toString() : undefined,
            body: res.body,
          }),
        );
        return test;
      };
    },
  });
}

/** t.http()'s hook: the agent watched when openapi-setup.ts enabled the checks, else untouched. */
export function checkedAgent<T extends object>(agent: T): T {
  return openApiChecksEnabled() ? watchResponses(agent) : agent;
}

/**
 * fetch() for requests to the app (a child-process app, openapi-fetch's `fetch` option): the
 * response is checked, then returned unread.
 */
export async function fetchApp(
  input: string | URL | Request,
  init?: RequestInit,
  sink: Sink = checkResponse,
): Promise<Response> {
  const origin = currentOrigin();
  const response = await fetch(input, init);
  if (openApiChecksEnabled() || sink !== checkResponse) {
    const text = await response.clone().text();
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    report(sink, origin, {
      method,
      url,
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      text,
    });
  }
  return response;
}

/** The check must never break the client: an exception in it becomes a recorded failure. */
function report(sink: Sink, origin: Origin, response: ObservedResponse): void {
  try {
    sink(response, origin);
  } catch (error) {
    const problems: Problem[] = [{ kind: 'schema-compile', message: `the check itself failed: ${String(error)}` }];
    const failure = {
      origin,
      method: response.method,
      url: response.url,
      status: response.status,
      route: '?',
      problems,
      body: '',
    };
    state().pending.push(failure);
    state().failures.push(failure);
  }
}

/** The recorded failures of `test` (all of them when undefined), removed from the pending list. */
export function takeFailures(test?: string): Failure[] {
  const s = state();
  const taken = s.pending.filter((f) => test === undefined || f.origin.test === test);
  s.pending = s.pending.filter((f) => !taken.includes(f));
  return taken;
}

export function formatFailures(failures: Failure[]): string {
  const lines = [`${failures.length} response(s) docs/openapi.json does not describe:`];
  for (const f of failures) {
    lines.push(
      '',
      `${f.method} ${f.url} → ${f.status}  (${f.route})  in ${f.origin.test ?? `a beforeAll/afterAll of ${f.origin.file}`}`,
    );
    for (const p of f.problems) {
      lines.push(`  - ${p.kind}: ${p.errors ? `body does not match the schema` : p.message}`);
      for (const e of (p.errors ?? []).slice(0, 10))
        lines.push(`      ${e.instancePath} ${e.message} (value ${e.value}) at ${e.schema}`);
      if ((p.errors?.length ?? 0) > 10) lines.push(`      … and ${p.errors!.length - 10} more`);
    }
    lines.push(`  body: ${f.body || '(empty)'}`);
  }
  return lines.join('\n');
}

/** Throws the failures of `test` (every pending one when undefined) as one error. */
export function throwFailures(test?: string): void {
  const failures = takeFailures(test);
  if (failures.length === 0) return;
  throw new Error(formatFailures(failures));
}

/** This file's counts and failures, for the global teardown's summary. */
export function writeCounts(): void {
  const s = state();
  const dir = process.env[RUN_DIR_VARIABLE];
  if (!dir || Object.keys(s.counts).length === 0) return;
  const file = currentOrigin().file;
  const counts: FileCounts = { file, counts: s.counts, failures: s.failures, undeclared: s.undeclared };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${file.replace(/[^\w.-]+/g, '_')}.json`), JSON.stringify(counts));
}

/**
 * What the app answered a webhook the emulator delivered itself (StripeEmulatorOptions
 * .onWebhookAnswer), checked like any other answer when it came from `appUrl`.
 */
export function webhookAnswerChecker(appUrl: () => string | undefined): (answer: DeliveryAnswer) => void {
  return (answer) => {
    const base = appUrl();
    if (!openApiChecksEnabled() || !base || !answer.url.startsWith(`${base}/`)) return;
    report(checkResponse, currentOrigin(), {
      method: 'POST',
      url: answer.url,
      status: answer.statusCode,
      contentType: answer.contentType,
      text: answer.body,
    });
  };
}
