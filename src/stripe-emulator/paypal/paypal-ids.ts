import { randomBytes, randomUUID } from 'node:crypto';

const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function randomUpper(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALNUM[bytes[i] % UPPER_ALNUM.length];
  return out;
}

/**
 * PayPal's ids are upper-case alphanumerics without a type prefix: orders, captures and
 * refunds 17 characters (`5O190127TN364715T`), payer ids 13, disputes `PP-D-<digits>`, webhook
 * events `WH-<17>-<17>`. Clients store them in sized columns, so the lengths follow PayPal's.
 */
export const paypalId = {
  order: () => randomUpper(17),
  capture: () => randomUpper(17),
  refund: () => randomUpper(17),
  payer: () => randomUpper(13),
  dispute: () => `PP-D-${String(randomBytes(4).readUInt32BE() % 1_000_000).padStart(6, '0')}`,
  event: () => `WH-${randomUpper(17)}-${randomUpper(17)}`,
  /** PayPal's transmission ids are UUIDs (`69cd13f0-d67a-11e5-baa3-778b53f4ae55`). */
  transmission: () => randomUUID(),
};

/** PayPal's timestamps are RFC 3339 without milliseconds: `2024-01-31T12:00:00Z`. */
export function paypalTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
