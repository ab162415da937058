import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/errors/domain-error';

export const ORDER_STATUSES = ['pending', 'partially_paid', 'paid', 'canceled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Orders that still take payments: nothing paid yet, or a part of the total. */
export const PAYABLE_ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'partially_paid'];

/**
 * The order state machine: the only moves there are. A payment is the only way into
 * `partially_paid` and `paid` (applied by the webhook handlers or the reconciler, never by a
 * controller). A move to the same status changes the order's amounts only (a second part paid,
 * a refund that leaves something), and is audited like any other. `refunded` goes back when a
 * refund that completed what was paid fails afterwards.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['partially_paid', 'paid', 'canceled'],
  partially_paid: ['partially_paid', 'paid', 'canceled', 'refunded'],
  paid: ['paid', 'refunded'],
  // A canceled order's payments are refunded, and those refunds are counted on it.
  canceled: ['canceled'],
  refunded: ['refunded', 'paid', 'partially_paid'],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError(
      ErrorCode.INVALID_TRANSITION,
      `An order cannot go from ${from} to ${to}`,
      HttpStatus.CONFLICT,
    );
  }
}
