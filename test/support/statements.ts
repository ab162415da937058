import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';

type Query = (...args: unknown[]) => unknown;
type QueryConfig = { text?: string; name?: string };

/**
 * Every statement `work` sends to PostgreSQL (BEGIN and COMMIT included), in order, with the name
 * of each one sent as a named prepared statement (`prepared`, undefined when unnamed): each round
 * trip is one `Client#query` of node-postgres, which TypeORM's query runners use. Statements of
 * anything else running meanwhile (the refund queue, the reconciler) are not in the list: they
 * run outside `work`'s async context.
 */
export async function statementsOf<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[]; prepared: (string | undefined)[] }> {
  const context = new AsyncLocalStorage<{ statements: string[]; prepared: (string | undefined)[] }>();
  const prototype = Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  prototype.query = function (this: Client, ...args: unknown[]) {
    const [config] = args;
    const { text, name } = typeof config === 'string' ? { text: config, name: undefined } : (config as QueryConfig);
    const store = context.getStore();
    store?.statements.push((text ?? '?').replace(/\s+/g, ' ').trim());
    store?.prepared.push(name);
    return original.apply(this, args);
  };
  const seen = { statements: [] as string[], prepared: [] as (string | undefined)[] };
  try {
    const result = await context.run(seen, work);
    return { result, ...seen };
  } finally {
    prototype.query = original;
  }
}
