/**
 * Errors a provider raises, in orderpay's words; the SDK's own error types stay inside the provider.
 * - `unavailable`: no answer, or a provider fault; the same call may work later.
 * - `not_found`: the provider no longer knows the object (test data deleted, keys switched, the
 *   emulator restarted); no retry will bring it back.
 * - `rejected`: the provider refused this request as it stands.
 * - `misconfigured`: it refused our credentials (fixable by an operator).
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'not_found' | 'rejected' | 'misconfigured',
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
