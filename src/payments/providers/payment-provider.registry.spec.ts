import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import type { PaymentProvider } from './payment-provider';
import { PaymentProviderRegistry } from './payment-provider.registry';
import { ProviderError, WebhookSignatureError } from './provider-errors';

const provider = (name: string) => ({ name }) as unknown as PaymentProvider;

describe('PaymentProviderRegistry', () => {
  const stripe = provider('stripe');
  const paypal = provider('paypal');
  const registry = new PaymentProviderRegistry([stripe, paypal]);

  it('serves each registered provider by its name', () => {
    expect(registry.get('stripe')).toBe(stripe);
    expect(registry.get('paypal')).toBe(paypal);
    expect(registry.forNewPayment('paypal')).toBe(paypal);
    expect(registry.names).toEqual(['stripe', 'paypal']);
  });

  it('keeps a provider not offered for new payments for what it already took', () => {
    const stripeOnly = new PaymentProviderRegistry([stripe, paypal], ['stripe']);
    expect(stripeOnly.names).toEqual(['stripe']);
    expect(() => stripeOnly.forNewPayment('paypal')).toThrow('paymentMethod must be one of: stripe');
    expect(stripeOnly.get('paypal')).toBe(paypal);
  });

  it('answers a stored attempt of a provider without credentials here as unavailable, saying so', () => {
    const registryWithoutPayPal = new PaymentProviderRegistry([stripe], ['stripe', 'paypal']);
    expect(registryWithoutPayPal.names).toEqual(['stripe']);
    expect(() => registryWithoutPayPal.get('paypal')).toThrow(
      expect.objectContaining({
        code: ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
        status: HttpStatus.SERVICE_UNAVAILABLE,
        message: expect.stringMatching(/paypal is not configured/),
      }),
    );
  });

  it('answers an unknown payment method with a 400 that lists the ones it knows', () => {
    let refused: unknown;
    try {
      registry.forNewPayment('bitcoin');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      status: HttpStatus.BAD_REQUEST,
      message: 'paymentMethod must be one of: stripe, paypal',
    });
  });
});

describe('provider errors', () => {
  it('carry their own names and what the provider said, so logs tell them apart', () => {
    const error = new ProviderError('not_found', 'No such checkout.session: cs_1', 'resource_missing');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'not_found', providerCode: 'resource_missing' });
    expect(error.message).toBe('No such checkout.session: cs_1');
    const signature = new WebhookSignatureError('No signatures found matching the expected signature');
    expect(signature).toMatchObject({
      name: 'WebhookSignatureError',
      message: 'No signatures found matching the expected signature',
    });
  });
});
