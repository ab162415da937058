import { amountDue, applyPayment, applyRefunded } from './order-amounts';
import type { OrderStatus } from './order-status';

const order = (status: OrderStatus, amountPaid = 0, amountRefunded = 0) => ({
  status,
  totalAmount: 12000,
  amountPaid,
  amountRefunded,
});

describe('order amounts', () => {
  describe(amountDue.name, () => {
    it('should be the rest of the total while the order takes payments', () => {
      expect(amountDue(order('pending'))).toBe(12000);
      expect(amountDue(order('partially_paid', 3000))).toBe(9000);
    });

    it.each<OrderStatus>(['paid', 'canceled', 'refunded'])('should be 0 for a %s order', (status) => {
      expect(amountDue(order(status, 3000))).toBe(0);
    });
  });

  describe(applyPayment.name, () => {
    it('should take a deposit and leave the order partially paid', () => {
      expect(applyPayment(order('pending'), 3600)).toEqual({
        applied: 3600,
        excess: 0,
        to: 'partially_paid',
        amountPaid: 3600,
      });
    });

    it('should take the balance and mark the order paid', () => {
      expect(applyPayment(order('partially_paid', 3600), 8400)).toEqual({
        applied: 8400,
        excess: 0,
        to: 'paid',
        amountPaid: 12000,
      });
    });

    it('should take the whole total at once', () => {
      expect(applyPayment(order('pending'), 12000)).toMatchObject({ applied: 12000, excess: 0, to: 'paid' });
    });

    it('should take only what is due and leave the rest as an excess', () => {
      expect(applyPayment(order('partially_paid', 10000), 3000)).toEqual({
        applied: 2000,
        excess: 1000,
        to: 'paid',
        amountPaid: 12000,
      });
    });

    it.each<OrderStatus>(['paid', 'canceled', 'refunded'])('should take nothing on a %s order', (status) => {
      expect(applyPayment(order(status, status === 'canceled' ? 0 : 12000), 500)).toEqual({
        applied: 0,
        excess: 500,
        to: null,
        amountPaid: status === 'canceled' ? 0 : 12000,
      });
    });
  });

  describe(applyRefunded.name, () => {
    it('should keep a paid order paid while refunds leave something', () => {
      expect(applyRefunded(order('paid', 12000), 500)).toEqual({ to: 'paid', amountRefunded: 500 });
    });

    it('should mark a paid order refunded when refunds reach what was paid', () => {
      expect(applyRefunded(order('paid', 12000, 11000), 1000)).toEqual({ to: 'refunded', amountRefunded: 12000 });
    });

    it('should mark a partially paid order refunded when its deposit is refunded', () => {
      expect(applyRefunded(order('partially_paid', 3000), 3000)).toEqual({ to: 'refunded', amountRefunded: 3000 });
      expect(applyRefunded(order('partially_paid', 3000), 2999)).toEqual({
        to: 'partially_paid',
        amountRefunded: 2999,
      });
    });

    it('should take a refunded order back to what was paid when a refund is reversed', () => {
      expect(applyRefunded(order('refunded', 12000, 12000), -500)).toEqual({ to: 'paid', amountRefunded: 11500 });
      expect(applyRefunded(order('refunded', 3000, 3000), -1)).toEqual({ to: 'partially_paid', amountRefunded: 2999 });
    });

    it('should keep a canceled order canceled, whether refunds cover what was paid or not yet', () => {
      expect(applyRefunded(order('canceled', 3000), 3000)).toEqual({ to: 'canceled', amountRefunded: 3000 });
      expect(applyRefunded(order('canceled', 3000), 1000)).toEqual({ to: 'canceled', amountRefunded: 1000 });
      expect(applyRefunded(order('canceled', 3000, 3000), -1000)).toEqual({ to: 'canceled', amountRefunded: 2000 });
    });
  });
});
