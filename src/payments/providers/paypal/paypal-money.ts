import { minorUnitExponent } from '../../../common/money';

/** PayPal's `money`: an upper-case ISO code and a decimal string, never a float. */
export interface PayPalMoney {
  currency_code: string;
  value: string;
}

/**
 * The currencies PayPal takes payments in (developer.paypal.com/api/rest/reference/currency-codes),
 * with the decimals it accepts: HUF, JPY and TWD none, the others two.
 */
const PAYPAL_DECIMALS: Readonly<Record<string, 0 | 2>> = {
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  HKD: 2,
  HUF: 0,
  ILS: 2,
  JPY: 0,
  MYR: 2,
  MXN: 2,
  TWD: 0,
  NZD: 2,
  NOK: 2,
  PHP: 2,
  PLN: 2,
  GBP: 2,
  SGD: 2,
  SEK: 2,
  CHF: 2,
  THB: 2,
  USD: 2,
};

const DECIMAL = /^(\d{1,10})(?:\.(\d{1,3}))?$/;

export class PayPalMoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayPalMoneyError';
  }
}

/**
 * orderpay's minor units (Stripe's convention: HUF and TWD in hundredths) as PayPal's decimal
 * string. Refuses a currency PayPal does not take, and an amount PayPal cannot express (a
 * fraction of a forint).
 */
export function toPayPalMoney(minor: number, currency: string): PayPalMoney {
  const code = currency.toUpperCase();
  const decimals = PAYPAL_DECIMALS[code];
  if (decimals === undefined) throw new PayPalMoneyError(`PayPal does not take payments in ${code}`);
  const ours = minorUnitExponent(code);
  if (!Number.isSafeInteger(minor) || minor < 0) throw new PayPalMoneyError(`${minor} is not an amount`);
  if (ours === 3) throw new PayPalMoneyError(`PayPal does not take payments in ${code}`);
  const dropped = ours - decimals;
  if (dropped > 0 && minor % 10 ** dropped !== 0) {
    throw new PayPalMoneyError(`PayPal takes whole ${code} only: ${minor} minor units is a fraction`);
  }
  const units = dropped > 0 ? minor / 10 ** dropped : minor;
  const digits = String(units).padStart(decimals + 1, '0');
  const value = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return { currency_code: code, value };
}

/** PayPal's decimal string in orderpay's minor units, or null when it is not one PayPal sends. */
export function fromPayPalValue(value: string, currency: string): number | null {
  const match = DECIMAL.exec(value);
  if (!match) return null;
  const ours = minorUnitExponent(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > ours) return null;
  const minor = Number(match[1]) * 10 ** ours + Number(fraction.padEnd(ours, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}
