import fc from 'fast-check';
import { signatureFor } from '../../support/payments';
import type { SentRequest } from './harness';
import type { World } from './world';

export const SIGNATURE_MODES = [
  'valid',
  'missing',
  'empty',
  'wrong-secret',
  'stale',
  'garbage',
  'tampered',
  'v0-only',
] as const;
export type SignatureMode = (typeof SIGNATURE_MODES)[number];

/** Mostly valid signatures: the shapes are what is under test; broken ones check the gate itself. */
export const signatureMode: fc.Arbitrary<SignatureMode> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('valid' as const) },
  { weight: 3, arbitrary: fc.constantFrom(...SIGNATURE_MODES.slice(1)) },
);

/** Signs at send time: Stripe signatures carry a timestamp the app checks against its clock. */
export function sign(world: World, request: SentRequest): SentRequest {
  const mode = request.meta?.signature as SignatureMode;
  const payload = (request.body ?? Buffer.alloc(0)).toString('utf8');
  const headers = { ...request.headers };
  const now = Math.floor(Date.now() / 1000);
  let body = request.body;
  if (mode === 'valid') headers['Stripe-Signature'] = signatureFor(world.t, payload);
  if (mode === 'empty') headers['Stripe-Signature'] = '';
  if (mode === 'wrong-secret')
    headers['Stripe-Signature'] = signatureFor(world.t, payload, { secret: 'whsec_not_the_apps_secret' });
  if (mode === 'stale') headers['Stripe-Signature'] = signatureFor(world.t, payload, { timestamp: now - 3600 });
  if (mode === 'garbage') headers['Stripe-Signature'] = 't=abc,v1=zz,v1=';
  if (mode === 'v0-only') headers['Stripe-Signature'] = signatureFor(world.t, payload).replace(/v1=/g, 'v0=');
  if (mode === 'tampered') {
    // Signed, then changed: still valid JSON, no longer the bytes that were signed.
    headers['Stripe-Signature'] = signatureFor(world.t, payload);
    body = Buffer.concat([body ?? Buffer.alloc(0), Buffer.from(' ')]);
  }
  return { ...request, headers, body };
}
