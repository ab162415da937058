import Stripe from 'stripe';
import { signatureHeader } from './signature';

describe('signatureHeader', () => {
  const stripe = new Stripe('sk_test_signature_spec');
  const secret = 'whsec_signature_spec_secret';
  const payload = JSON.stringify({ id: 'evt_1', object: 'event' }, null, 2);

  it('should produce the header the SDK generates for the same payload, secret and time', () => {
    const timestamp = 1_767_225_600;
    expect(signatureHeader(payload, secret, timestamp)).toBe(
      stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    );
  });

  it('should be accepted by constructEvent, and refused with another secret or another body', () => {
    const header = signatureHeader(payload, secret, Math.floor(Date.now() / 1000));

    expect(stripe.webhooks.constructEvent(payload, header, secret)).toMatchObject({ id: 'evt_1' });
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(payload.replace('evt_1', 'evt_2'), header, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
