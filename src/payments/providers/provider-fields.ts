import { isUUID } from 'class-validator';
import { unsafeTextKind } from '../../common/json-safety';

type Json = Record<string, unknown>;

const CURRENCY = /^[A-Za-z]{3}$/;
/** PostgreSQL `integer`, the type of every amount column. */
export const MAX_AMOUNT = 2_147_483_647;

export const isJsonObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Typed reads of one object a provider sent (an event, an API answer), each naming the field it
 * refuses (`resource.amount.value must be ...`). Handlers only ever see what passed through here,
 * so a crafted or broken object cannot reach a query with a NUL, a number where a string belongs,
 * or a foreign id. Each provider adds the reads of its own formats (ids, amounts, times).
 */
export abstract class ProviderFields {
  protected constructor(
    protected readonly object: Json,
    readonly path: string,
  ) {}

  /** The same kind of reader on a nested object. */
  protected abstract at(value: unknown, path: string): this;

  /** The provider's error for a field it never sends in this shape. */
  protected abstract unusable(message: string): Error;

  protected has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.object, key);
  }

  protected get(key: string): unknown {
    return this.has(key) ? this.object[key] : undefined;
  }

  protected refuse(key: string, expected: string): never {
    throw this.unusable(`${this.path}.${key} must be ${expected}`);
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
   * An enum the provider may extend (some nullable): a value orderpay does not know, or null,
   * reads as `fallback`, the answer that moves no money. Only a non-string is refused.
   */
  openEnum<T extends string>(key: string, known: readonly T[], fallback: T): T {
    const value = this.get(key);
    if (value !== undefined && value !== null && typeof value !== 'string')
      this.refuse(key, `one of ${known.join(', ')} or null`);
    return (known as readonly unknown[]).includes(value) ? (value as T) : fallback;
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

  nested(key: string): this {
    return this.at(this.get(key), `${this.path}.${key}`);
  }

  optionalNested(key: string): this | null {
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
   * One of orderpay's own ids, from a field it wrote (metadata, a custom id). Anything else
   * (absent, another system's value) means "not ours": null, never a query with a value that is
   * not a UUID.
   */
  ourId(key: string): string | null {
    const value = this.get(key);
    return typeof value === 'string' && isUUID(value) ? value : null;
  }
}
