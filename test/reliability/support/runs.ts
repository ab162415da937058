import { describe as describeFindings, lostEvents, violations, withClient } from './checks';
import type { Cluster } from './cluster';
import { DeliveryDriver } from './driver';
import { recordFigures } from './figures';
import { Stack, StackOptions, WEBHOOK_SECRET } from './stack';

export interface RunContext {
  stack: Stack;
  databaseUrl: string;
  driver: DeliveryDriver;
  /** Faults the run caused, for the figures. */
  faults: { kills: number; restarts: number };
}

export interface RunResult {
  orders: number;
  violations: string;
  lostEvents: string;
}

/**
 * One run: its own database and processes, the traffic `work` sends, then the invariants and
 * the lost-event checks on what is left. Figures are recorded whatever the outcome; processes
 * are stopped whatever happens.
 */
export async function fault(
  cluster: Cluster,
  run: string,
  options: Omit<StackOptions, 'name' | 'databaseUrl'> & {
    databaseUrlFor?: (url: string) => Promise<{ url: string; stop: () => Promise<void> }>;
  },
  work: (ctx: RunContext) => Promise<number>,
): Promise<RunResult> {
  const started = Date.now();
  const name = `reliability_${run.replace(/\W+/g, '_').toLowerCase()}`;
  const databaseUrl = await cluster.createDatabase(name);
  const front = options.databaseUrlFor ? await options.databaseUrlFor(databaseUrl) : undefined;
  let stack: Stack | undefined;
  try {
    stack = await Stack.start({ ...options, name, databaseUrl: front?.url ?? databaseUrl });
    const ctx: RunContext = {
      stack,
      databaseUrl,
      driver: new DeliveryDriver(stack.fleet, WEBHOOK_SECRET),
      faults: { kills: 0, restarts: 0 },
    };
    const orders = await work(ctx);
    await summarise(run, databaseUrl);
    const found = await violations(databaseUrl);
    const lost = await lostEvents(databaseUrl, ctx.driver);
    recordFigures({
      run,
      orders,
      deliveries: ctx.driver.tries,
      duplicates: ctx.driver.duplicates,
      reorders: ctx.driver.reorders,
      kills: ctx.faults.kills,
      restarts: ctx.faults.restarts,
      violations: found.reduce((sum, finding) => sum + finding.rows.length, 0),
      lostEvents: lost.reduce((sum, finding) => sum + finding.rows.length, 0),
      durationMs: Date.now() - started,
    });
    return { orders, violations: describeFindings(found), lostEvents: describeFindings(lost) };
  } catch (error) {
    if (stack && error instanceof Error) error.message += `\n${stack.logs()}`;
    throw error;
  } finally {
    await stack?.stop();
    await front?.stop();
  }
}

/** What the run left, so a reader sees which paths it went through (late payments, refunds...). */
async function summarise(run: string, url: string): Promise<void> {
  const counts = await withClient(url, async (client) => {
    const count = async (table: string) => {
      const { rows } = await client.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM ${table} GROUP BY status ORDER BY status`,
      );
      return `${table} ${rows.map((row) => `${row.status} ${row.n}`).join(', ') || 'none'}`;
    };
    return [await count('orders'), await count('payments'), await count('refunds'), await count('webhook_events')];
  });
  process.stdout.write(`  run ${run}: ${counts.join('; ')}\n`);
}
