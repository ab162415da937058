import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { PAYMENT_PROVIDERS, type PaymentProvider } from './payment-provider';

/** Picks the provider serving a `paymentMethod`; adding one is a class plus a registration. */
@Injectable()
export class PaymentProviderRegistry {
  private readonly byName: Map<string, PaymentProvider>;

  constructor(@Inject(PAYMENT_PROVIDERS) providers: PaymentProvider[]) {
    this.byName = new Map(providers.map((provider) => [provider.name, provider]));
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get(paymentMethod: string): PaymentProvider {
    const provider = this.byName.get(paymentMethod);
    if (!provider) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `paymentMethod must be one of: ${this.names.join(', ')}`,
        HttpStatus.BAD_REQUEST,
      );
    }
    return provider;
  }
}
