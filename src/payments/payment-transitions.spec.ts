import { failure } from './payment-transitions';

describe('failure', () => {
  it('keeps the code and the reason, cut to the 500 characters of its column', () => {
    expect(failure('payment_failed', 'The card was declined')).toEqual({
      failureCode: 'payment_failed',
      failureReason: 'The card was declined',
    });
    const long = failure('checkout_unavailable', `connect ECONNREFUSED ${'x'.repeat(600)}`);
    expect(long.failureReason).toHaveLength(500);
    expect(long.failureReason).toMatch(/^connect ECONNREFUSED x+$/);
  });
});
