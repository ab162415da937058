import { ORDER_STATUSES, OrderStatus } from '../../orders/order-status';
import { CheckoutState, checkoutState, describeCheckout } from './checkout-status';
import { PAYMENT_STATUSES, PaymentStatus } from '../payment-status';

const NOW = new Date('2026-03-01T12:00:00Z');
const LATER = new Date('2026-03-01T12:30:00Z');
const EARLIER = new Date('2026-03-01T11:59:59Z');

const stateOf = (orderStatus: OrderStatus, paymentStatus: PaymentStatus, expiresAt: Date | null = LATER) =>
  checkoutState({ orderStatus, paymentStatus, expiresAt }, NOW);

describe('checkoutState', () => {
  it('should follow the order once it is no longer pending, whatever this attempt says', () => {
    for (const paymentStatus of PAYMENT_STATUSES) {
      expect(stateOf('paid', paymentStatus)).toBe('paid');
      expect(stateOf('refunded', paymentStatus)).toBe('refunded');
      expect(stateOf('canceled', paymentStatus)).toBe('canceled');
    }
  });

  it.each<[PaymentStatus, CheckoutState]>([
    ['creating', 'confirming'],
    ['open', 'confirming'],
    ['succeeded', 'confirming'],
    ['processing', 'processing'],
    ['failed', 'failed'],
    ['expired', 'expired'],
    ['canceled', 'expired'],
  ])('should show a pending order whose attempt is %s as %s', (paymentStatus, expected) => {
    expect(stateOf('pending', paymentStatus)).toBe(expected);
  });

  it.each<[PaymentStatus, CheckoutState]>([
    ['succeeded', 'partially_paid'],
    ['open', 'confirming'],
    ['processing', 'processing'],
    ['failed', 'failed'],
    ['expired', 'expired'],
  ])('should show a partly paid order whose attempt is %s as %s', (paymentStatus, expected) => {
    expect(stateOf('partially_paid', paymentStatus)).toBe(expected);
  });

  it('should call an open attempt past its expiry expired, before the expiry event arrives', () => {
    expect(stateOf('pending', 'open', EARLIER)).toBe('expired');
    expect(stateOf('pending', 'open', NOW)).toBe('expired');
    expect(stateOf('pending', 'open', null)).toBe('confirming');
  });

  it('should answer a state for every pair of statuses', () => {
    for (const orderStatus of ORDER_STATUSES) {
      for (const paymentStatus of PAYMENT_STATUSES)
        expect(stateOf(orderStatus, paymentStatus)).toEqual(expect.any(String));
    }
  });
});

describe('describeCheckout', () => {
  it('should keep polling only while waiting (confirming or processing)', () => {
    const finalByState = new Map<string, boolean>();
    for (const orderStatus of ORDER_STATUSES) {
      for (const paymentStatus of PAYMENT_STATUSES) {
        const view = describeCheckout({ orderStatus, paymentStatus, expiresAt: LATER }, NOW);
        finalByState.set(view.state, view.final);
      }
    }
    expect(Object.fromEntries(finalByState)).toEqual({
      paid: true,
      partially_paid: true,
      refunded: true,
      canceled: true,
      confirming: false,
      processing: false,
      failed: true,
      expired: true,
    });
  });

  it('should say why the customer waits', () => {
    expect(
      describeCheckout({ orderStatus: 'pending', paymentStatus: 'processing', expiresAt: LATER }, NOW).message,
    ).toMatch(/bank payment is being processed; this can take a few days/);
    expect(describeCheckout({ orderStatus: 'pending', paymentStatus: 'open', expiresAt: LATER }, NOW).message).toMatch(
      /waiting for the payment confirmation/,
    );
  });

  it('should tell a customer whose money arrived after the cancel that it is refunded', () => {
    expect(
      describeCheckout({ orderStatus: 'canceled', paymentStatus: 'succeeded', expiresAt: null }, NOW).message,
    ).toMatch(/refunded to you in full/);
    expect(
      describeCheckout({ orderStatus: 'canceled', paymentStatus: 'canceled', expiresAt: null }, NOW).message,
    ).toMatch(/will not be charged/);
  });

  it('should never word anything like an internal error or an API', () => {
    for (const orderStatus of ORDER_STATUSES) {
      for (const paymentStatus of PAYMENT_STATUSES) {
        const { title, message } = describeCheckout({ orderStatus, paymentStatus, expiresAt: LATER }, NOW);
        expect(`${title} ${message}`).not.toMatch(/webhook|GET |POST |\/orders|error|exception|null|undefined|Stripe/i);
      }
    }
  });

  it('should give each state its own title and a sentence of its own', () => {
    const facts: Record<CheckoutState, [OrderStatus, PaymentStatus]> = {
      paid: ['paid', 'succeeded'],
      partially_paid: ['partially_paid', 'succeeded'],
      confirming: ['pending', 'open'],
      processing: ['pending', 'processing'],
      failed: ['pending', 'failed'],
      expired: ['pending', 'expired'],
      canceled: ['canceled', 'canceled'],
      refunded: ['refunded', 'succeeded'],
    };
    const views = Object.entries(facts).map(([state, [orderStatus, paymentStatus]]) => {
      const view = describeCheckout({ orderStatus, paymentStatus, expiresAt: LATER }, NOW);
      expect(view.state).toBe(state);
      return view;
    });
    expect(views.map((view) => view.title)).toEqual([
      'Payment received',
      'Part payment received',
      'Confirming your payment',
      'Payment being processed',
      'Payment failed',
      'Checkout expired',
      'Order canceled',
      'Order refunded',
    ]);
    const messages = views.map((view) => view.message);
    expect(new Set(messages).size).toBe(messages.length);
    for (const message of messages) expect(message).toMatch(/^[A-Z].{10,}\.$/);
    const canceledAfterPayment = describeCheckout(
      { orderStatus: 'canceled', paymentStatus: 'succeeded', expiresAt: null },
      NOW,
    );
    expect(canceledAfterPayment.title).toBe('Order canceled');
    expect(messages).not.toContain(canceledAfterPayment.message);
  });
});
