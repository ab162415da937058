import type { OrderStatus } from './order-status';
import { PAYABLE_ORDER_STATUSES } from './order-status';
import type { Order } from './order.entity';

type Amounts = Pick<Order, 'status' | 'totalAmount' | 'amountPaid' | 'amountRefunded'>;

/**
 * What an order's amounts do when money arrives or leaves, as pure rules (unit-tested in
 * order-amounts.spec.ts). OrdersService applies them under the order's row lock.
 */

/** What can still be paid: the rest of the total while the order takes payments, else nothing. */
export function amountDue(order: Pick<Order, 'status' | 'totalAmount' | 'amountPaid'>): number {
  return PAYABLE_ORDER_STATUSES.includes(order.status) ? order.totalAmount - order.amountPaid : 0;
}

/**
 * A payment of `amount` arriving: the part the order takes (at most what is due; nothing once it
 * no longer takes payments) and the status it moves to. The rest is an excess to refund.
 */
export function applyPayment(
  order: Amounts,
  amount: number,
): { applied: number; excess: number; to: OrderStatus | null; amountPaid: number } {
  const applied = Math.min(amount, amountDue(order));
  if (applied <= 0) return { applied: 0, excess: amount, to: null, amountPaid: order.amountPaid };
  const amountPaid = order.amountPaid + applied;
  return {
    applied,
    excess: amount - applied,
    to: amountPaid === order.totalAmount ? 'paid' : 'partially_paid',
    amountPaid,
  };
}

/**
 * A refund counted on the order (`delta` > 0) or a counted refund reversed (`delta` < 0): the
 * order is `refunded` once refunds cover everything paid, and goes back to what was paid when a
 * reversal uncovers some of it. A canceled order keeps its status.
 */
export function applyRefunded(order: Amounts, delta: number): { to: OrderStatus; amountRefunded: number } {
  const amountRefunded = order.amountRefunded + delta;
  const covered = amountRefunded >= order.amountPaid;
  if ((order.status === 'paid' || order.status === 'partially_paid') && covered) {
    return { to: 'refunded', amountRefunded };
  }
  if (order.status === 'refunded' && !covered) {
    return { to: order.amountPaid === order.totalAmount ? 'paid' : 'partially_paid', amountRefunded };
  }
  return { to: order.status, amountRefunded };
}
