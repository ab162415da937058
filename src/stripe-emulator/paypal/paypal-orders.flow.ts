import { invalidRequest, invalidValue, missing, resourceNotFound, unprocessable } from './paypal-errors';
import type { PayPalContext } from './paypal-context';
import { paypalId } from './paypal-ids';
import { parseMoney } from './paypal-money';
import { renderCapture, renderOrder } from './paypal-objects';
import type { ApprovalOutcome, CaptureRecord, OrderRecord, PurchaseUnitRecord } from './paypal-state';

type Json = Record<string, unknown>;

const UNIT_FIELD = "/purchase_units/@reference_id=='default'";

/** Orders v2 with intent CAPTURE: create, approve on the hosted page, capture once. */
export class PayPalOrdersFlow {
  constructor(private readonly ctx: PayPalContext) {}

  create(body: Json): OrderRecord {
    if (body.intent === undefined) throw invalidRequest(missing('/intent'));
    if (body.intent !== 'CAPTURE') {
      throw unprocessable({
        issue: 'UNSUPPORTED_INTENT',
        description: 'The stand-in supports intent CAPTURE only (AUTHORIZE is not emulated).',
        field: '/intent',
        value: JSON.stringify(body.intent),
        location: 'body',
      });
    }
    const units = body.purchase_units;
    if (!Array.isArray(units) || units.length === 0) throw invalidRequest(missing('/purchase_units'));
    if (units.length > 1) {
      throw invalidRequest(
        invalidValue('/purchase_units', units.length, 'The PayPal stand-in handles one purchase unit per order.'),
      );
    }
    const unit = readPurchaseUnit(units[0] as Json);
    const experience = ((body.payment_source as Json | undefined)?.paypal as Json | undefined)?.experience_context as
      Json | undefined;
    const context = experience ?? (body.application_context as Json | undefined) ?? {};
    const now = this.ctx.now();
    const order: OrderRecord = {
      id: paypalId.order(),
      // PayPal answers PAYER_ACTION_REQUIRED when the buyer's wallet is named as payment source.
      status: experience ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
      createdAt: now,
      updatedAt: now,
      unit,
      returnUrl: optionalString(context.return_url),
      cancelUrl: optionalString(context.cancel_url),
      brandName: optionalString(context.brand_name),
      viaPaymentSource: experience !== undefined,
    };
    this.ctx.state.orders.set(order.id, order);
    return order;
  }

  get(id: string): OrderRecord {
    const order = this.ctx.state.orders.get(id);
    if (!order)
      throw resourceNotFound(
        `Specified resource ID does not exist. Please check the resource ID and try again.`,
        'order_id',
        id,
      );
    return order;
  }

  /** The buyer's "Approve" on the hosted page; `outcome` decides what the later capture does. */
  approve(id: string, outcome: ApprovalOutcome): OrderRecord {
    const order = this.get(id);
    if (order.status !== 'CREATED' && order.status !== 'PAYER_ACTION_REQUIRED') {
      throw unprocessable({ issue: 'ORDER_ALREADY_APPROVED', description: 'The order was already approved.' });
    }
    order.status = 'APPROVED';
    order.payerId = paypalId.payer();
    order.outcome = outcome;
    order.updatedAt = this.ctx.now();
    this.ctx.webhooks.publish('CHECKOUT.ORDER.APPROVED', renderOrder(this.ctx.state, order, this.ctx.urls));
    return order;
  }

  capture(id: string): OrderRecord {
    const { state } = this.ctx;
    const order = this.get(id);
    if (order.status === 'CREATED' || order.status === 'PAYER_ACTION_REQUIRED') {
      throw unprocessable({
        issue: 'ORDER_NOT_APPROVED',
        description:
          "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
      });
    }
    if (order.status === 'COMPLETED') {
      throw unprocessable({
        issue: 'ORDER_ALREADY_CAPTURED',
        description: "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.",
      });
    }
    if (order.unit.invoice_id && this.invoiceAlreadyPaid(order.unit.invoice_id)) {
      throw unprocessable({
        issue: 'DUPLICATE_INVOICE_ID',
        description:
          'Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.',
      });
    }
    const now = this.ctx.now();
    const outcome = order.outcome ?? 'complete';
    const capture: CaptureRecord = {
      id: paypalId.capture(),
      orderId: order.id,
      status: outcome === 'complete' ? 'COMPLETED' : outcome === 'pending' ? 'PENDING' : 'DECLINED',
      reason: outcome === 'pending' ? 'ECHECK' : undefined,
      currency: order.unit.currency,
      minor: order.unit.minor,
      refundedMinor: 0,
      createdAt: now,
      updatedAt: now,
    };
    state.captures.set(capture.id, capture);
    // A declined capture still completes the order: PayPal reports the refusal on the capture.
    order.status = 'COMPLETED';
    order.captureId = capture.id;
    order.updatedAt = now;
    const type =
      capture.status === 'COMPLETED'
        ? 'PAYMENT.CAPTURE.COMPLETED'
        : capture.status === 'PENDING'
          ? 'PAYMENT.CAPTURE.PENDING'
          : 'PAYMENT.CAPTURE.DENIED';
    this.ctx.webhooks.publish(type, renderCapture(state, capture, this.ctx.urls));
    if (capture.status === 'PENDING' && this.ctx.settings.pendingCaptureOutcome !== 'manual') {
      const to = this.ctx.settings.pendingCaptureOutcome === 'completed' ? 'COMPLETED' : 'DECLINED';
      this.ctx.timers.after(this.ctx.settings.pendingCaptureSettleMs, () => {
        if (capture.status === 'PENDING') this.settlePending(capture.id, to);
      });
    }
    return order;
  }

  /** Ends a PENDING capture, as the eCheck clearing (or failing) does days later on PayPal. */
  settlePending(captureId: string, to: 'COMPLETED' | 'DECLINED'): CaptureRecord {
    const capture = this.ctx.state.captures.get(captureId);
    if (!capture) throw resourceNotFound('Specified resource ID does not exist.', 'capture_id', captureId);
    if (capture.status !== 'PENDING') {
      throw unprocessable({ issue: 'CAPTURE_NOT_PENDING', description: `The capture is ${capture.status}.` });
    }
    capture.status = to;
    capture.reason = undefined;
    capture.updatedAt = this.ctx.now();
    const type = to === 'COMPLETED' ? 'PAYMENT.CAPTURE.COMPLETED' : 'PAYMENT.CAPTURE.DENIED';
    this.ctx.webhooks.publish(type, renderCapture(this.ctx.state, capture, this.ctx.urls));
    return capture;
  }

  private invoiceAlreadyPaid(invoiceId: string): boolean {
    for (const capture of this.ctx.state.captures.values()) {
      if (capture.status === 'DECLINED' || capture.status === 'FAILED') continue;
      if (this.ctx.state.orders.get(capture.orderId)?.unit.invoice_id === invoiceId) return true;
    }
    return false;
  }
}

function readPurchaseUnit(unit: Json): PurchaseUnitRecord {
  if (typeof unit !== 'object' || unit === null) throw invalidRequest(missing('/purchase_units/0'));
  const { currency, minor } = parseMoney(unit.amount, `${UNIT_FIELD}/amount`);
  const items = Array.isArray(unit.items) ? (unit.items as Json[]) : undefined;
  checkBreakdown(unit.amount as Json, items, currency, minor);
  return {
    reference_id: optionalString(unit.reference_id) ?? 'default',
    amount: unit.amount as Json,
    currency,
    minor,
    description: optionalString(unit.description),
    custom_id: optionalString(unit.custom_id),
    invoice_id: optionalString(unit.invoice_id),
    soft_descriptor: optionalString(unit.soft_descriptor),
    items,
  };
}

/** PayPal's two totals rules: items must add up to `item_total`, the breakdown to `value`. */
function checkBreakdown(amount: Json, items: Json[] | undefined, currency: string, minor: number): void {
  const breakdown = amount.breakdown as Record<string, unknown> | undefined;
  const part = (name: string) =>
    breakdown?.[name] === undefined
      ? 0
      : parseMoney(breakdown[name], `${UNIT_FIELD}/amount/breakdown/${name}`, { allowZero: true }).minor;
  if (items && items.length > 0) {
    if (breakdown?.item_total === undefined) {
      throw unprocessable({
        issue: 'ITEM_TOTAL_REQUIRED',
        description:
          'If item details are specified (items.unit_amount and items.quantity) corresponding amount.breakdown.item_total is required.',
        field: `${UNIT_FIELD}/amount/breakdown/item_total`,
        location: 'body',
      });
    }
    const sum = items.reduce((total, item, i) => {
      const unitAmount = parseMoney(item.unit_amount, `${UNIT_FIELD}/items/@name=='${String(item.name)}'/unit_amount`);
      if (unitAmount.currency !== currency)
        throw unprocessable({
          issue: 'CURRENCY_MISMATCH',
          description: 'Should have same currency code across all amount objects.',
          field: `${UNIT_FIELD}/items/${i}/unit_amount/currency_code`,
          location: 'body',
        });
      return total + unitAmount.minor * Number(item.quantity ?? 1);
    }, 0);
    if (sum !== part('item_total')) {
      throw unprocessable({
        issue: 'ITEM_TOTAL_MISMATCH',
        description: 'Should equal sum of (unit_amount * quantity) across all items for a given purchase_unit.',
        field: `${UNIT_FIELD}/amount/breakdown/item_total/value`,
        location: 'body',
      });
    }
  }
  if (breakdown) {
    const expected =
      part('item_total') +
      part('tax_total') +
      part('shipping') +
      part('handling') +
      part('insurance') -
      part('shipping_discount') -
      part('discount');
    if (expected !== minor) {
      throw unprocessable({
        issue: 'AMOUNT_MISMATCH',
        description:
          'Should equal item_total + tax_total + shipping + handling + insurance - shipping_discount - discount.',
        field: `${UNIT_FIELD}/amount/value`,
        location: 'body',
      });
    }
  }
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
