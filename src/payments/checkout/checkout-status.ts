import type { OrderStatus } from '../../orders/order-status';
import type { PaymentStatus } from '../payment-status';

/**
 * What a customer back from Checkout should be told, in the customer's terms. `confirming` and
 * `processing` are the two ways of still waiting; every other state is final for this checkout.
 */
export const CHECKOUT_STATES = [
  'paid',
  'partially_paid',
  'confirming',
  'processing',
  'failed',
  'expired',
  'canceled',
  'refunded',
] as const;
export type CheckoutState = (typeof CHECKOUT_STATES)[number];

export interface CheckoutFacts {
  orderStatus: OrderStatus;
  paymentStatus: PaymentStatus;
  /** When the Checkout Session stops taking payments. */
  expiresAt: Date | null;
}

export interface CheckoutStatusView {
  state: CheckoutState;
  /** True when nothing about this checkout will change by waiting: stop polling. */
  final: boolean;
  title: string;
  /** A sentence for the customer; never internal error text (failure reasons stay in the database). */
  message: string;
}

const WAITING: ReadonlySet<CheckoutState> = new Set(['confirming', 'processing']);

/**
 * The order decides first (it is paid, refunded or canceled whatever this attempt says); for an
 * order still taking payments, this attempt's status says whether this part arrived, why the
 * customer is still waiting or what went wrong.
 */
export function checkoutState(
  { orderStatus, paymentStatus, expiresAt }: CheckoutFacts,
  now: Date = new Date(),
): CheckoutState {
  switch (orderStatus) {
    case 'paid':
      return 'paid';
    case 'refunded':
      return 'refunded';
    case 'canceled':
      return 'canceled';
    // Stryker disable next-line ConditionalExpression,StringLiteral: without it, a pending order falls out of the switch all the same
    case 'pending':
      break;
    case 'partially_paid':
      // This part arrived; the rest of the order is paid with another checkout.
      if (paymentStatus === 'succeeded') return 'partially_paid';
      break;
  }
  switch (paymentStatus) {
    case 'processing':
      return 'processing';
    case 'failed':
      return 'failed';
    case 'expired':
    case 'canceled':
      return 'expired';
    case 'creating':
    case 'open':
      // Checkout only sends the customer back after they paid: an open attempt means the
      // confirmation (the webhook) is on its way, unless the session has run out meanwhile.
      return expiresAt && expiresAt.getTime() <= now.getTime() ? 'expired' : 'confirming';
    case 'succeeded':
      // Recorded, and the order moves in the same transaction: a reader between the two waits.
      return 'confirming';
  }
}

export function describeCheckout(facts: CheckoutFacts, now: Date = new Date()): CheckoutStatusView {
  const state = checkoutState(facts, now);
  const { title, message } = wording(state, facts);
  return { state, final: !WAITING.has(state), title, message };
}

function wording(state: CheckoutState, facts: CheckoutFacts): { title: string; message: string } {
  switch (state) {
    case 'paid':
      return { title: 'Payment received', message: 'Thank you! Your order is paid.' };
    case 'partially_paid':
      return {
        title: 'Part payment received',
        message: 'Thank you! This part of your order is paid; the rest is still to pay, from the shop.',
      };
    case 'confirming':
      return {
        title: 'Confirming your payment',
        message:
          'Your payment was submitted. We are waiting for the payment confirmation; this page updates by itself.',
      };
    case 'processing':
      return {
        title: 'Payment being processed',
        message:
          'Your bank payment is being processed; this can take a few days. Your order is marked paid as soon as ' +
          'the money arrives. You can close this page.',
      };
    case 'failed':
      return {
        title: 'Payment failed',
        message: 'The payment did not go through, so the order is not paid. You can try again from the shop.',
      };
    case 'expired':
      return {
        title: 'Checkout expired',
        message:
          'This checkout closed before the payment was completed, so nothing was charged. You can pay for the order again from the shop.',
      };
    case 'canceled':
      return facts.paymentStatus === 'succeeded'
        ? {
            title: 'Order canceled',
            message: 'This order was canceled before your payment arrived, so the payment is refunded to you in full.',
          }
        : { title: 'Order canceled', message: 'This order was canceled, so it will not be charged.' };
    case 'refunded':
      return { title: 'Order refunded', message: 'This order was refunded.' };
  }
}
