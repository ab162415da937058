import { isJsonObject, MAX_AMOUNT, ProviderFields } from '../provider-fields';

/**
 * A Stripe object that lacks a field orderpay reads, or has it in a shape Stripe never sends.
 * For a signed event this means "can never be applied": stored as ignored with this message.
 */
export class UnusableStripeObjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableStripeObjectError';
  }
}

export { isJsonObject };

/** Stripe ids (evt_, cs_, pi_, re_, du_…): printable ASCII, no spaces, within our columns. */
const STRIPE_ID = /^[\x21-\x7e]{1,255}$/;
/** The year 3000: anything later is not a date Stripe sends. */
const MAX_TIMESTAMP = 32_503_680_000;

/** Reads of Stripe's own formats (ids, integer amounts, Unix times) beside the shared ones. */
export class StripeFields extends ProviderFields {
  static of(value: unknown, path: string): StripeFields {
    if (!isJsonObject(value)) throw new UnusableStripeObjectError(`${path} must be an object`);
    return new StripeFields(value, path);
  }

  protected at(value: unknown, path: string): this {
    return StripeFields.of(value, path) as this;
  }

  protected unusable(message: string): Error {
    return new UnusableStripeObjectError(message);
  }

  id(key: string): string {
    const value = this.get(key);
    if (typeof value !== 'string' || !STRIPE_ID.test(value))
      this.refuse(key, 'a Stripe id (1 to 255 printable characters)');
    return value;
  }

  /** An expandable field: an id, the object it names (with its id), or null. */
  optionalReference(key: string): string | null {
    const value = this.get(key);
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return this.id(key);
    if (isJsonObject(value)) return StripeFields.of(value, `${this.path}.${key}`).id('id');
    return this.refuse(key, 'an id, an object with an id, or null');
  }

  /**
   * Minor units: a whole number from `min` up (Stripe never sends a negative amount; a refund is
   * at least 1) that fits the database's integer columns.
   */
  amount(key: string, min = 0): number {
    const value = this.get(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > MAX_AMOUNT) {
      this.refuse(key, `a whole number of minor units from ${min} to ${MAX_AMOUNT}`);
    }
    return value;
  }

  optionalAmount(key: string): number | null {
    const value = this.get(key);
    return value === undefined || value === null ? null : this.amount(key);
  }

  /** When a field only dates a record: an odd value reads as now rather than losing the event. */
  timestampOrNow(key: string): Date {
    const value = this.get(key);
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_TIMESTAMP
      ? new Date(value * 1000)
      : new Date();
  }
}
