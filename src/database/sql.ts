import type { EntityManager } from 'typeorm';
/** `'a', 'b', 'c'`: the values of a status list, for a CHECK constraint on that column. */
export function sqlInList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
}

/**
 * Runs `work` in the caller's transaction when `manager` has one open, else in a transaction of
 * its own: for writes that must commit together (a guarded update and its audit row) whoever calls.
 */
export function inTransaction<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return manager.queryRunner?.isTransactionActive ? work(manager) : manager.transaction(work);
}
