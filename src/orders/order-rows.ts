import type { EntityManager } from 'typeorm';
import { entityFrom, selectColumns } from '../database/entity-rows';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';
import { runStatement } from '../database/statements';

export type NewOrder = Pick<Order, 'userId' | 'currency' | 'totalAmount'>;
export type NewOrderItem = Pick<OrderItem, 'productId' | 'name' | 'unitAmount' | 'quantity' | 'lineTotal' | 'position'>;

/**
 * A new pending order and its items in one statement (atomic on its own: no transaction, one
 * round trip where TypeORM's cascading save took four), read back as the entity with its items.
 */
export async function insertOrder(manager: EntityManager, order: NewOrder, items: NewOrderItem[]): Promise<Order> {
  const column = <K extends keyof NewOrderItem>(key: K) => items.map((item) => item[key]);
  const rows = await runStatement<Record<string, unknown>[]>(
    manager,
    `WITH o AS (
       INSERT INTO orders (user_id, status, currency, total_amount, amount_paid, amount_refunded)
       VALUES ($1, 'pending', $2, $3, 0, 0) RETURNING *),
     i AS (
       INSERT INTO order_items (order_id, product_id, name, unit_amount, quantity, line_total, position)
       SELECT o.id, item.* FROM o,
         unnest($4::uuid[], $5::varchar[], $6::int[], $7::int[], $8::int[], $9::smallint[]) AS item
       RETURNING *)
     SELECT ${selectColumns(manager, Order, 'o')}, ${selectColumns(manager, OrderItem, 'i')}
     FROM o JOIN i ON i.order_id = o.id ORDER BY i.position`,
    [
      order.userId,
      order.currency,
      order.totalAmount,
      column('productId'),
      column('name'),
      column('unitAmount'),
      column('quantity'),
      column('lineTotal'),
      column('position'),
    ],
  );
  const created = entityFrom(manager, Order, rows[0], 'o');
  created.items = rows.map((row) => entityFrom(manager, OrderItem, row, 'i'));
  return created;
}
