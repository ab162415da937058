import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { entityFrom, selectColumns } from '../database/entity-rows';
import { Order } from './order.entity';

/** One statement: the order row, locked for the rest of the caller's transaction (items not loaded). */
export async function lockOrder(manager: EntityManager, orderId: string): Promise<Order | null> {
  const [row] = await manager.query<Record<string, unknown>[]>(
    `SELECT ${selectColumns(manager, Order, 'o')} FROM orders o WHERE o.id = $1 FOR UPDATE`,
    [orderId],
  );
  return row ? entityFrom(manager, Order, row, 'o') : null;
}

/**
 * One statement: a row that belongs to an order (it has an `order_id`), found by `where` (on its
 * own columns, with `params`), locked with its order, the order first. The order first is the
 * lock order every writer keeps, so two transactions cannot deadlock; the order row is locked in
 * a materialized CTE that the owned row's lock waits for, which is what makes it first.
 */
export async function lockOrderWith<T extends ObjectLiteral>(
  manager: EntityManager,
  owned: EntityTarget<T>,
  where: string,
  params: unknown[],
): Promise<{ order: Order; owned: T } | null> {
  const table = manager.connection.getMetadata(owned).tableName;
  const [row] = await manager.query<Record<string, unknown>[]>(
    `WITH found AS MATERIALIZED (SELECT id, order_id FROM "${table}" WHERE ${where}),
          locked AS MATERIALIZED (SELECT * FROM orders WHERE id IN (SELECT order_id FROM found) FOR UPDATE)
     SELECT ${selectColumns(manager, Order, 'o')}, ${selectColumns(manager, owned, 'x')}
     FROM locked o JOIN "${table}" x ON x.order_id = o.id
     WHERE x.id IN (SELECT id FROM found)
     FOR UPDATE OF x`,
    params,
  );
  return row ? { order: entityFrom(manager, Order, row, 'o'), owned: entityFrom(manager, owned, row, 'x') } : null;
}
