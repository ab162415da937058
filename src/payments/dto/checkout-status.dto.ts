import { HttpStatus, PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { isUUID, IsUUID } from 'class-validator';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { type OrderStatus } from '../../orders/order-status';
import { CHECKOUT_STATES, type CheckoutState } from '../checkout/checkout-status';
import { CURRENCY, MINOR_UNITS, UUID } from '../../common/dto/api-fields';
import { ORDER_STATUS } from '../../orders/dto/order.dto';

/**
 * Provider session ids are short runs of letters, digits and `_` (Stripe: `cs_test_a1…`, PayPal:
 * `5O190127TN364715T`); the column holds 255. A provider that cannot name its id in the return URL
 * names our attempt (`paymentId`, a UUID) instead. Anything else, such as an unreplaced
 * `{CHECKOUT_SESSION_ID}`, is a 400.
 */
const SESSION_ID_CHARS = '[A-Za-z0-9_]{1,255}';
const SESSION_ID = new RegExp(`^${SESSION_ID_CHARS}$`);

/** The same rule for the document: a session id, or a UUID (the paymentId). */
export const CHECKOUT_ID_PATTERN = `^(${SESSION_ID_CHARS}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`;

export function isCheckoutSessionId(value: unknown): value is string {
  return typeof value === 'string' && (SESSION_ID.test(value) || isUUID(value));
}

export const sessionIdParam = (name = 'sessionId'): PipeTransform<unknown, string> => ({
  transform(value: unknown): string {
    if (!isCheckoutSessionId(value)) {
      throw new DomainError(
        ErrorCode.VALIDATION_FAILED,
        `${name} must be a checkout id: the provider's session id (letters, digits and _, at most 255) or the paymentId`,
        HttpStatus.BAD_REQUEST,
      );
    }
    return value;
  },
});

export class CheckoutStatusQueryDto {
  @ApiProperty({
    ...UUID,
    description: 'The order the Checkout Session was opened for (the `orderId` of the return URL)',
  })
  @IsUUID()
  orderId!: string;
}

/** What a return page may show to whoever holds the session id: nothing about the customer. */
@ApiSchema({ name: 'CheckoutStatus' })
export class CheckoutStatusDto {
  @ApiProperty({
    enum: CHECKOUT_STATES,
    enumName: 'CheckoutState',
    example: 'paid',
    description:
      '`confirming`: paid at Checkout, the confirmation has not arrived yet; `processing`: a bank payment that settles ' +
      'later (days); the others are final for this checkout',
  })
  state!: CheckoutState;

  @ApiProperty({ example: true, description: 'True when waiting changes nothing any more: stop polling' })
  final!: boolean;

  @ApiProperty({ example: 'Payment received' })
  title!: string;

  @ApiProperty({ example: 'Thank you! Your order is paid.', description: 'A sentence for the customer' })
  message!: string;

  @ApiProperty({ ...ORDER_STATUS, example: 'paid' })
  orderStatus!: OrderStatus;

  @ApiProperty({
    ...MINOR_UNITS,
    example: 3448,
    description:
      'What this checkout charges, in minor units: the order total, or the part it pays (a deposit, the balance)',
  })
  amount!: number;

  @ApiProperty(CURRENCY)
  currency!: string;
}
