/**
 * Currency rules Stripe applies to amounts (always integers in the currency's minor unit).
 *
 * Minimum charge amounts are Stripe's published table (docs.stripe.com/currencies). Stripe
 * converts other currencies to check an equivalent of USD 0.50; the emulator cannot convert,
 * so it supports only the currencies listed here and refuses the rest with Stripe's
 * "Invalid currency" error.
 */
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
/** Stripe takes three-decimal amounts only as multiples of 10 (the last digit must be 0). */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
  // Not in Stripe's table; about USD 0.50 each, rounded up, so the emulator can exercise
  // zero- and three-decimal currencies.
  krw: 700,
  kwd: 160,
  bhd: 190,
  jod: 360,
  omr: 200,
  tnd: 1500,
};

/** Stripe's largest amount for a single charge, in minor units (USD 999,999.99). */
export const MAXIMUM_CHARGE = 99_999_999;

export const SUPPORTED_CURRENCIES: readonly string[] = Object.keys(MINIMUM_CHARGE);

export function isSupportedCurrency(currency: string): boolean {
  return currency in MINIMUM_CHARGE;
}

export function minimumCharge(currency: string): number {
  return MINIMUM_CHARGE[currency];
}

export function decimalsOf(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

export function isThreeDecimal(currency: string): boolean {
  return THREE_DECIMAL.has(currency);
}

/** `1500, 'usd'` -> `$15.00`; `1500, 'jpy'` -> `¥1,500`; `1500, 'kwd'` -> `KWD 1.500`. */
export function formatAmount(amount: number, currency: string): string {
  const decimals = decimalsOf(currency);
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(amount / 10 ** decimals);
}
