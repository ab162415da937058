import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/errors/domain-error';

export const ORDER_STATUSES = ['pending', 'paid', 'canceled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The order state machine: the only transitions there are. Payment success is the only way
 * into `paid` (applied by the webhook handlers or the reconciler, never by a controller);
 * `refunded -> paid` happens only when a refund that completed the total fails afterwards.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['paid', 'canceled'],
  paid: ['refunded'],
  canceled: [],
  refunded: ['paid'],
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
