import { FormObject, FormValue } from '../http/form-parser';
import { paramErrors } from './api-errors';

/**
 * A small declarative reader for Stripe's form parameters. Each endpoint declares the
 * parameters it supports; anything else is refused with Stripe's `parameter_unknown`, so a
 * client relying on a parameter the emulator ignores finds out at once instead of getting a
 * silently different object. Errors carry Stripe's bracketed `param` path
 * (`line_items[0][price_data][currency]`).
 *
 * Stripe reads an empty string as "unset", so `x=` is the same as leaving `x` out, except for
 * required parameters, which answer `parameter_invalid_empty`.
 */
export interface Field<T> {
  parse(raw: FormValue | undefined, param: string): T;
}

type Shape = Record<string, Field<unknown>>;
export type Infer<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

const childParam = (parent: string, key: string) => (parent ? `${parent}[${key}]` : key);

function isUnset(raw: FormValue | undefined): raw is undefined | '' {
  return raw === undefined || raw === '';
}

function expectText(raw: FormValue, param: string): string {
  if (typeof raw !== 'string') throw paramErrors.invalid(param, `Invalid ${param}: must be a string, not a hash`);
  return raw;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function string(
  opts: { enum?: readonly string[]; maxLength?: number; format?: 'email' | 'url' } = {},
): Field<string | undefined> {
  return {
    parse(raw, param) {
      if (isUnset(raw)) return undefined;
      const value = expectText(raw, param);
      if (opts.enum && !opts.enum.includes(value)) {
        throw paramErrors.invalid(param, `Invalid ${param}: must be one of ${opts.enum.join(', ')}`);
      }
      if (opts.maxLength !== undefined && value.length > opts.maxLength) {
        throw paramErrors.invalid(param, `Invalid ${param}: must be at most ${opts.maxLength} characters long`);
      }
      if (opts.format === 'email' && !EMAIL.test(value)) {
        throw paramErrors.invalid(param, `Invalid email address: ${value}`, 'email_invalid');
      }
      if (opts.format === 'url' && !isHttpUrl(value)) {
        throw paramErrors.invalid(param, 'Not a valid URL', 'url_invalid');
      }
      return value;
    },
  };
}

function isHttpUrl(value: string): boolean {
  try {
    // `{CHECKOUT_SESSION_ID}` is a template Stripe fills in; it is not part of the URL grammar.
    const url = new URL(value.replace(/\{CHECKOUT_SESSION_ID\}/g, 'x'));
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function integer(opts: { min?: number; max?: number } = {}): Field<number | undefined> {
  return {
    parse(raw, param) {
      if (isUnset(raw)) return undefined;
      const text = expectText(raw, param);
      if (!/^-?\d+$/.test(text)) throw paramErrors.invalidInteger(param, text);
      const value = Number(text);
      if (!Number.isSafeInteger(value)) throw paramErrors.invalidInteger(param, text);
      if (opts.min !== undefined && value < opts.min) throw paramErrors.integerOutOfRange(param, 'min', opts.min);
      if (opts.max !== undefined && value > opts.max) throw paramErrors.integerOutOfRange(param, 'max', opts.max);
      return value;
    },
  };
}

function object<S extends Shape>(shape: S): Field<Infer<S> | undefined> {
  return {
    parse(raw, param) {
      if (isUnset(raw)) return undefined;
      if (typeof raw === 'string') throw paramErrors.invalid(param, `Invalid object: ${param} must be a hash`);
      return readShape(shape, raw, param);
    },
  };
}

function array<T>(item: Field<T>, opts: { maxItems?: number } = {}): Field<T[] | undefined> {
  return {
    parse(raw, param) {
      if (isUnset(raw)) return undefined;
      if (typeof raw === 'string') throw paramErrors.invalid(param, `Invalid array: ${param} must be an array`);
      const keys = Object.keys(raw);
      // Stripe accepts `a[0]`, `a[1]`, ... with no gaps; the SDK always sends them so.
      const indexes = keys.map((k) => (/^\d+$/.test(k) ? Number(k) : NaN)).sort((a, b) => a - b);
      if (indexes.some((index, position) => index !== position)) {
        throw paramErrors.invalid(param, `Invalid array: ${param} must be indexed from 0 without gaps`);
      }
      if (opts.maxItems !== undefined && indexes.length > opts.maxItems) {
        throw paramErrors.invalid(param, `Invalid array: ${param} can have at most ${opts.maxItems} items`);
      }
      return indexes.map((index) => item.parse(raw[String(index)], `${param}[${index}]`));
    },
  };
}

/** Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500. */
function metadata(): Field<Record<string, string> | undefined> {
  return {
    parse(raw, param) {
      if (isUnset(raw)) return undefined;
      if (typeof raw === 'string') throw paramErrors.invalid(param, `Invalid object: ${param} must be a hash`);
      const result: Record<string, string> = {};
      for (const [key, value] of Object.entries(raw)) {
        const keyParam = childParam(param, key);
        if (typeof value !== 'string') {
          throw paramErrors.invalid(keyParam, `Invalid value for ${keyParam}: metadata values must be strings`);
        }
        if (key.length > 40) {
          throw paramErrors.invalid(
            keyParam,
            `Metadata keys can have up to 40 characters, but '${key}' has ${key.length}.`,
          );
        }
        if (value.length > 500) {
          throw paramErrors.invalid(
            keyParam,
            `Metadata values can have up to 500 characters, but ${keyParam} has ${value.length}.`,
          );
        }
        if (value !== '') result[key] = value;
      }
      if (Object.keys(result).length > 50) {
        throw paramErrors.invalid(
          param,
          `Metadata can have up to 50 keys, but you passed in ${Object.keys(result).length} keys.`,
        );
      }
      return result;
    },
  };
}

function required<T>(field: Field<T | undefined>): Field<T> {
  return {
    parse(raw, param) {
      const value = field.parse(raw, param);
      if (value !== undefined) return value;
      throw raw === '' ? paramErrors.empty(param) : paramErrors.missing(param);
    },
  };
}

export const params = { string, integer, object, array, metadata, required, expand: () => array(required(string())) };

function readShape<S extends Shape>(shape: S, raw: FormObject, parent: string): Infer<S> {
  const supported = Object.keys(shape);
  for (const key of Object.keys(raw)) {
    if (!(key in shape)) throw paramErrors.unknown(childParam(parent, key), supported);
  }
  const result: Record<string, unknown> = {};
  for (const key of supported) result[key] = shape[key].parse(raw[key], childParam(parent, key));
  return result as Infer<S>;
}

/** Reads a whole request body (or query) against the endpoint's parameter shape. */
export function parseParams<S extends Shape>(shape: S, body: FormObject): Infer<S> {
  return readShape(shape, body, '');
}
