import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '../../common/errors/domain-error';
import { checkoutAmount, checkoutLines } from './checkout-amount';

const order = { id: '3f1c2a4b-0000-4000-8000-000000000001', currency: 'usd', totalAmount: 12000, amountPaid: 0 };
const rules = { enabled: true, minimum: 50 };

function refusal(run: () => unknown): { code: string; status: number; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; status: number; message: string };
  }
  throw new Error('expected a refusal');
}

describe(checkoutAmount.name, () => {
  it('should charge the balance without an amount, and for the balance itself even with parts turned off', () => {
    expect(checkoutAmount(order, undefined, rules)).toBe(12000);
    expect(checkoutAmount({ ...order, amountPaid: 3600 }, undefined, rules)).toBe(8400);
    expect(checkoutAmount({ ...order, amountPaid: 3600 }, 8400, { ...rules, enabled: false })).toBe(8400);
  });

  it('should take a part from the minimum up to what leaves exactly the minimum', () => {
    expect(checkoutAmount(order, 50, rules)).toBe(50);
    expect(checkoutAmount(order, 11950, rules)).toBe(11950);
  });

  it.each([
    [49, '0.49 USD is below the minimum'],
    [0, '0.00 USD is below the minimum'],
    [-100, '-1.00 USD is below the minimum'],
    [12001, '120.01 USD is more than the balance'],
    [11951, '119.51 USD would leave 0.49 USD'],
  ])('should refuse %s naming the limits: %s', (amount, problem) => {
    expect(refusal(() => checkoutAmount(order, amount, rules))).toMatchObject({
      code: ErrorCode.PAYMENT_AMOUNT_OUT_OF_RANGE,
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      message:
        'amount must be from 0.50 USD to the balance of 120.00 USD, and leave either nothing or at least 0.50 USD: ' +
        problem,
    });
  });

  it('should refuse to open a checkout for a balance below what the provider can charge', () => {
    const overlapped = { ...order, amountPaid: 11980 };
    expect(refusal(() => checkoutAmount(overlapped, undefined, rules))).toMatchObject({
      code: ErrorCode.PAYMENT_AMOUNT_OUT_OF_RANGE,
      message:
        'The balance of 0.20 USD is below the least the payment provider can charge (0.50 USD); the shop has to settle it',
    });
    expect(checkoutAmount({ ...order, amountPaid: 11950 }, undefined, rules)).toBe(50);
  });

  it('should refuse any part when partial payments are off', () => {
    expect(refusal(() => checkoutAmount(order, 3600, { ...rules, enabled: false }))).toMatchObject({
      code: ErrorCode.PARTIAL_PAYMENTS_DISABLED,
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      message: 'amount: this shop takes whole payments only; leave amount out, or send the balance of 120.00 USD',
    });
  });

  it('should use the shop minimum and a zero-decimal currency as they are', () => {
    const yen = { ...order, currency: 'jpy', totalAmount: 10000 };
    expect(refusal(() => checkoutAmount(yen, 1999, { enabled: true, minimum: 2000 })).message).toBe(
      'amount must be from 2000 JPY to the balance of 10000 JPY, and leave either nothing or at least 2000 JPY: ' +
        '1999 JPY is below the minimum',
    );
  });
});

describe(checkoutLines.name, () => {
  const items = [
    { name: 'Second', unitAmount: 2000, quantity: 1, position: 1 },
    { name: 'First', unitAmount: 5000, quantity: 2, position: 0 },
  ];

  it('should list the items in position order when one payment takes the whole total', () => {
    expect(checkoutLines({ ...order, items }, 12000)).toEqual([
      { name: 'First', unitAmount: 5000, quantity: 2 },
      { name: 'Second', unitAmount: 2000, quantity: 1 },
    ]);
  });

  it('should name a deposit, a part payment and the balance, with the amounts', () => {
    expect(checkoutLines({ ...order, items }, 3600)).toEqual([
      { name: 'Deposit for order 3f1c2a4b… (36.00 of 120.00 USD)', unitAmount: 3600, quantity: 1 },
    ]);
    expect(checkoutLines({ ...order, amountPaid: 3600, items }, 4000)[0].name).toBe(
      'Part payment for order 3f1c2a4b… (40.00 of 120.00 USD)',
    );
    expect(checkoutLines({ ...order, amountPaid: 3600, items }, 8400)).toEqual([
      { name: 'Balance for order 3f1c2a4b… (84.00 of 120.00 USD)', unitAmount: 8400, quantity: 1 },
    ]);
  });
});
