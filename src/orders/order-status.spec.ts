import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { assertTransition, canTransition, ORDER_STATUSES, ORDER_TRANSITIONS, OrderStatus } from './order-status';

/** The table written out by hand, so a change to the state machine has to change this test too. */
const ALLOWED: ReadonlyArray<[OrderStatus, OrderStatus]> = [
  ['pending', 'paid'],
  ['pending', 'canceled'],
  ['paid', 'refunded'],
  // A refund that completed the total failed afterwards: the money is back with the shop.
  ['refunded', 'paid'],
];
const isAllowed = (from: OrderStatus, to: OrderStatus) => ALLOWED.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]),
);
const REFUSED = ALL_PAIRS.filter(([from, to]) => !isAllowed(from, to));

describe('order status', () => {
  it('should know exactly the four order statuses', () => {
    expect([...ORDER_STATUSES].sort()).toEqual(['canceled', 'paid', 'pending', 'refunded']);
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual(['canceled', 'paid', 'pending', 'refunded']);
    expect(ALL_PAIRS).toHaveLength(16);
    expect(REFUSED).toHaveLength(12);
  });

  it('should have a terminal canceled state and leave refunded only back to paid', () => {
    expect(ORDER_TRANSITIONS.canceled).toEqual([]);
    expect(ORDER_TRANSITIONS.refunded).toEqual(['paid']);
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
