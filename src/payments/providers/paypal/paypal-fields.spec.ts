import { PayPalFields, UnusablePayPalObjectError } from './paypal-fields';

/**
 * Every read of a PayPal object (a verified event, an API answer) goes through PayPalFields: what
 * it accepts reaches queries, what it refuses ends the event as ignored (or the answer as a
 * provider fault) with the message. The shared reads are covered in stripe-fields.spec.ts; this
 * is PayPal's own formats (ids, `money`, RFC 3339 times, HATEOAS links) and the optional reads
 * through a PayPal reader.
 */
const fields = (object: Record<string, unknown>) => PayPalFields.of(object, 'resource');
const ORDER_ID = '0d9f2f1e-5a3b-4c1d-8e2f-1a2b3c4d5e6f';

/** The error a read throws, asserted to be the refusal kind (not a TypeError from a bad guard). */
function refusal(read: () => unknown): UnusablePayPalObjectError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(UnusablePayPalObjectError);
    return error as UnusablePayPalObjectError;
  }
  throw new Error('expected the read to be refused');
}

describe('PayPalFields', () => {
  it('names its error, so logs and ignored events say what refused them', () => {
    const error = new UnusablePayPalObjectError('resource.id must be a PayPal id');
    expect(error.name).toBe('UnusablePayPalObjectError');
    expect(error.message).toBe('resource.id must be a PayPal id');
    expect(error).toBeInstanceOf(Error);
  });

  describe('of / nested', () => {
    it.each([[null], [[]], ['5O190127TN364715T'], [7], [undefined]])('refuses %j as an object', (value) => {
      expect(refusal(() => PayPalFields.of(value, 'order')).message).toBe('order must be an object');
    });

    it('reads nested objects under their own path, as PayPal readers (not the shared base)', () => {
      const related = fields({ supplementary_data: { related_ids: { order_id: '5O190127TN364715T' } } })
        .nested('supplementary_data')
        .nested('related_ids');
      expect(related).toBeInstanceOf(PayPalFields);
      expect(related.path).toBe('resource.supplementary_data.related_ids');
      expect(related.id('order_id')).toBe('5O190127TN364715T');
      expect(refusal(() => fields({ supplementary_data: [] }).nested('supplementary_data')).message).toBe(
        'resource.supplementary_data must be an object',
      );
    });

    it('never reads inherited properties as fields', () => {
      expect(refusal(() => fields({}).id('constructor')).message).toBe('resource.constructor must be a PayPal id');
      expect(fields({}).optionalId('toString')).toBeNull();
      expect(fields({}).optionalMoney('valueOf')).toBeNull();
    });
  });

  describe('id / optionalId', () => {
    it.each([
      '5O190127TN364715T',
      '3C679366HH908993F',
      'WH-58D329510W468432D-8HN650336L201105X',
      'PP-D-27803',
      'a_b-c',
      'x'.repeat(255),
    ])('accepts %s', (value) => {
      expect(fields({ id: value }).id('id')).toBe(value);
      expect(fields({ id: value }).optionalId('id')).toBe(value);
    });

    it.each([
      [''],
      ['x'.repeat(256)],
      ['5O19 0127'],
      ['5O19/0127'],
      ['../orders'],
      ['id\u0000'],
      ['ÄBC'],
      [12],
      [true],
      [{ id: '5O190127TN364715T' }],
      [null],
      [undefined],
    ])('refuses %j as an id', (value) => {
      expect(refusal(() => fields({ id: value }).id('id')).message).toBe('resource.id must be a PayPal id');
    });

    it('reads an absent or null optional id as null, and checks the rest', () => {
      expect(fields({}).optionalId('capture_id')).toBeNull();
      expect(fields({ capture_id: null }).optionalId('capture_id')).toBeNull();
      expect(refusal(() => fields({ capture_id: '' }).optionalId('capture_id')).message).toBe(
        'resource.capture_id must be a PayPal id',
      );
      expect(refusal(() => fields({ capture_id: 5 }).optionalId('capture_id')).message).toBe(
        'resource.capture_id must be a PayPal id',
      );
    });
  });

  describe('money / optionalMoney', () => {
    it.each([
      [
        { currency_code: 'USD', value: '34.99' },
        { amount: 3499, currency: 'usd' },
      ],
      [
        { currency_code: 'EUR', value: '100' },
        { amount: 10_000, currency: 'eur' },
      ],
      [
        { currency_code: 'JPY', value: '1500' },
        { amount: 1500, currency: 'jpy' },
      ],
      [
        { currency_code: 'HUF', value: '1500' },
        { amount: 150_000, currency: 'huf' },
      ],
      [
        { currency_code: 'TWD', value: '30' },
        { amount: 3000, currency: 'twd' },
      ],
      [
        { currency_code: 'USD', value: '0.00' },
        { amount: 0, currency: 'usd' },
      ],
      [
        { currency_code: 'USD', value: '21474836.47' },
        { amount: 2_147_483_647, currency: 'usd' },
      ],
    ])('reads %j in minor units and a lower-case currency', (money, expected) => {
      expect(fields({ amount: money }).money('amount')).toEqual(expected);
      expect(fields({ amount: money }).optionalMoney('amount')).toEqual(expected);
    });

    it.each([
      [{ currency_code: 'USD', value: '1.234' }, 'usd'],
      [{ currency_code: 'USD', value: '-1.00' }, 'usd'],
      [{ currency_code: 'USD', value: '1e3' }, 'usd'],
      [{ currency_code: 'USD', value: '' }, 'usd'],
      [{ currency_code: 'USD', value: ' 1' }, 'usd'],
      [{ currency_code: 'JPY', value: '1.5' }, 'jpy'],
      // Past PostgreSQL's integer, the type of every amount column.
      [{ currency_code: 'USD', value: '21474836.48' }, 'usd'],
      [{ currency_code: 'USD', value: '9999999999' }, 'usd'],
    ])('refuses %j, naming the value’s path', (money, currency) => {
      expect(refusal(() => fields({ amount: money }).money('amount')).message).toBe(
        `resource.amount.value must be a decimal amount in ${currency}`,
      );
    });

    it('names the nested field it refuses: the object, the currency or the value', () => {
      expect(refusal(() => fields({ amount: '34.99' }).money('amount')).message).toBe(
        'resource.amount must be an object',
      );
      expect(refusal(() => fields({}).money('amount')).message).toBe('resource.amount must be an object');
      expect(refusal(() => fields({ amount: { value: '1.00' } }).money('amount')).message).toBe(
        'resource.amount.currency_code must be a three-letter ISO currency code',
      );
      expect(refusal(() => fields({ amount: { currency_code: 'US$', value: '1.00' } }).money('amount')).message).toBe(
        'resource.amount.currency_code must be a three-letter ISO currency code',
      );
      expect(refusal(() => fields({ amount: { currency_code: 'USD', value: 1 } }).money('amount')).message).toBe(
        'resource.amount.value must be text of at most 32 characters, without NUL or unpaired surrogates',
      );
      expect(
        refusal(() => fields({ amount: { currency_code: 'USD', value: '1'.repeat(33) } }).money('amount')).message,
      ).toBe('resource.amount.value must be text of at most 32 characters, without NUL or unpaired surrogates');
      const breakdown = { gross_amount: { currency_code: 'USD', value: 'x' } };
      expect(
        refusal(() =>
          fields({ seller_receivable_breakdown: breakdown })
            .nested('seller_receivable_breakdown')
            .money('gross_amount'),
        ).message,
      ).toBe('resource.seller_receivable_breakdown.gross_amount.value must be a decimal amount in usd');
    });

    it('reads an absent or null optional money as null, and checks the rest', () => {
      expect(fields({}).optionalMoney('amount')).toBeNull();
      expect(fields({ amount: null }).optionalMoney('amount')).toBeNull();
      expect(refusal(() => fields({ amount: {} }).optionalMoney('amount')).message).toBe(
        'resource.amount.currency_code must be a three-letter ISO currency code',
      );
    });
  });

  describe('timeOrNow', () => {
    it.each([
      ['2018-04-01T21:20:49Z', Date.UTC(2018, 3, 1, 21, 20, 49)],
      ['2018-04-01T21:20:49.123Z', Date.UTC(2018, 3, 1, 21, 20, 49, 123)],
      ['2018-04-01T14:20:49-07:00', Date.UTC(2018, 3, 1, 21, 20, 49)],
      ['1970-01-01T00:00:00Z', 0],
      ['3000-01-01T00:00:00Z', 32_503_680_000_000],
    ])('reads the RFC 3339 time %s', (value, ms) => {
      expect(fields({ create_time: value }).timeOrNow('create_time')).toEqual(new Date(ms));
    });

    it.each([
      ['not a time'],
      [''],
      ['1969-12-31T23:59:59Z'],
      ['3000-01-01T00:00:00.001Z'],
      [1_680_000_000],
      [null],
      [undefined],
      [{ time: '2018-04-01T21:20:49Z' }],
    ])('reads %j as now, rather than losing the event', (value) => {
      const before = Date.now();
      const read = fields({ create_time: value }).timeOrNow('create_time').getTime();
      expect(read).toBeGreaterThanOrEqual(before);
      expect(read).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('linkedHref / linkedId', () => {
    const links = [
      { href: 'https://api-m.paypal.com/v2/payments/refunds/1JU08902781691411', rel: 'self', method: 'GET' },
      { href: 'https://api-m.paypal.com/v2/payments/captures/2GG279541U471931P', rel: 'up', method: 'GET' },
      { href: 'https://www.paypal.com/checkoutnow?token=5O190127TN364715T', rel: 'payer-action', method: 'GET' },
    ];

    it('reads the href of the link with the rel, and the id its path ends in', () => {
      const refund = fields({ links });
      expect(refund.linkedHref('up')).toBe('https://api-m.paypal.com/v2/payments/captures/2GG279541U471931P');
      expect(refund.linkedId('up')).toBe('2GG279541U471931P');
      expect(refund.linkedId('self')).toBe('1JU08902781691411');
      expect(refund.linkedHref('payer-action')).toBe('https://www.paypal.com/checkoutnow?token=5O190127TN364715T');
    });

    it('takes the first link of a rel', () => {
      const twice = [
        { href: 'https://api-m.paypal.com/v2/payments/captures/FIRST', rel: 'up' },
        { href: 'https://api-m.paypal.com/v2/payments/captures/SECOND', rel: 'up' },
      ];
      expect(fields({ links: twice }).linkedId('up')).toBe('FIRST');
    });

    it('reads the id before a trailing slash, a query or a fragment', () => {
      for (const href of [
        'https://api-m.paypal.com/v2/payments/captures/2GG279541U471931P/',
        'https://api-m.paypal.com/v2/payments/captures/2GG279541U471931P?fields=all',
        'https://api-m.paypal.com/v2/payments/captures/2GG279541U471931P#top',
        'http://127.0.0.1:4010/v2/payments/captures/2GG279541U471931P',
      ]) {
        expect(fields({ links: [{ href, rel: 'up' }] }).linkedId('up')).toBe('2GG279541U471931P');
      }
    });

    it('reads no link, no links, or null links as null', () => {
      expect(fields({ links }).linkedHref('capture')).toBeNull();
      expect(fields({ links }).linkedId('capture')).toBeNull();
      expect(fields({}).linkedHref('up')).toBeNull();
      expect(fields({ links: null }).linkedId('up')).toBeNull();
      expect(fields({ links: [] }).linkedId('up')).toBeNull();
    });

    it('reads an href whose path does not end in an id as no id', () => {
      for (const href of ['https://api-m.paypal.com/v2/payments/captures/a b', 'captures:ABC', '']) {
        expect(fields({ links: [{ href, rel: 'up' }] }).linkedId('up')).toBeNull();
      }
    });

    it('refuses links it cannot read, naming the entry', () => {
      expect(refusal(() => fields({ links: 'up' }).linkedHref('up')).message).toBe('resource.links must be a list');
      expect(refusal(() => fields({ links: ['up'] }).linkedHref('up')).message).toBe(
        'resource.links.0 must be an object',
      );
      expect(refusal(() => fields({ links: [links[0], { rel: 'up' }] }).linkedId('up')).message).toBe(
        'resource.links.1.href must be text of at most 2000 characters, without NUL or unpaired surrogates',
      );
      expect(refusal(() => fields({ links: [{ rel: 7, href: 'x' }] }).linkedHref('up')).message).toBe(
        'resource.links.0.rel must be text of at most 100 characters, without NUL or unpaired surrogates',
      );
    });
  });

  describe('optional reads through a PayPal reader', () => {
    it('reads absent or null optional fields as null (or empty), and present ones as they are', () => {
      const empty = fields({ custom_id: null, status_details: null, refunds: null, note: null });
      expect(empty.optionalText('note')).toBeNull();
      expect(fields({}).optionalText('note')).toBeNull();
      expect(empty.optionalNested('status_details')).toBeNull();
      expect(fields({}).optionalNested('status_details')).toBeNull();
      expect(empty.optionalList('refunds')).toEqual([]);
      expect(empty.optionalCurrency('currency_code')).toBeNull();
      expect(fields({ note: 'Defective' }).optionalText('note')).toBe('Defective');
      expect(
        fields({ status_details: { reason: 'ECHECK' } })
          .optionalNested('status_details')
          ?.text('reason'),
      ).toBe('ECHECK');
      expect(fields({ refunds: [{ id: 'R1' }] }).optionalList('refunds')).toEqual([{ id: 'R1' }]);
    });

    it('checks present optional fields like required ones, naming them', () => {
      expect(refusal(() => fields({ status_details: 'ECHECK' }).optionalNested('status_details')).message).toBe(
        'resource.status_details must be an object',
      );
      expect(refusal(() => fields({ refunds: {} }).optionalList('refunds')).message).toBe(
        'resource.refunds must be a list',
      );
      expect(refusal(() => fields({ note: 'a\u0000b' }).optionalText('note')).message).toBe(
        'resource.note must be text of at most 5000 characters, without NUL or unpaired surrogates',
      );
    });

    it('reads only a UUID as one of our ids (custom_id, invoice_id)', () => {
      expect(fields({ custom_id: ORDER_ID }).ourId('custom_id')).toBe(ORDER_ID);
      for (const value of ['INVOICE-123', `order_${ORDER_ID}`, '', 7, null, undefined]) {
        expect(fields({ custom_id: value }).ourId('custom_id')).toBeNull();
      }
    });

    it('reads an enum PayPal may extend, its unknown values as the fallback', () => {
      const statuses = ['COMPLETED', 'PENDING'] as const;
      expect(fields({ status: 'COMPLETED' }).openEnum('status', statuses, 'PENDING')).toBe('COMPLETED');
      expect(fields({ status: 'ON_HOLD' }).openEnum('status', statuses, 'PENDING')).toBe('PENDING');
      expect(refusal(() => fields({ status: 1 }).openEnum('status', statuses, 'PENDING')).message).toBe(
        'resource.status must be one of COMPLETED, PENDING or null',
      );
    });
  });
});
