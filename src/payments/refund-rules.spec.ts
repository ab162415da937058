import { whyRefundCannotApply } from './refund-rules';

describe('whyRefundCannotApply', () => {
  const payment = { amount: 2500, currency: 'usd', amountRefunded: 1000 };

  it('should let a refund in the payment currency and within what is left apply', () => {
    expect(whyRefundCannotApply({ amount: 1500, currency: 'usd' }, payment, 1500)).toBeNull();
    expect(whyRefundCannotApply({ amount: 1500, currency: 'USD' }, payment, 1500)).toBeNull();
  });

  it('should refuse another currency', () => {
    expect(whyRefundCannotApply({ amount: 1, currency: 'jpy' }, payment, 1)).toBe("currency jpy, the payment's is usd");
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
