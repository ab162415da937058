import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { runStatement } from './statements';

/** A state machine's move of one row, and the audit table that records it. */
export interface GuardedMove<T extends ObjectLiteral> {
  entity: EntityTarget<T>;
  /** The audit rows' entity and the property that names the moved row (`paymentId`). */
  audit: { entity: EntityTarget<ObjectLiteral>; owner: string };
  id: string;
  from: string;
  to: string;
  cause: string;
  /** Other columns the move sets, by property; `undefined` leaves a column as it is. The move sets the status and `updated_at` itself. */
  changes?: Omit<Partial<T>, 'id' | 'status' | 'updatedAt'>;
}

/**
 * A move in one statement: the UPDATE guarded by the status the caller read (`WHERE status =
 * from`) and its audit row, inserted only when the update matched. One statement is atomic on
 * its own, so a caller without a transaction needs none, and a webhook's transaction pays one
 * round trip where an update then an insert paid two. The audit row is stamped by the clock,
 * not the transaction's start: one transaction may move a row twice, and the trail keeps that
 * order. Returns false, changing nothing, when the row was no longer in `from`.
 */
export async function guardedMove<T extends ObjectLiteral>(
  manager: EntityManager,
  move: GuardedMove<T>,
): Promise<boolean> {
  const target = manager.connection.getMetadata(move.entity);
  const audit = manager.connection.getMetadata(move.audit.entity);
  const params: unknown[] = [move.id, move.from, move.to, move.cause];
  const sets = [`${column(target, 'status')} = $3`];
  if (target.updateDateColumn) sets.push(`"${target.updateDateColumn.databaseName}" = CURRENT_TIMESTAMP`);
  for (const [property, value] of Object.entries(move.changes ?? {})) {
    if (value !== undefined) sets.push(`${column(target, property)} = $${params.push(value)}`);
  }
  const auditColumns = [move.audit.owner, 'fromStatus', 'toStatus', 'cause', 'at'].map((p) => column(audit, p));
  const rows = await runStatement<unknown[]>(
    manager,
    `WITH moved AS (
       UPDATE "${target.tableName}" SET ${sets.join(', ')}
       WHERE ${column(target, 'id')} = $1 AND ${column(target, 'status')} = $2
       RETURNING ${column(target, 'id')} AS id)
     INSERT INTO "${audit.tableName}" (${auditColumns.join(', ')})
     SELECT id, $2, $3, $4, clock_timestamp() FROM moved
     RETURNING 1`,
    params,
  );
  return rows.length > 0;
}

/** The quoted column of a property; a property the entity lacks is a programming error. */
function column(metadata: EntityMetadata, property: string): string {
  const found = metadata.findColumnWithPropertyName(property);
  if (!found) throw new Error(`${metadata.name} has no column for ${property}`);
  return `"${found.databaseName}"`;
}
