import { authErrors } from './api-errors';

/**
 * Any test-mode secret key is accepted, as if every `sk_test_...` belonged to the one
 * emulated account. No key, another scheme, or a live/publishable key is refused as Stripe
 * refuses a wrong key: 401, so the SDK throws StripeAuthenticationError.
 */
export function authenticate(authorization: string | undefined): void {
  if (!authorization?.trim()) throw authErrors.missing();
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer) throw authErrors.missing();
  const key = bearer[1];
  if (!/^sk_test_[A-Za-z0-9_]+$/.test(key)) throw authErrors.invalid(maskKey(key));
}

/** Stripe echoes a wrong key masked: its prefix and last four characters only. */
function maskKey(key: string): string {
  if (key.length <= 12) return '*'.repeat(key.length);
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}
