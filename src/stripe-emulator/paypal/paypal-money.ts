import { invalidRequest, invalidValue, missing, PayPalApiError, unprocessable } from './paypal-errors';

/** PayPal's `money`: an ISO currency code and a decimal string, never a float. */
export interface Money {
  currency_code: string;
  value: string;
}

/**
 * The currencies PayPal accepts for payments (developer.paypal.com/api/rest/reference/currency-codes).
 * HUF, JPY and TWD take no decimals; every other one exactly up to two.
 */
const TWO_DECIMALS = ['AUD', 'BRL', 'CAD', 'CNY', 'CZK', 'DKK', 'EUR', 'HKD', 'ILS', 'MYR', 'MXN', 'NZD', 'NOK'];
const MORE_TWO_DECIMALS = ['PHP', 'PLN', 'GBP', 'SGD', 'SEK', 'CHF', 'THB', 'USD'];
const DECIMALS: Record<string, number> = {
  ...Object.fromEntries([...TWO_DECIMALS, ...MORE_TWO_DECIMALS].map((code) => [code, 2])),
  HUF: 0,
  JPY: 0,
  TWD: 0,
};

/** PayPal's upper bound for `value`: 10 digits before the point (`^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]+))$`, maxLength 32). */
const MAX_MINOR_DIGITS = 10;

export function decimalsOf(currency: string): number {
  return DECIMALS[currency] ?? 2;
}

/**
 * Reads a `money` object into integer minor units, refusing what PayPal refuses: a missing or
 * unknown currency, a malformed value, too many decimals for the currency, a zero or negative
 * amount (zero where `allowZero`: breakdown parts such as a 0.00 tax). Integers keep the refund arithmetic exact.
 */
export function parseMoney(
  input: unknown,
  field: string,
  { allowZero = false }: { allowZero?: boolean } = {},
): { currency: string; minor: number } {
  if (typeof input !== 'object' || input === null) throw invalidRequest(missing(field));
  const { currency_code: currency, value } = input as Partial<Money>;
  if (typeof currency !== 'string') throw invalidRequest(missing(`${field}/currency_code`));
  if (typeof value !== 'string') throw invalidRequest(missing(`${field}/value`));
  if (!(currency in DECIMALS)) {
    throw unprocessable({
      issue: 'CURRENCY_NOT_SUPPORTED',
      description: 'Currency code is unsupported.',
      field: `${field}/currency_code`,
      value: currency,
      location: 'body',
    });
  }
  const match = /^(-?)(\d{0,10})(?:\.(\d+))?$/.exec(value);
  if (!match || (match[2] === '' && match[3] === undefined)) {
    throw invalidRequest(invalidValue(`${field}/value`, value, 'The value of a field is invalid.'));
  }
  const [, sign, whole, fraction = ''] = match;
  const decimals = decimalsOf(currency);
  if (fraction.length > decimals) throw decimalError(field, value, decimals);
  const minor = Number(`${whole || '0'}${fraction.padEnd(decimals, '0')}`);
  if (sign === '-' || (minor === 0 && !allowZero)) {
    throw unprocessable({
      issue: 'CANNOT_BE_ZERO_OR_NEGATIVE',
      description:
        'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.',
      field: `${field}/value`,
      value,
      location: 'body',
    });
  }
  if (String(minor).length > MAX_MINOR_DIGITS + decimals) {
    throw invalidRequest(invalidValue(`${field}/value`, value, 'The value of a field is too long.'));
  }
  return { currency, minor };
}

function decimalError(field: string, value: string, decimals: number): PayPalApiError {
  return unprocessable(
    decimals === 0
      ? {
          issue: 'DECIMALS_NOT_SUPPORTED',
          description: 'Currency does not support decimals.',
          field: `${field}/value`,
          value,
          location: 'body',
        }
      : {
          issue: 'DECIMAL_PRECISION',
          description: 'If the currency supports decimals, only two decimal place precision is supported.',
          field: `${field}/value`,
          value,
          location: 'body',
        },
  );
}

/** Minor units back to PayPal's decimal string: 1050 USD -> "10.50", 1500 JPY -> "1500". */
export function toMoney(minor: number, currency: string): Money {
  const decimals = decimalsOf(currency);
  const value = decimals === 0 ? String(minor) : (minor / 10 ** decimals).toFixed(decimals);
  return { currency_code: currency, value };
}

/** For the approval page: "$10.50 USD" style, the way PayPal's own page shows amounts. */
export function formatMoney(minor: number, currency: string): string {
  const { value } = toMoney(minor, currency);
  return `${value} ${currency}`;
}
