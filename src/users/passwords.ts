import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt from node:crypto: memory-hard, no native addon to build. Cost parameters travel with the hash. */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const cost = { n: Number(n), r: Number(r), p: Number(p) };
  // Only cost parameters we could have written: a corrupt row must not throw or take minutes.
  const plausible =
    Number.isInteger(Math.log2(cost.n)) &&
    cost.n >= 2 ** 10 &&
    cost.n <= 2 ** 17 &&
    Number.isInteger(cost.r) &&
    cost.r >= 1 &&
    cost.r <= 16 &&
    Number.isInteger(cost.p) &&
    cost.p >= 1 &&
    cost.p <= 4;
  if (scheme !== 'scrypt' || !salt || !key || !plausible) return false;
  const expected = Buffer.from(key, 'base64');
  try {
    const actual = await derive(password, Buffer.from(salt, 'base64'), cost.n, cost.r, cost.p);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/** A hash of a random password, compared against when the email is unknown so both paths take the same time. */
export const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString('hex'));
