import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

export class PayOrderDto {
  @ApiProperty({
    example: 'stripe',
    description: 'The payment method: `stripe` (cards and more on Stripe Checkout) or `paypal` (PayPal Checkout)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  paymentMethod!: string;

  @ApiPropertyOptional({
    type: 'integer',
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

export class CheckoutDto {
  @ApiProperty({ format: 'uuid' })
  paymentId!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ example: 'stripe' })
  provider!: string;

  @ApiProperty({ enum: PAYMENT_STATUSES, example: 'open' })
  status!: PaymentStatus;

  @ApiProperty({ type: 'integer', example: 3600, description: 'What this checkout charges, in minor units' })
  amount!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3', description: 'Send the customer here' })
  checkoutUrl!: string;

  @ApiProperty({ type: String, format: 'date-time' })
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

export class PaymentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'stripe' })
  provider!: string;

  @ApiProperty({ enum: PAYMENT_STATUSES })
  status!: PaymentStatus;

  @ApiProperty({ example: 2598 })
  amount!: number;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ example: 0 })
  amountRefunded!: number;

  @ApiProperty({ nullable: true, type: String, description: 'Only while the attempt is open' })
  checkoutUrl!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  expiresAt!: Date | null;

  @ApiProperty({
    nullable: true,
    enum: PAYMENT_FAILURE_CODES,
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

  @ApiProperty({ type: String, format: 'date-time' })
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
export class AdminPaymentDto extends PaymentDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'The details behind failureCode (a provider error, an amount that did not match)',
  })
  failureReason!: string | null;

  @ApiProperty({
    nullable: true,
    type: Number,
    example: 2598,
    description: 'What the provider reports it took; differs from amount only for a payment flagged amount_mismatch',
  })
  receivedAmount!: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'usd' })
  receivedCurrency!: string | null;

  @ApiProperty({
    type: 'integer',
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
