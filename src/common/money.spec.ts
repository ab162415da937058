import {
  formatMinor,
  isChargeableAmount,
  MAXIMUM_CHARGE,
  minimumCharge,
  minorUnitExponent,
  multiplyMinor,
  sumMinor,
  SUPPORTED_CURRENCIES,
} from './money';

describe('money', () => {
  describe(minorUnitExponent.name, () => {
    it('should give 2 for ordinary currencies', () => {
      expect(minorUnitExponent('usd')).toBe(2);
      expect(minorUnitExponent('eur')).toBe(2);
      expect(minorUnitExponent('gbp')).toBe(2);
    });

    it('should give 0 for zero-decimal currencies', () => {
      expect(minorUnitExponent('jpy')).toBe(0);
      expect(minorUnitExponent('krw')).toBe(0);
      expect(minorUnitExponent('vnd')).toBe(0);
    });

    it('should give 3 for three-decimal currencies', () => {
      expect(minorUnitExponent('kwd')).toBe(3);
      expect(minorUnitExponent('bhd')).toBe(3);
      expect(minorUnitExponent('omr')).toBe(3);
    });

    it('should ignore the case of the currency code', () => {
      expect(minorUnitExponent('JPY')).toBe(0);
      expect(minorUnitExponent('KWD')).toBe(3);
      expect(minorUnitExponent('USD')).toBe(2);
    });
  });

  describe(minimumCharge.name, () => {
    it("should give Stripe's minimum per currency in minor units", () => {
      expect(minimumCharge('usd')).toBe(50);
      expect(minimumCharge('gbp')).toBe(30);
      expect(minimumCharge('jpy')).toBe(50);
      expect(minimumCharge('kwd')).toBe(500);
      expect(minimumCharge('EUR')).toBe(50);
    });

    it('should throw for an unsupported currency', () => {
      expect(() => minimumCharge('xyz')).toThrow('Unsupported currency: xyz');
    });

    it('should have a minimum for every supported currency, listed sorted', () => {
      expect(SUPPORTED_CURRENCIES).toEqual([...SUPPORTED_CURRENCIES].sort());
      expect(SUPPORTED_CURRENCIES).toEqual(expect.arrayContaining(['usd', 'eur', 'jpy', 'kwd']));
      for (const currency of SUPPORTED_CURRENCIES) expect(minimumCharge(currency)).toBeGreaterThan(0);
    });
  });

  describe(isChargeableAmount.name, () => {
    it('should refuse an amount one below the minimum and accept the minimum', () => {
      expect(isChargeableAmount(49, 'usd')).toBe(false);
      expect(isChargeableAmount(50, 'usd')).toBe(true);
      expect(isChargeableAmount(29, 'gbp')).toBe(false);
      expect(isChargeableAmount(30, 'gbp')).toBe(true);
    });

    it('should accept the maximum of 99,999,999 and refuse 100,000,000', () => {
      expect(MAXIMUM_CHARGE).toBe(99_999_999);
      expect(isChargeableAmount(99_999_999, 'usd')).toBe(true);
      expect(isChargeableAmount(100_000_000, 'usd')).toBe(false);
    });

    it('should refuse zero and negative amounts', () => {
      expect(isChargeableAmount(0, 'usd')).toBe(false);
      expect(isChargeableAmount(-100, 'usd')).toBe(false);
    });

    it('should refuse fractional, NaN, infinite and unsafe amounts', () => {
      expect(isChargeableAmount(50.5, 'usd')).toBe(false);
      expect(isChargeableAmount(1999.99, 'usd')).toBe(false);
      expect(isChargeableAmount(Number.NaN, 'usd')).toBe(false);
      expect(isChargeableAmount(Number.POSITIVE_INFINITY, 'usd')).toBe(false);
      expect(isChargeableAmount(Number.MAX_SAFE_INTEGER + 1, 'usd')).toBe(false);
    });

    it('should require three-decimal amounts to be multiples of 10', () => {
      expect(isChargeableAmount(500, 'kwd')).toBe(true);
      expect(isChargeableAmount(510, 'kwd')).toBe(true);
      expect(isChargeableAmount(505, 'kwd')).toBe(false);
      expect(isChargeableAmount(1001, 'bhd')).toBe(false);
      expect(isChargeableAmount(490, 'kwd')).toBe(false);
    });

    it('should not require multiples of 10 for two- or zero-decimal currencies', () => {
      expect(isChargeableAmount(505, 'usd')).toBe(true);
      expect(isChargeableAmount(51, 'jpy')).toBe(true);
    });

    it('should throw for an unsupported currency', () => {
      expect(() => isChargeableAmount(1000, 'xyz')).toThrow(/Unsupported currency/);
    });
  });

  describe(sumMinor.name, () => {
    it('should sum integer amounts', () => {
      expect(sumMinor([1999, 1, 500])).toBe(2500);
      expect(sumMinor([])).toBe(0);
      expect(sumMinor([-100, 300])).toBe(200);
    });

    it('should refuse a fractional or NaN amount', () => {
      expect(() => sumMinor([100, 0.5])).toThrow(RangeError);
      expect(() => sumMinor([100, 0.1 + 0.2])).toThrow(/Not an integer amount/);
      expect(() => sumMinor([Number.NaN])).toThrow(RangeError);
      expect(() => sumMinor([Number.POSITIVE_INFINITY])).toThrow(RangeError);
    });

    it('should refuse a total above the safe integer range', () => {
      expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow('Amount overflow');
      expect(sumMinor([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    });
  });

  describe(multiplyMinor.name, () => {
    it('should multiply a unit amount by a quantity', () => {
      expect(multiplyMinor(1299, 3)).toBe(3897);
      expect(multiplyMinor(99_999_999, 999)).toBe(99_899_999_001);
    });

    it('should refuse a fractional unit amount or quantity', () => {
      expect(() => multiplyMinor(12.5, 2)).toThrow(RangeError);
      expect(() => multiplyMinor(1250, 1.5)).toThrow(/Not an integer/);
      expect(() => multiplyMinor(Number.NaN, 1)).toThrow(RangeError);
    });

    it('should refuse a product above the safe integer range', () => {
      expect(() => multiplyMinor(Number.MAX_SAFE_INTEGER, 2)).toThrow('Amount overflow');
      expect(() => multiplyMinor(2 ** 30, 2 ** 30)).toThrow('Amount overflow');
    });
  });

  describe(formatMinor.name, () => {
    it('should format two-decimal amounts', () => {
      expect(formatMinor(1999, 'usd')).toBe('19.99 USD');
      expect(formatMinor(5, 'usd')).toBe('0.05 USD');
      expect(formatMinor(0, 'usd')).toBe('0.00 USD');
      expect(formatMinor(100, 'eur')).toBe('1.00 EUR');
    });

    it('should format zero-decimal amounts without a decimal point', () => {
      expect(formatMinor(500, 'jpy')).toBe('500 JPY');
      expect(formatMinor(0, 'jpy')).toBe('0 JPY');
    });

    it('should format three-decimal amounts with three decimals', () => {
      expect(formatMinor(1500, 'kwd')).toBe('1.500 KWD');
      expect(formatMinor(5, 'kwd')).toBe('0.005 KWD');
    });

    it('should put the sign before negative amounts', () => {
      expect(formatMinor(-1999, 'usd')).toBe('-19.99 USD');
      expect(formatMinor(-5, 'usd')).toBe('-0.05 USD');
      expect(formatMinor(-500, 'jpy')).toBe('-500 JPY');
      expect(formatMinor(-1500, 'kwd')).toBe('-1.500 KWD');
    });
  });
});
