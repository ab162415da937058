import type { Response } from 'supertest';
import type { Family, FamilyStats, FuzzCase, SentRequest } from './harness';
import { fuzzSettings } from './settings';
import { Fingerprint, fingerprintChanges, World } from './world';

/**
 * What a run prints: each request and answer as a reader needs them (escaped, tokens named,
 * long bodies cut), failures grouped by kind under FUZZ_KEEP_GOING, and the table at the end.
 */

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

export function describeResponse(response: Response): string {
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

export interface Failure {
  kind: string;
  message: string;
  size: number;
}

export function failureMessage(
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
export function failureKind(family: Family, request: SentRequest, response: Response, problems: string[]): string {
  const code = typeof response.body?.code === 'string' ? response.body.code : '-';
  const rules = [...new Set(problems.map((problem) => problem.split(':')[0]))].join(' + ');
  // Which rule made it a must-refuse (an empty body, a prototype key, a query key...), numbers aside.
  const refusal = problems.some((problem) => problem.startsWith('accepted what must be refused'))
    ? ` (${(request.mustRefuse ?? '').split(/[:(]/)[0].replace(/\d+/g, 'N').trim()})`
    : '';
  const traits = inputTraits(request);
  return `${family.name} | ${response.status} ${code} | ${rules}${refusal}${traits.length ? ` | input: ${traits.join(', ')}` : ''}`;
}

export function keepGoingSummary(family: Family, failures: Failure[]): string {
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
