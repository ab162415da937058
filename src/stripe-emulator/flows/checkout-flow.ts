import type Stripe from 'stripe';
import { stateError } from '../api/api-errors';
import { customerDetailsFor, LineItemInput, newCheckoutSession, newLineItem } from '../objects/checkout-session.object';
import { BANK_DEBIT_FAILED, CARD_DECLINED, ChargeOutcome, newCharge } from '../objects/charge.object';
import { EventRequest, NO_REQUEST } from '../objects/event.object';
import { newPaymentIntent, PaymentMethodKind, paymentMethodTypeOf } from '../objects/payment-intent.object';
import type { SessionRecord } from '../state/emulator-state';
import { idOf, newId } from '../support/ids';
import { find, FlowContext } from './flow-context';

export interface CreateCheckoutSessionInput {
  lineItems: LineItemInput[];
  currency: string;
  expiresAt: number;
  successUrl?: string;
  cancelUrl?: string;
  clientReferenceId?: string;
  customerEmail?: string;
  metadata: Record<string, string>;
  paymentIntentMetadata: Record<string, string>;
}

/** What a customer (or a test) can do to a session; the page's buttons and the controls use these. */
export const CHECKOUT_ACTIONS = ['pay', 'decline', 'pay_later', 'async_succeed', 'async_fail', 'expire'] as const;
export type CheckoutAction = (typeof CHECKOUT_ACTIONS)[number];

/**
 * The Checkout Session life cycle:
 *   open --pay--------> complete/paid                      (checkout.session.completed)
 *   open --pay_later--> complete/unpaid                    (checkout.session.completed)
 *        complete/unpaid --async_succeed--> complete/paid  (checkout.session.async_payment_succeeded)
 *        complete/unpaid --async_fail-----> complete/unpaid (checkout.session.async_payment_failed)
 *   open --decline----> open (the PaymentIntent records the decline; no event)
 *   open --expire / expires_at passed--> expired           (checkout.session.expired)
 * Anything else is refused, as Stripe refuses it.
 */
export class CheckoutFlow {
  private readonly actions: Record<CheckoutAction, (id: string) => Stripe.Checkout.Session> = {
    pay: (id) => this.pay(id),
    decline: (id) => this.decline(id),
    pay_later: (id) => this.payLater(id),
    async_succeed: (id) => this.succeedAsyncPayment(id),
    async_fail: (id) => this.failAsyncPayment(id),
    expire: (id) => this.expire(id),
  };

  constructor(private readonly ctx: FlowContext) {}

  create(input: CreateCheckoutSessionInput, checkoutUrl: (sessionId: string) => string): SessionRecord {
    const created = this.ctx.nowSeconds();
    const id = newId('checkoutSession');
    const session = newCheckoutSession({
      id,
      created,
      expiresAt: input.expiresAt,
      currency: input.currency,
      amountTotal: input.lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0),
      url: checkoutUrl(id),
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      clientReferenceId: input.clientReferenceId,
      customerEmail: input.customerEmail,
      metadata: input.metadata,
    });
    const record: SessionRecord = {
      session,
      lineItems: input.lineItems.map((item) => newLineItem(item, created)),
      paymentIntentMetadata: input.paymentIntentMetadata,
    };
    this.ctx.state.sessions.set(id, record);
    return record;
  }

  act(id: string, action: CheckoutAction): Stripe.Checkout.Session {
    return this.actions[action](id);
  }

  /** The card is accepted: the money moved. */
  pay(id: string): Stripe.Checkout.Session {
    const record = this.requireOpen(id, 'paid');
    const paymentIntent = this.paymentIntentOf(record);
    this.charge(record, paymentIntent, 'card', 'succeeded');
    Object.assign(paymentIntent, {
      status: 'succeeded',
      amount_received: paymentIntent.amount,
      last_payment_error: null,
    });
    this.complete(record, 'paid');
    this.ctx.events.publish('checkout.session.completed', record.session);
    return record.session;
  }

  /** The card is declined: the customer stays on the page and may try again. */
  decline(id: string): Stripe.Checkout.Session {
    const record = this.requireOpen(id, 'paid');
    const paymentIntent = this.paymentIntentOf(record);
    const charge = this.charge(record, paymentIntent, 'card', 'declined');
    Object.assign(paymentIntent, {
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'card_error',
        code: CARD_DECLINED.code,
        decline_code: CARD_DECLINED.declineCode,
        message: CARD_DECLINED.message,
        charge: charge.id,
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      },
    });
    return record.session;
  }

  /** A bank debit: the session completes unpaid; the money settles (or not) later. */
  payLater(id: string): Stripe.Checkout.Session {
    const record = this.requireOpen(id, 'paid');
    const paymentIntent = this.paymentIntentOf(record);
    this.charge(record, paymentIntent, 'bank_debit', 'pending');
    Object.assign(paymentIntent, { status: 'processing', last_payment_error: null });
    this.complete(record, 'unpaid');
    this.ctx.events.publish('checkout.session.completed', record.session);
    const auto = this.ctx.settings.asyncPaymentAutoOutcome;
    if (auto) {
      this.ctx.timers.after(auto.afterMs, () => {
        if (this.ctx.state.paymentIntents.get(paymentIntent.id)?.status !== 'processing') return;
        if (auto.outcome === 'succeeded') this.succeedAsyncPayment(id);
        else this.failAsyncPayment(id);
      });
    }
    return record.session;
  }

  succeedAsyncPayment(id: string): Stripe.Checkout.Session {
    const { record, paymentIntent, charge } = this.requireAwaitingSettlement(id);
    Object.assign(charge, { status: 'succeeded', paid: true });
    Object.assign(paymentIntent, { status: 'succeeded', amount_received: paymentIntent.amount });
    record.session.payment_status = 'paid';
    this.ctx.events.publish('checkout.session.async_payment_succeeded', record.session);
    return record.session;
  }

  failAsyncPayment(id: string): Stripe.Checkout.Session {
    const { record, paymentIntent, charge } = this.requireAwaitingSettlement(id);
    Object.assign(charge, {
      status: 'failed',
      paid: false,
      captured: false,
      amount_captured: 0,
      failure_code: BANK_DEBIT_FAILED.code,
      failure_message: BANK_DEBIT_FAILED.message,
      failure_balance_transaction: newId('balanceTransaction'),
    });
    Object.assign(paymentIntent, {
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'invalid_request_error',
        code: BANK_DEBIT_FAILED.code,
        message: BANK_DEBIT_FAILED.message,
        charge: charge.id,
      },
    });
    this.ctx.events.publish('checkout.session.async_payment_failed', record.session);
    return record.session;
  }

  /** Through the API (`request` set), a test control, or `expires_at` passing. */
  expire(id: string, request: EventRequest = NO_REQUEST): Stripe.Checkout.Session {
    const record = find.session(this.ctx.state, id);
    const { session } = record;
    if (session.status !== 'open') {
      throw stateError(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${session.status}\`.`,
      );
    }
    session.status = 'expired';
    session.url = null;
    // A PaymentIntent left by a declined attempt is canceled with its session.
    const paymentIntent = session.payment_intent
      ? this.ctx.state.paymentIntents.get(idOf(session.payment_intent))
      : undefined;
    if (paymentIntent) {
      Object.assign(paymentIntent, {
        status: 'canceled',
        canceled_at: this.ctx.nowSeconds(),
        cancellation_reason: 'abandoned',
      });
    }
    this.ctx.events.publish('checkout.session.expired', session, { request });
    return session;
  }

  /** Called on a timer: expires every open session whose `expires_at` has passed. */
  expireDue(): void {
    const now = this.ctx.nowSeconds();
    for (const { session } of [...this.ctx.state.sessions.values()]) {
      if (session.status === 'open' && session.expires_at <= now) this.expire(session.id);
    }
  }

  private requireOpen(id: string, verb: string): SessionRecord {
    const record = find.session(this.ctx.state, id);
    if (record.session.status !== 'open') {
      throw stateError(`This Checkout Session is ${record.session.status}; only an open session can be ${verb}.`);
    }
    return record;
  }

  private requireAwaitingSettlement(id: string) {
    const record = find.session(this.ctx.state, id);
    const paymentIntent = record.session.payment_intent
      ? this.ctx.state.paymentIntents.get(idOf(record.session.payment_intent))
      : undefined;
    if (record.session.status !== 'complete' || !paymentIntent || paymentIntent.status !== 'processing') {
      throw stateError(
        `This Checkout Session has no payment waiting to settle (status ${record.session.status}, payment_status ${record.session.payment_status}); use pay_later first.`,
      );
    }
    const charge = find.charge(this.ctx.state, idOf(paymentIntent.latest_charge));
    return { record, paymentIntent, charge };
  }

  /** Checkout makes one PaymentIntent per session, at the first attempt, and reuses it. */
  private paymentIntentOf(record: SessionRecord): Stripe.PaymentIntent {
    const existing = record.session.payment_intent;
    if (existing) return find.paymentIntent(this.ctx.state, idOf(existing));
    const paymentIntent = newPaymentIntent({
      created: this.ctx.nowSeconds(),
      amount: record.session.amount_total ?? 0,
      currency: record.session.currency ?? 'usd',
      metadata: { ...record.paymentIntentMetadata },
      receiptEmail: record.session.customer_email,
    });
    this.ctx.state.paymentIntents.set(paymentIntent.id, paymentIntent);
    record.session.payment_intent = paymentIntent.id;
    return paymentIntent;
  }

  private charge(
    record: SessionRecord,
    paymentIntent: Stripe.PaymentIntent,
    kind: PaymentMethodKind,
    outcome: ChargeOutcome,
  ): Stripe.Charge {
    const paymentMethod = newId('paymentMethod');
    const charge = newCharge({
      created: this.ctx.nowSeconds(),
      paymentIntent,
      paymentMethod,
      kind,
      outcome,
      email: record.session.customer_email ?? 'customer@example.com',
    });
    this.ctx.state.charges.set(charge.id, charge);
    Object.assign(paymentIntent, {
      latest_charge: charge.id,
      payment_method: paymentMethod,
      payment_method_types: [paymentMethodTypeOf(kind)],
    });
    return charge;
  }

  private complete(record: SessionRecord, paymentStatus: 'paid' | 'unpaid'): void {
    const { session } = record;
    session.status = 'complete';
    session.payment_status = paymentStatus;
    session.customer_details = customerDetailsFor(session.customer_email);
    session.url = null;
  }
}
