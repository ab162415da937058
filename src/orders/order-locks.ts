import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { entityFrom, selectColumns } from '../database/entity-rows';
import { Order } from './order.entity';
import { runStatement } from '../database/statements';

/** One statement: the order row, locked for the rest of the caller's transaction (items not loaded). */
export async function lockOrder(manager: EntityManager, orderId: string): Promise<Order | null> {
  const [row] = await runStatement<Record<string, unknown>[]>(
    manager,
    `SELECT ${selectColumns(manager, Order, 'o')} FROM orders o WHERE o.id = $1 FOR UPDATE`,
    [orderId],
  );
  return row ? entityFrom(manager, Order, row, 'o') : null;
}

/** Which owned row: column values by property (`null` matches NULL); they must name one row. */
export type OwnedRowCriteria<T> = { [K in keyof T]?: T[K] | null };

/**
 * One statement: a row that belongs to an order (it has an `order_id`), found by `criteria`,
 * locked with its order, the order first. The order first is the lock order every writer keeps,
 * so two transactions cannot deadlock; the order row is locked in a materialized CTE that the
 * owned row's lock waits for, which is what makes it first. The criteria are checked again on
 * the owned row as locked (PostgreSQL re-reads a row it waited for), so a row that stopped
 * matching while this waited is not returned.
 */
export async function lockOrderWith<T extends ObjectLiteral>(
  manager: EntityManager,
  owned: EntityTarget<T>,
  criteria: OwnedRowCriteria<T>,
): Promise<{ order: Order; owned: T } | null> {
  const metadata = manager.connection.getMetadata(owned);
  const params: unknown[] = [];
  const conditions = Object.entries(criteria).map(([property, value]) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.name} has no column for ${property}`);
    return value === null ? `"${column.databaseName}" IS NULL` : `"${column.databaseName}" = $${params.push(value)}`;
  });
  if (conditions.length === 0) throw new Error('lockOrderWith needs criteria naming one row');
  const table = metadata.tableName;
  const rows = await runStatement<Record<string, unknown>[]>(
    manager,
    `WITH found AS MATERIALIZED (SELECT id, order_id FROM "${table}" WHERE ${conditions.join(' AND ')}),
          locked AS MATERIALIZED (SELECT * FROM orders WHERE id IN (SELECT order_id FROM found) FOR UPDATE)
     SELECT ${selectColumns(manager, Order, 'o')}, ${selectColumns(manager, owned, 'x')}
     FROM locked o JOIN "${table}" x ON x.order_id = o.id
     WHERE x.id IN (SELECT id FROM found) AND ${conditions.map((condition) => `x.${condition}`).join(' AND ')}
     FOR UPDATE OF x`,
    params,
  );
  if (rows.length > 1) throw new Error(`lockOrderWith: ${rows.length} ${table} rows match; the criteria must name one`);
  const [row] = rows;
  return row ? { order: entityFrom(manager, Order, row, 'o'), owned: entityFrom(manager, owned, row, 'x') } : null;
}
