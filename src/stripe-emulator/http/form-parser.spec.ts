import { FormParseError, parseForm } from './form-parser';

describe('parseForm', () => {
  it('should nest bracketed keys the way the Stripe SDK encodes them', () => {
    const body =
      'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1500' +
      '&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=2' +
      '&line_items[1][quantity]=1&metadata[orderId]=o_1&expand[0]=line_items';
    expect(parseForm(body)).toEqual({
      mode: 'payment',
      line_items: {
        '0': { price_data: { currency: 'usd', unit_amount: '1500', product_data: { name: 'T-shirt' } }, quantity: '2' },
        '1': { quantity: '1' },
      },
      metadata: { orderId: 'o_1' },
      expand: { '0': 'line_items' },
    });
  });

  it('should decode percent-encoding, encoded brackets and plus signs', () => {
    const parsed = parseForm(
      'success_url=http%3A%2F%2Flocalhost%2Fok%3Fs%3D%7BCHECKOUT_SESSION_ID%7D&metadata%5Bnote%5D=a+b%20c',
    );
    expect(parsed).toEqual({
      success_url: 'http://localhost/ok?s={CHECKOUT_SESSION_ID}',
      metadata: { note: 'a b c' },
    });
  });

  it('should append with empty brackets and keep empty values', () => {
    expect(parseForm('expand[]=a&expand[]=b&customer_email=')).toEqual({
      expand: { '0': 'a', '1': 'b' },
      customer_email: '',
    });
  });

  it('should refuse a key used both as a value and as an object', () => {
    expect(() => parseForm('metadata=x&metadata[a]=b')).toThrow(FormParseError);
    expect(() => parseForm('metadata[a]=b&metadata=x')).toThrow(FormParseError);
  });

  it('should keep keys that merely look like prototype members', () => {
    expect(parseForm('metadata[constructor]=c&metadata[prototype]=p')).toEqual({
      metadata: { constructor: 'c', prototype: 'p' },
    });
  });

  it('should refuse malformed names and __proto__ keys', () => {
    expect(() => parseForm('a[b=1')).toThrow(FormParseError);
    expect(() => parseForm('[a]=1')).toThrow(FormParseError);
    expect(() => parseForm('metadata[__proto__][x]=1')).toThrow(FormParseError);
    expect(() => parseForm('a=%E0%A4%A')).toThrow(FormParseError);
  });
});
