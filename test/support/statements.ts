import { AsyncLocalStorage } from 'node:async_hooks';
import { Client } from 'pg';

type Query = (...args: unknown[]) => unknown;

/**
 * Every statement `work` sends to PostgreSQL (BEGIN and COMMIT included), in order: each round
 * trip is one `Client#query` of node-postgres, which TypeORM's query runners use. Statements of
 * anything else running meanwhile (the refund queue, the reconciler) are not in the list: they
 * run outside `work`'s async context.
 */
export async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const context = new AsyncLocalStorage<string[]>();
  const prototype = Client.prototype as unknown as { query: Query };
  const original = prototype.query;
  prototype.query = function (this: Client, ...args: unknown[]) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    context.getStore()?.push((text ?? '?').replace(/\s+/g, ' ').trim());
    return original.apply(this, args);
  };
  const statements: string[] = [];
  try {
    const result = await context.run(statements, work);
    return { result, statements };
  } finally {
    prototype.query = original;
  }
}
