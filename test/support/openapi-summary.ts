import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type FileCounts, REPORTS_DIR, RUN_DIR_VARIABLE } from './openapi-checks';
import { OpenApiResponses } from './openapi-responses';

/**
 * The run's totals from the per-file counts openapi-checks.ts wrote: one line for the console and
 * a JSON summary (per route/status counts, documented pairs never seen, and the mismatches grouped
 * by route, status and problem, for whoever fixes the document): reports/openapi-responses/summary.json,
 * or the file OPENAPI_CHECKS_SUMMARY names.
 */

/** In the global setup: a folder of this run's own, which the workers inherit through the environment. */
export function startOpenApiRun(): void {
  process.env[RUN_DIR_VARIABLE] = path.join(REPORTS_DIR, 'runs', `${process.pid}-${Date.now()}`);
}

interface Group {
  route: string;
  status: number;
  kind: string;
  /** The schema keyword that failed (its pointer in docs/openapi.json), or the problem's message. */
  where: string;
  message: string;
  count: number;
  example: { test: string; url: string; value?: string; body: string };
}

/** The summary line, or undefined when no file was checked (checks off, or another project). */
export function summarizeOpenApiChecks(): string | undefined {
  const dir = process.env[RUN_DIR_VARIABLE];
  if (!dir || !existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as FileCounts);
  rmSync(dir, { recursive: true, force: true });
  if (files.length === 0) return undefined;

  const counts: Record<string, number> = {};
  const undeclared: Record<string, number> = {};
  for (const file of files) {
    for (const [key, n] of Object.entries(file.counts)) counts[key] = (counts[key] ?? 0) + n;
    for (const [key, n] of Object.entries(file.undeclared)) undeclared[key] = (undeclared[key] ?? 0) + n;
  }
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const documented = OpenApiResponses.fromFile().documentedPairs();
  const unseen = documented.filter((pair) => !counts[pair]);
  const failures = files.flatMap((f) => f.failures);

  const groups = new Map<string, Group>();
  for (const f of failures) {
    const touched = new Set<string>(); // a group counts responses, not the errors of each array item
    for (const problem of f.problems) {
      // A schema problem is one group per failing keyword; array indexes are left out of the key.
      const parts = problem.errors?.length
        ? problem.errors.map((e) => ({
            where: e.schema,
            message: `${e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*')} ${e.message}`,
            value: e.value,
          }))
        : [{ where: '', message: problem.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{uuid}'), value: undefined }];
      for (const part of parts) {
        const key = [f.route, f.status, problem.kind, part.where, part.message].join('|');
        if (touched.has(key)) continue;
        touched.add(key);
        const group = groups.get(key);
        if (group) group.count++;
        else
          groups.set(key, {
            route: f.route,
            status: f.status,
            kind: problem.kind,
            where: part.where,
            message: part.message,
            count: 1,
            example: { test: f.origin.test ?? `(hook) ${f.origin.file}`, url: f.url, value: part.value, body: f.body },
          });
      }
    }
  }
  const mismatches = [...groups.values()].sort(
    (a, b) => a.route.localeCompare(b.route) || a.status - b.status || b.count - a.count,
  );

  const summary = process.env.OPENAPI_CHECKS_SUMMARY ?? path.join(REPORTS_DIR, 'summary.json');
  const line =
    `OpenAPI: ${total} responses checked against docs/openapi.json in ${files.length} test files ` +
    `(${documented.length - unseen.length} of ${documented.length} documented route/status pairs seen); ` +
    `${failures.length} did not match it (${mismatches.length} distinct problems); ` +
    `${Object.keys(undeclared).length} undeclared properties noted; see ${path.relative(process.cwd(), summary)}`;
  const sortedCounts = sorted(counts);
  mkdirSync(path.dirname(summary), { recursive: true });
  writeFileSync(
    summary,
    JSON.stringify(
      {
        line,
        total,
        failures: failures.length,
        counts: sortedCounts,
        unseen,
        mismatches,
        undeclared: sorted(undeclared),
      },
      null,
      2,
    ),
  );
  return line;
}

function sorted(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
