import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { assertTransition, canTransition, ORDER_STATUSES, ORDER_TRANSITIONS, OrderStatus } from './order-status';

/** The table written out by hand, so a change to the state machine has to change this test too. */
const ALLOWED: ReadonlyArray<[OrderStatus, OrderStatus]> = [
  ['pending', 'partially_paid'],
  ['pending', 'paid'],
  ['pending', 'canceled'],
  // Another part paid, or a refund that leaves something paid: the amounts change, not the status.
  ['partially_paid', 'partially_paid'],
  ['partially_paid', 'paid'],
  // An admin's cancel refunds what was paid.
  ['partially_paid', 'canceled'],
  ['partially_paid', 'refunded'],
  ['paid', 'paid'],
  ['paid', 'refunded'],
  // The refunds of a canceled order's payments are counted on it.
  ['canceled', 'canceled'],
  ['refunded', 'refunded'],
  // A refund that completed what was paid failed afterwards: the money is back with the shop.
  ['refunded', 'paid'],
  ['refunded', 'partially_paid'],
];
const isAllowed = (from: OrderStatus, to: OrderStatus) => ALLOWED.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]),
);
const REFUSED = ALL_PAIRS.filter(([from, to]) => !isAllowed(from, to));

describe('order status', () => {
  it('should know exactly the five order statuses', () => {
    const statuses = ['canceled', 'paid', 'partially_paid', 'pending', 'refunded'];
    expect([...ORDER_STATUSES].sort()).toEqual(statuses);
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual(statuses);
    expect(ALL_PAIRS).toHaveLength(25);
    expect(REFUSED).toHaveLength(12);
  });

  it('should never leave canceled, and leave refunded only back to what was paid', () => {
    expect(ORDER_TRANSITIONS.canceled).toEqual(['canceled']);
    expect([...ORDER_TRANSITIONS.refunded].sort()).toEqual(['paid', 'partially_paid', 'refunded']);
  });

  describe.each(ALLOWED)('%s -> %s', (from, to) => {
    it('should be allowed', () => {
      expect(canTransition(from, to)).toBe(true);
      expect(() => assertTransition(from, to)).not.toThrow();
    });
  });

  describe.each(REFUSED)('%s -> %s', (from, to) => {
    it('should be refused with INVALID_TRANSITION 409', () => {
      expect(canTransition(from, to)).toBe(false);
      let thrown: unknown;
      try {
        assertTransition(from, to);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({
        code: ErrorCode.INVALID_TRANSITION,
        status: HttpStatus.CONFLICT,
        message: `An order cannot go from ${from} to ${to}`,
      });
    });
  });
});
