import { isUUID } from 'class-validator';
import { unsafeTextKind } from '../../../common/json-safety';

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

type Json = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Stripe ids (evt_, cs_, pi_, re_, du_…): printable ASCII, no spaces, within our columns. */
const STRIPE_ID = /^[\x21-\x7e]{1,255}$/;
const CURRENCY = /^[A-Za-z]{3}$/;
/** PostgreSQL `integer`, the type of every amount column. */
const MAX_AMOUNT = 2_147_483_647;
/** The year 3000: anything later is not a date Stripe sends. */
const MAX_TIMESTAMP = 32_503_680_000;

/**
 * Typed reads of one Stripe object, each naming the field it refuses (`data.object.amount_total
 * must be an integer`). Handlers only ever see what passed through here, so a crafted or broken
 * event cannot reach a query with a NUL, a number where a string belongs, or a foreign id.
 */
export class StripeFields {
  private constructor(
    private readonly object: Json,
    readonly path: string,
  ) {}

  static of(value: unknown, path: string): StripeFields {
    if (!isJsonObject(value)) throw new UnusableStripeObjectError(`${path} must be an object`);
    return new StripeFields(value, path);
  }

  private has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.object, key);
  }

  private get(key: string): unknown {
    return this.has(key) ? this.object[key] : undefined;
  }

  private refuse(key: string, expected: string): never {
    throw new UnusableStripeObjectError(`${this.path}.${key} must be ${expected}`);
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

  text(key: string, maxLength = 5000): string {
    const value = this.get(key);
    if (typeof value !== 'string' || value.length > maxLength || unsafeTextKind(value)) {
      this.refuse(key, `text of at most ${maxLength} characters, without NUL or unpaired surrogates`);
    }
    return value;
  }

  optionalText(key: string, maxLength = 5000): string | null {
    const value = this.get(key);
    return value === undefined || value === null ? null : this.text(key, maxLength);
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

  currency(key: string): string {
    const value = this.get(key);
    if (typeof value !== 'string' || !CURRENCY.test(value)) this.refuse(key, 'a three-letter ISO currency code');
    return value;
  }

  optionalCurrency(key: string): string | null {
    const value = this.get(key);
    return value === undefined || value === null ? null : this.currency(key);
  }

  /**
   * An enum Stripe may extend (its "open" enums, some nullable): a value orderpay does not know,
   * or null, reads as `fallback`, the answer that moves no money. Only a non-string is refused.
   */
  openEnum<T extends string>(key: string, known: readonly T[], fallback: T): T {
    const value = this.get(key);
    if (value !== undefined && value !== null && typeof value !== 'string')
      this.refuse(key, `one of ${known.join(', ')} or null`);
    return (known as readonly unknown[]).includes(value) ? (value as T) : fallback;
  }

  /** When a field only dates a record: an odd value reads as now rather than losing the event. */
  timestampOrNow(key: string): Date {
    const value = this.get(key);
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_TIMESTAMP
      ? new Date(value * 1000)
      : new Date();
  }

  nested(key: string): StripeFields {
    return StripeFields.of(this.get(key), `${this.path}.${key}`);
  }

  optionalNested(key: string): StripeFields | null {
    const value = this.get(key);
    return value === undefined || value === null ? null : this.nested(key);
  }

  optionalList(key: string): unknown[] {
    const value = this.get(key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.refuse(key, 'a list');
    return value;
  }

  /**
   * One of orderpay's own ids, from metadata it wrote. Anything else (absent, another system's
   * value) means "not ours": null, never a query with a value that is not a UUID.
   */
  ourId(key: string): string | null {
    const value = this.get(key);
    return typeof value === 'string' && isUUID(value) ? value : null;
  }
}
