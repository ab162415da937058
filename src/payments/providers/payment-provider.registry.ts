import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { PAYMENT_PROVIDERS, type PaymentProvider } from './payment-provider';

/** Injection token: the `paymentMethod` values offered for new payments (all registered ones when absent). */
export const OFFERED_PAYMENT_METHODS = Symbol('OFFERED_PAYMENT_METHODS');

/**
 * Picks the provider serving a `paymentMethod`; adding one is a class plus a registration. A
 * provider can be known (its stored attempts, refunds and webhooks keep working) without being
 * offered for new payments: a shop turning one off keeps settling what it already took.
 */
@Injectable()
export class PaymentProviderRegistry {
  private readonly byName: Map<string, PaymentProvider>;
  private readonly offered: string[];

  constructor(
    @Inject(PAYMENT_PROVIDERS) providers: PaymentProvider[],
    @Optional() @Inject(OFFERED_PAYMENT_METHODS) offered?: string[],
  ) {
    this.byName = new Map(providers.map((provider) => [provider.name, provider]));
    this.offered = (offered ?? providers.map((provider) => provider.name)).filter((name) => this.byName.has(name));
  }

  /** The payment methods a customer may choose. */
  get names(): string[] {
    return [...this.offered];
  }

  /** The provider for a new payment: a method not offered is the client's mistake (400). */
  forNewPayment(paymentMethod: string): PaymentProvider {
    if (!this.offered.includes(paymentMethod)) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `paymentMethod must be one of: ${this.names.join(', ')}`,
        HttpStatus.BAD_REQUEST,
      );
    }
    return this.byName.get(paymentMethod)!;
  }

  /**
   * The provider of a stored attempt, refund or event. One this instance has no credentials for
   * is an operator's problem, not the client's: 503 (work is retried) with a message saying so.
   */
  get(name: string): PaymentProvider {
    const provider = this.byName.get(name);
    if (!provider) {
      throw new DomainError(
        ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE,
        `Payment provider ${name} is not configured on this instance; configure it to settle its payments`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    return provider;
  }
}
