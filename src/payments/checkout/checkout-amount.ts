import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { formatMinor, minimumCharge } from '../../common/money';
import type { CheckoutLineItem } from '../providers/payment-provider';

/** The order as a checkout sees it, read under its row lock. */
export interface PayableOrder {
  id: string;
  currency: string;
  totalAmount: number;
  amountPaid: number;
}

export interface PartialPaymentRules {
  enabled: boolean;
  /** The least one payment may take, and the least it may leave (minor units). */
  minimum: number;
}

/**
 * What one checkout charges, decided by the database alone: the order's balance, or the part the
 * customer asked for when it is at least the minimum, at most the balance, and leaves nothing or
 * at least the minimum (a remainder no provider could charge would strand the order).
 */
export function checkoutAmount(order: PayableOrder, requested: number | undefined, rules: PartialPaymentRules): number {
  const balance = order.totalAmount - order.amountPaid;
  const money = (amount: number) => formatMinor(amount, order.currency);
  if (balance < minimumCharge(order.currency)) {
    // Only parts that overlapped (one paid at the provider after orderpay replaced it) leave this.
    throw new DomainError(
      ErrorCode.PAYMENT_AMOUNT_OUT_OF_RANGE,
      `The balance of ${money(balance)} is below the least the payment provider can charge ` +
        `(${money(minimumCharge(order.currency))}); the shop has to settle it`,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  if (requested === undefined || requested === balance) return balance;
  if (!rules.enabled) {
    throw new DomainError(
      ErrorCode.PARTIAL_PAYMENTS_DISABLED,
      `amount: this shop takes whole payments only; leave amount out, or send the balance of ${money(balance)}`,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  const limits =
    `amount must be from ${money(rules.minimum)} to the balance of ${money(balance)}, ` +
    `and leave either nothing or at least ${money(rules.minimum)}`;
  const remainder = balance - requested;
  let problem: string | null = null;
  if (requested < rules.minimum) problem = `${money(requested)} is below the minimum`;
  else if (requested > balance) problem = `${money(requested)} is more than the balance`;
  else if (remainder < rules.minimum) problem = `${money(requested)} would leave ${money(remainder)}`;
  if (problem === null) return requested;
  throw new DomainError(
    ErrorCode.PAYMENT_AMOUNT_OUT_OF_RANGE,
    `${limits}: ${problem}`,
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

/**
 * What the provider's page lists: the order's items when one payment takes its whole total,
 * else one line that says which part this is, with the amounts from the database.
 */
export function checkoutLines(
  order: PayableOrder & { items: readonly (CheckoutLineItem & { position: number })[] },
  amount: number,
): CheckoutLineItem[] {
  if (amount === order.totalAmount) {
    return [...order.items]
      .sort((a, b) => a.position - b.position)
      .map(({ name, unitAmount, quantity }) => ({ name, unitAmount, quantity }));
  }
  const kind =
    order.amountPaid === 0 ? 'Deposit' : amount === order.totalAmount - order.amountPaid ? 'Balance' : 'Part payment';
  const part = formatMinor(amount, order.currency).replace(/ [A-Z]+$/, '');
  const name = `${kind} for order ${order.id.slice(0, 8)}… (${part} of ${formatMinor(order.totalAmount, order.currency)})`;
  return [{ name, unitAmount: amount, quantity: 1 }];
}
