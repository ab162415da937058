/** Errors a provider raises, in orderpay's words; the SDK's own error types stay inside the provider. */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'rejected' | 'misconfigured',
    message: string,
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}
