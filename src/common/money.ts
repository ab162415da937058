/**
 * Money is an integer count of the currency's minor unit everywhere (cents; yen for JPY).
 * These tables follow Stripe's rules: https://docs.stripe.com/currencies
 */

/** Currencies without a minor unit: an amount of 500 JPY is sent to Stripe as 500. */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
/** Three-decimal currencies: Stripe wants amounts in thousandths, rounded to a multiple of 10. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Stripe's minimum charge per currency, in minor units. */
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50,
  aud: 50,
  brl: 50,
  cad: 50,
  chf: 50,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
  aed: 200,
  czk: 1500,
  huf: 17500,
  ron: 200,
  bgn: 100,
  krw: 100,
  bhd: 500,
  jod: 500,
  kwd: 500,
  omr: 500,
  tnd: 500,
};

/** Stripe refuses a single charge above 99,999,999 minor units (8 digits). */
export const MAXIMUM_CHARGE = 99_999_999;

export const SUPPORTED_CURRENCIES = Object.keys(MINIMUM_CHARGE).sort();

export function minorUnitExponent(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

export function minimumCharge(currency: string): number {
  const minimum = MINIMUM_CHARGE[currency.toLowerCase()];
  if (minimum === undefined) throw new Error(`Unsupported currency: ${currency}`);
  return minimum;
}

/** Whether Stripe would accept this amount as one charge in this currency. */
export function isChargeableAmount(amount: number, currency: string): boolean {
  if (!Number.isSafeInteger(amount)) return false;
  if (minorUnitExponent(currency) === 3 && amount % 10 !== 0) return false;
  return amount >= minimumCharge(currency) && amount <= MAXIMUM_CHARGE;
}

/** Sums integer amounts and refuses anything that is not a safe integer (no float ever sneaks in). */
export function sumMinor(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`Not an integer amount: ${amount}`);
    total += amount;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('Amount overflow');
  return total;
}

export function multiplyMinor(unitAmount: number, quantity: number): number {
  if (!Number.isSafeInteger(unitAmount) || !Number.isSafeInteger(quantity)) {
    throw new RangeError(`Not an integer: ${unitAmount} x ${quantity}`);
  }
  const product = unitAmount * quantity;
  if (!Number.isSafeInteger(product)) throw new RangeError('Amount overflow');
  return product;
}

/** Human-readable amount for logs and the demo output, e.g. 1999 usd -> "19.99 USD". */
export function formatMinor(amount: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const major = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return `${sign}${major} ${currency.toUpperCase()}`;
}
