import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text; Stripe ids are base62 after their prefix. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

/** The id prefixes Stripe uses for the objects the emulator makes. */
export const ID_PREFIX = {
  checkoutSession: 'cs_test_',
  paymentIntent: 'pi_',
  charge: 'ch_',
  refund: 're_',
  dispute: 'du_',
  event: 'evt_',
  paymentMethod: 'pm_',
  balanceTransaction: 'txn_',
  lineItem: 'li_',
  price: 'price_',
  product: 'prod_',
  request: 'req_',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/**
 * Real ids are 24 base62 characters after the prefix (Checkout Sessions are longer, and
 * start with `a1` in test mode). Clients sometimes store ids in sized columns, so the
 * lengths follow Stripe's.
 */
export function newId(kind: IdKind): string {
  if (kind === 'checkoutSession') return `${ID_PREFIX.checkoutSession}a1${randomBase62(56)}`;
  if (kind === 'request') return `${ID_PREFIX.request}${randomBase62(14)}`;
  return `${ID_PREFIX[kind]}${randomBase62(24)}`;
}

/** A Stripe expandable field: an id, or the object it names once expanded. */
export type Expandable = string | { id: string };

/** The id an expandable field refers to, expanded or not (null stays null: no reference). */
export function idOf(field: Expandable): string;
export function idOf(field: Expandable | null): string | null;
export function idOf(field: Expandable | null): string | null {
  return field === null || typeof field === 'string' ? field : field.id;
}
