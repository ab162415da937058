import { isJsonObject, MAX_AMOUNT, ProviderFields } from '../provider-fields';
import { fromPayPalValue } from './paypal-money';

/**
 * A PayPal object that lacks a field orderpay reads, or has it in a shape PayPal never sends.
 * For a verified event this means "can never be applied": stored as ignored with this message.
 */
export class UnusablePayPalObjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusablePayPalObjectError';
  }
}

/** PayPal ids (orders, captures, refunds, events `WH-…`, disputes `PP-D-…`): letters, digits, `-` and `_`. */
const PAYPAL_ID = /^[A-Za-z0-9_-]{1,255}$/;
const MAX_TIME_MS = 32_503_680_000_000;

/** Reads of PayPal's own formats (ids, `money`, RFC 3339 times, HATEOAS links) beside the shared ones. */
export class PayPalFields extends ProviderFields {
  static of(value: unknown, path: string): PayPalFields {
    if (!isJsonObject(value)) throw new UnusablePayPalObjectError(`${path} must be an object`);
    return new PayPalFields(value, path);
  }

  protected at(value: unknown, path: string): this {
    return PayPalFields.of(value, path) as this;
  }

  protected unusable(message: string): Error {
    return new UnusablePayPalObjectError(message);
  }

  id(key: string): string {
    const value = this.get(key);
    if (typeof value !== 'string' || !PAYPAL_ID.test(value)) this.refuse(key, 'a PayPal id');
    return value;
  }

  optionalId(key: string): string | null {
    const value = this.get(key);
    return value === undefined || value === null ? null : this.id(key);
  }

  /** A `money` object, in orderpay's minor units and lower-case currency. */
  money(key: string): { amount: number; currency: string } {
    const money = this.nested(key);
    const currency = money.currency('currency_code').toLowerCase();
    const value = money.text('value', 32);
    const amount = fromPayPalValue(value, currency);
    if (amount === null || amount > MAX_AMOUNT) this.refuse(`${key}.value`, `a decimal amount in ${currency}`);
    return { amount, currency };
  }

  optionalMoney(key: string): { amount: number; currency: string } | null {
    const value = this.get(key);
    return value === undefined || value === null ? null : this.money(key);
  }

  /** When a field only dates a record: an odd value reads as now rather than losing the event. */
  timeOrNow(key: string): Date {
    const value = this.get(key);
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isFinite(time) && time >= 0 && time <= MAX_TIME_MS ? new Date(time) : new Date();
  }

  /** The `href` of the first HATEOAS link with this `rel`, or null. */
  linkedHref(rel: string): string | null {
    for (const [i, entry] of this.optionalList('links').entries()) {
      const link = PayPalFields.of(entry, `${this.path}.links.${i}`);
      if (link.optionalText('rel', 100) === rel) return link.text('href', 2000);
    }
    return null;
  }

  /** The id at the end of the `rel` link's path (`up` from a refund names its capture), or null. */
  linkedId(rel: string): string | null {
    const href = this.linkedHref(rel);
    return href === null ? null : (/\/([A-Za-z0-9_-]{1,255})\/?(?:[?#].*)?$/.exec(href)?.[1] ?? null);
  }
}
