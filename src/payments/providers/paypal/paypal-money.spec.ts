import { fromPayPalValue, PayPalMoneyError, toPayPalMoney } from './paypal-money';

/**
 * orderpay counts money in Stripe's minor units (cents; yen; hundredths of a forint or a Taiwan
 * dollar); PayPal takes decimal strings with the decimals its currency table allows (none for
 * HUF, JPY and TWD). Every conversion either is exact or is refused.
 */
function refusal(convert: () => unknown): PayPalMoneyError {
  try {
    convert();
  } catch (error) {
    expect(error).toBeInstanceOf(PayPalMoneyError);
    return error as PayPalMoneyError;
  }
  throw new Error('expected the conversion to be refused');
}

describe('toPayPalMoney', () => {
  it.each([
    [1999, 'usd', 'USD', '19.99'],
    [1999, 'USD', 'USD', '19.99'],
    [5, 'eur', 'EUR', '0.05'],
    [50, 'eur', 'EUR', '0.50'],
    [100, 'gbp', 'GBP', '1.00'],
    [0, 'usd', 'USD', '0.00'],
    [2_147_483_647, 'usd', 'USD', '21474836.47'],
  ])('writes %d %s as %s %s (two decimals)', (minor, currency, code, value) => {
    expect(toPayPalMoney(minor, currency)).toEqual({ currency_code: code, value });
  });

  it('writes yen as they are: no minor unit in either convention', () => {
    expect(toPayPalMoney(500, 'jpy')).toEqual({ currency_code: 'JPY', value: '500' });
    expect(toPayPalMoney(1, 'JPY')).toEqual({ currency_code: 'JPY', value: '1' });
    expect(toPayPalMoney(0, 'jpy')).toEqual({ currency_code: 'JPY', value: '0' });
  });

  it.each([
    ['huf', 'HUF'],
    ['twd', 'TWD'],
  ])('writes %s hundredths (Stripe’s convention) as PayPal’s whole units', (currency, code) => {
    expect(toPayPalMoney(150_000, currency)).toEqual({ currency_code: code, value: '1500' });
    expect(toPayPalMoney(100, currency)).toEqual({ currency_code: code, value: '1' });
  });

  it.each([
    ['huf', 150_050],
    ['huf', 1],
    ['twd', 99],
    ['TWD', 12_345],
  ])('refuses %s %d: PayPal takes no fraction of a whole unit', (currency, minor) => {
    expect(refusal(() => toPayPalMoney(minor, currency)).message).toBe(
      `PayPal takes whole ${currency.toUpperCase()} only: ${minor} minor units is a fraction`,
    );
  });

  it.each([
    ['inr', 'INR'],
    ['kwd', 'KWD'],
    ['bhd', 'BHD'],
    ['krw', 'KRW'],
    ['xyz', 'XYZ'],
  ])('refuses %s, a currency PayPal takes no payments in', (currency, code) => {
    expect(refusal(() => toPayPalMoney(1000, currency)).message).toBe(`PayPal does not take payments in ${code}`);
  });

  it.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [Number.MAX_SAFE_INTEGER + 1]])(
    'refuses %d, which is not an amount',
    (minor) => {
      expect(refusal(() => toPayPalMoney(minor, 'usd')).message).toBe(`${minor} is not an amount`);
    },
  );

  it('names its error', () => {
    expect(new PayPalMoneyError('x').name).toBe('PayPalMoneyError');
  });
});

describe('fromPayPalValue', () => {
  it.each([
    ['19.99', 'usd', 1999],
    ['19.9', 'usd', 1990],
    ['19', 'usd', 1900],
    ['0.05', 'eur', 5],
    ['0.00', 'usd', 0],
    ['007.50', 'usd', 750],
    ['500', 'jpy', 500],
    ['1500', 'huf', 150_000],
    ['1', 'twd', 100],
    ['21474836.47', 'usd', 2_147_483_647],
  ])('reads %s %s as %d minor units', (value, currency, minor) => {
    expect(fromPayPalValue(value, currency)).toBe(minor);
  });

  it('reads the currency in either case', () => {
    expect(fromPayPalValue('1.00', 'USD')).toBe(100);
    expect(fromPayPalValue('15', 'JPY')).toBe(15);
  });

  it.each([
    ['1.234', 'usd', 'more decimals than the currency has'],
    ['1.5', 'jpy', 'a fraction of a yen'],
    ['-1', 'usd', 'a negative amount'],
    ['-1.00', 'usd', 'a negative amount'],
    ['1e3', 'usd', 'an exponent'],
    ['', 'usd', 'nothing'],
    [' 1', 'usd', 'a leading space'],
    ['1 ', 'usd', 'a trailing space'],
    ['1,00', 'eur', 'a decimal comma'],
    ['1.', 'usd', 'a point without decimals'],
    ['.5', 'usd', 'decimals without a whole part'],
    ['+1', 'usd', 'a sign'],
    ['0x10', 'usd', 'hexadecimal'],
    ['１', 'usd', 'a non-ASCII digit'],
    ['12345678901', 'usd', 'more than ten whole digits'],
    ['NaN', 'usd', 'not a number'],
  ])('refuses %j %s: %s', (value, currency) => {
    expect(fromPayPalValue(value, currency)).toBeNull();
  });

  it('reads any amount of up to ten whole digits exactly (no float arithmetic)', () => {
    expect(fromPayPalValue('9999999999.99', 'usd')).toBe(999_999_999_999);
    expect(fromPayPalValue('0.29', 'usd')).toBe(29);
    expect(fromPayPalValue('1.10', 'usd')).toBe(110);
  });
});

describe('round trips', () => {
  it.each([
    ['usd', [1, 5, 29, 99, 100, 1999, 100_000, 2_147_483_647]],
    ['eur', [1, 10, 12_345]],
    ['jpy', [1, 50, 500, 99_999]],
    ['huf', [100, 17_500, 150_000, 2_147_483_600]],
    ['twd', [100, 3_000, 1_000_000]],
  ])('%s: every amount PayPal can express comes back as it went', (currency, amounts) => {
    for (const minor of amounts) {
      const { currency_code: code, value } = toPayPalMoney(minor, currency);
      expect(code).toBe(currency.toUpperCase());
      expect(fromPayPalValue(value, code)).toBe(minor);
    }
  });
});
