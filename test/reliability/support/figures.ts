import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trackFolder } from './processes';

export interface RunFigures {
  run: string;
  orders: number;
  /** Webhook POSTs sent, retries included. */
  deliveries: number;
  duplicates: number;
  reorders: number;
  kills: number;
  restarts: number;
  violations: number;
  lostEvents: number;
  durationMs: number;
}

/**
 * Jest loads each spec file's modules afresh, so the runs of the whole `npm run test:reliability`
 * (one process: --runInBand) are gathered in a file of this process, deleted when it exits.
 */
const STORE = path.join(tmpdir(), `orderpay-reliability-figures-${process.pid}.json`);

function stored(): RunFigures[] {
  return existsSync(STORE) ? (JSON.parse(readFileSync(STORE, 'utf8')) as RunFigures[]) : [];
}

export function recordFigures(row: RunFigures): void {
  trackFolder(STORE);
  const rows = [...stored().filter((other) => other.run !== row.run), row];
  writeFileSync(STORE, JSON.stringify(rows.sort((a, b) => a.run.localeCompare(b.run))));
}

const COLUMNS: [string, (row: RunFigures) => string][] = [
  ['run', (row) => row.run],
  ['orders', (row) => String(row.orders)],
  ['deliveries', (row) => String(row.deliveries)],
  ['duplicates', (row) => String(row.duplicates)],
  ['reorders', (row) => String(row.reorders)],
  ['kills', (row) => String(row.kills)],
  ['restarts', (row) => String(row.restarts)],
  ['violations', (row) => String(row.violations)],
  ['lost events', (row) => String(row.lostEvents)],
  ['duration', (row) => `${(row.durationMs / 1000).toFixed(1)} s`],
];

export function figuresTable(rows: RunFigures[]): string {
  const lines = [
    `| ${COLUMNS.map(([name]) => name).join(' | ')} |`,
    `|${COLUMNS.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((row) => `| ${COLUMNS.map(([, value]) => value(row)).join(' | ')} |`),
  ];
  return lines.join('\n');
}

const DOC = path.resolve(__dirname, '../../../docs/reliability.md');
const START = '<!-- figures:start -->';
const END = '<!-- figures:end -->';

/**
 * Prints the table of every run so far and puts it in docs/reliability.md between its markers (with the date and
 * Node version), so the doc shows the last run; committing that change is a person's choice.
 */
export function publishFigures(): void {
  const figures = stored();
  if (figures.length === 0) return;
  const table = figuresTable(figures);
  process.stdout.write(`\nReliability figures\n${table}\n`);
  if (!existsSync(DOC)) return;
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return;
  const stamp = `Last run: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${figures.length} runs.`;
  writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${stamp}\n\n${table}\n${doc.slice(end)}`);
}
