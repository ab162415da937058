import { countedOnOrder, refundableForOrder, splitRefund, whyRefundCannotApply } from './refund-rules';

describe('whyRefundCannotApply', () => {
  const payment = { amount: 2500, currency: 'usd', amountRefunded: 1000 };

  it('should let a refund in the payment currency and within what is left apply', () => {
    expect(whyRefundCannotApply({ amount: 1500, currency: 'usd' }, payment, 1500)).toBeNull();
    expect(whyRefundCannotApply({ amount: 1500, currency: 'USD' }, payment, 1500)).toBeNull();
  });

  it('should refuse another currency', () => {
    expect(whyRefundCannotApply({ amount: 1, currency: 'jpy' }, payment, 1)).toBe("currency jpy, the payment's is usd");
  });

  it('should let a refund of exactly the whole payment apply', () => {
    expect(whyRefundCannotApply({ amount: 2500, currency: 'usd' }, { ...payment, amountRefunded: 0 }, 2500)).toBeNull();
  });

  it('should refuse more than the payment took, even when not counted yet', () => {
    expect(whyRefundCannotApply({ amount: 2501, currency: 'usd' }, payment, 0)).toBe(
      "amount 2501 is more than the payment's 2500",
    );
  });

  it('should refuse a refund that would take the refunded total past the payment', () => {
    expect(whyRefundCannotApply({ amount: 1501, currency: 'usd' }, payment, 1501)).toBe(
      "it would take the payment's refunds to 2501, past its 2500",
    );
  });

  it('should let a refund already counted (a repeated event) through: it adds nothing', () => {
    expect(whyRefundCannotApply({ amount: 1000, currency: 'usd' }, payment, 0)).toBeNull();
  });
});

describe('countedOnOrder', () => {
  it('should count every refund of a payment its order took in full', () => {
    expect(countedOnOrder({ received: 3000, applied: 3000 }, 0)).toBe(0);
    expect(countedOnOrder({ received: 3000, applied: 3000 }, 1200)).toBe(1200);
  });

  it('should count nothing of a payment its order did not take (a late payment)', () => {
    expect(countedOnOrder({ received: 3000, applied: 0 }, 3000)).toBe(0);
  });

  it('should take the excess of an overpayment first, then count the rest', () => {
    const overpaid = { received: 3000, applied: 2000 };
    expect(countedOnOrder(overpaid, 1000)).toBe(0);
    expect(countedOnOrder(overpaid, 1001)).toBe(1);
    expect(countedOnOrder(overpaid, 3000)).toBe(2000);
  });
});

describe('refundableForOrder', () => {
  it('should leave what the order took less what its refunds hold', () => {
    expect(refundableForOrder({ received: 3000, applied: 3000 }, 500)).toBe(2500);
    expect(refundableForOrder({ received: 3000, applied: 2000 }, 1000)).toBe(2000);
    expect(refundableForOrder({ received: 3000, applied: 2000 }, 1500)).toBe(1500);
    expect(refundableForOrder({ received: 3000, applied: 0 }, 0)).toBe(0);
    expect(refundableForOrder({ received: 3000, applied: 3000 }, 3000)).toBe(0);
  });
});

describe('splitRefund', () => {
  const newestFirst = [
    { id: 'balance', refundable: 8400 },
    { id: 'empty', refundable: 0 },
    { id: 'deposit', refundable: 3600 },
  ];

  it('should take from the newest payment first', () => {
    expect(splitRefund(newestFirst, 500)).toEqual([{ payment: newestFirst[0], amount: 500 }]);
  });

  it('should spill over to older payments, skipping those with nothing left', () => {
    expect(splitRefund(newestFirst, 10000)).toEqual([
      { payment: newestFirst[0], amount: 8400 },
      { payment: newestFirst[2], amount: 1600 },
    ]);
    expect(splitRefund(newestFirst, 12000)).toEqual([
      { payment: newestFirst[0], amount: 8400 },
      { payment: newestFirst[2], amount: 3600 },
    ]);
  });

  it('should answer null for more than the payments hold', () => {
    expect(splitRefund(newestFirst, 12001)).toBeNull();
    expect(splitRefund([], 1)).toBeNull();
  });
});
