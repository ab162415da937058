import { createHmac, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The value of `PAYPAL-AUTH-ALGO` and `auth_algo`: what PayPal really uses (RSA with SHA-256). */
export const AUTH_ALGO = 'SHA256withRSA';

/**
 * PayPal signs `<transmission id>|<transmission time>|<webhook id>|<CRC32 of the body, decimal>`
 * with its private key; receivers check it with the certificate at PAYPAL-CERT-URL or ask
 * `verify-webhook-signature`. The stand-in signs the same string with an HMAC instead (it has no
 * certificate a receiver could trust), so only `verify-webhook-signature` can check it.
 */
export function transmissionSignature(
  secret: string,
  transmissionId: string,
  transmissionTime: string,
  webhookId: string,
  body: string,
): string {
  const message = `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(Buffer.from(body, 'utf8'))}`;
  return createHmac('sha256', secret).update(message, 'utf8').digest('base64');
}

export function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
