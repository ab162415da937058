import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions, ApiSchema } from '@nestjs/swagger';
import { CURRENCY, MINOR_UNITS, TIMESTAMP, UUID } from '../../common/dto/api-fields';
import { MAXIMUM_CHARGE } from '../../common/money';
import { PAYMENT_PROVIDER_NAMES } from '../providers/payment-provider';
import { IsInt, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/dto/is-optional-not-null';
import type { Payment } from '../payment.entity';
import {
  PAYMENT_FAILURE_CODES,
  PAYMENT_FAILURE_MESSAGES,
  PAYMENT_STATUSES,
  type PaymentFailureCode,
  type PaymentStatus,
} from '../payment-status';

/** Which provider a payment goes through, a named enum in the document. */
export const PAYMENT_PROVIDER = {
  enum: PAYMENT_PROVIDER_NAMES,
  enumName: 'PaymentProvider',
  example: 'stripe',
} as const satisfies ApiPropertyOptions;

export const PAYMENT_STATUS = {
  enum: PAYMENT_STATUSES,
  enumName: 'PaymentStatus',
} as const satisfies ApiPropertyOptions;

@ApiSchema({ name: 'PayOrderRequest' })
export class PayOrderDto {
  @ApiProperty({
    ...PAYMENT_PROVIDER,
    description:
      'The payment method: `stripe` (cards and more on Stripe Checkout) or `paypal` (PayPal Checkout). ' +
      'A method the shop does not offer is refused with 400.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  paymentMethod!: string;

  @ApiPropertyOptional({
    ...MINOR_UNITS,
    minimum: 1,
    maximum: MAXIMUM_CHARGE,
    example: 3600,
    description:
      'Pay a part of the order now (a deposit, one of several cards), in minor units: at least the minimum ' +
      '(the provider’s minimum charge unless the shop sets one), at most the balance, leaving nothing or at ' +
      'least the minimum. Absent: the whole balance.',
  })
  @IsOptionalNotNull()
  @IsInt({ message: 'amount must be a whole number of minor units (cents)' })
  amount?: number;
}

@ApiSchema({ name: 'Checkout' })
export class CheckoutDto {
  @ApiProperty(UUID)
  paymentId!: string;

  @ApiProperty(UUID)
  orderId!: string;

  @ApiProperty(PAYMENT_PROVIDER)
  provider!: string;

  @ApiProperty({ ...PAYMENT_STATUS, example: 'open' })
  status!: PaymentStatus;

  @ApiProperty({ ...MINOR_UNITS, example: 3600, description: 'What this checkout charges, in minor units' })
  amount!: number;

  @ApiProperty(CURRENCY)
  currency!: string;

  @ApiProperty({
    format: 'uri',
    example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3',
    description: 'Send the customer here',
  })
  checkoutUrl!: string;

  @ApiProperty({ ...TIMESTAMP, description: 'When the checkout stops taking the payment' })
  expiresAt!: Date;

  static from(payment: Payment): CheckoutDto {
    return {
      paymentId: payment.id,
      orderId: payment.orderId,
      provider: payment.provider,
      status: payment.status,
      amount: payment.amount,
      currency: payment.currency,
      checkoutUrl: payment.checkoutUrl!,
      expiresAt: payment.expiresAt!,
    };
  }
}

@ApiSchema({ name: 'Payment' })
export class PaymentDto {
  @ApiProperty(UUID)
  id!: string;

  @ApiProperty(PAYMENT_PROVIDER)
  provider!: string;

  @ApiProperty({ ...PAYMENT_STATUS, example: 'succeeded' })
  status!: PaymentStatus;

  @ApiProperty({ ...MINOR_UNITS, example: 2598, description: 'What this attempt charges, in minor units' })
  amount!: number;

  @ApiProperty(CURRENCY)
  currency!: string;

  @ApiProperty({ ...MINOR_UNITS, example: 0, description: 'Refunded from this payment so far, in minor units' })
  amountRefunded!: number;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uri',
    example: null,
    description: 'Only while the attempt is open',
  })
  checkoutUrl!: string | null;

  @ApiProperty({ ...TIMESTAMP, nullable: true })
  expiresAt!: Date | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: [...PAYMENT_FAILURE_CODES, null],
    example: null,
    description: 'Why the attempt ended without paying, as a stable code',
  })
  failureCode!: PaymentFailureCode | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'The same, in words a customer may read (provider details are for admins only)',
  })
  failureMessage!: string | null;

  @ApiProperty(TIMESTAMP)
  createdAt!: Date;

  static from(payment: Payment): PaymentDto {
    const { id, provider, status, amount, currency, amountRefunded, expiresAt, failureCode, createdAt } = payment;
    const checkoutUrl = status === 'open' ? payment.checkoutUrl : null;
    const failureMessage = failureCode ? PAYMENT_FAILURE_MESSAGES[failureCode] : null;
    return {
      id,
      provider,
      status,
      amount,
      currency,
      amountRefunded,
      checkoutUrl,
      expiresAt,
      failureCode,
      failureMessage,
      createdAt,
    };
  }
}

/** An attempt as an admin sees it: with the provider's details and what it really took. */
@ApiSchema({ name: 'AdminPayment' })
export class AdminPaymentDto extends PaymentDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'The details behind failureCode (a provider error, an amount that did not match)',
  })
  failureReason!: string | null;

  @ApiProperty({
    ...MINOR_UNITS,
    nullable: true,
    example: 2598,
    description: 'What the provider reports it took; differs from amount only for a payment flagged amount_mismatch',
  })
  receivedAmount!: number | null;

  @ApiProperty({
    type: String,
    pattern: '^[a-z]{3}$',
    nullable: true,
    example: 'usd',
    description: 'The currency the provider reports, whatever it is (lower-case ISO 4217)',
  })
  receivedCurrency!: string | null;

  @ApiProperty({
    ...MINOR_UNITS,
    example: 2598,
    description:
      'The part of this payment its order took: all of it, or less (none) when it paid past the total or ' +
      'arrived after the order stopped taking payments; the rest is refunded automatically',
  })
  amountApplied!: number;

  static fromPayment(payment: Payment): AdminPaymentDto {
    const { failureReason, receivedAmount, receivedCurrency, amountApplied } = payment;
    return { ...PaymentDto.from(payment), failureReason, receivedAmount, receivedCurrency, amountApplied };
  }
}
