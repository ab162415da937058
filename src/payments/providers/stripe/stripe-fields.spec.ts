import { isJsonObject, StripeFields, UnusableStripeObjectError } from './stripe-fields';

/**
 * Every read of a signed Stripe event goes through StripeFields: what it accepts reaches queries,
 * what it refuses ends the event as ignored with the message. Each reader is tried with the values
 * Stripe sends and with the ones it never does, at the edges.
 */
const fields = (object: Record<string, unknown>) => StripeFields.of(object, 'data.object');

/** The error a read throws, asserted to be the refusal kind (not a TypeError from a bad guard). */
function refusal(read: () => unknown): UnusableStripeObjectError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(UnusableStripeObjectError);
    return error as UnusableStripeObjectError;
  }
  throw new Error('expected the read to be refused');
}

describe('StripeFields', () => {
  it('names its error, so logs and ignored events say what refused them', () => {
    const error = new UnusableStripeObjectError('data.object.id must be a Stripe id');
    expect(error.name).toBe('UnusableStripeObjectError');
    expect(error.message).toBe('data.object.id must be a Stripe id');
    expect(error).toBeInstanceOf(Error);
  });

  describe('isJsonObject', () => {
    it.each([
      [{}, true],
      [{ id: 'pi_1' }, true],
      [null, false],
      [[], false],
      [[{ id: 'pi_1' }], false],
      ['pi_1', false],
      [42, false],
      [undefined, false],
    ])('%j is an object: %s', (value, expected) => {
      expect(isJsonObject(value)).toBe(expected);
    });
  });

  describe('of / nested / optionalNested', () => {
    it.each([[null], [[]], ['cs_1'], [7], [undefined]])('refuses %j as an object, naming the path', (value) => {
      expect(refusal(() => StripeFields.of(value, 'data.object')).message).toBe('data.object must be an object');
    });

    it('reads a nested object under its own path', () => {
      const charge = fields({ billing_details: { name: 'Ada' } }).nested('billing_details');
      expect(charge.path).toBe('data.object.billing_details');
      expect(charge.text('name')).toBe('Ada');
      expect(refusal(() => fields({ billing: 'x' }).nested('billing')).message).toBe(
        'data.object.billing must be an object',
      );
    });

    it('reads an absent or null nested object as null, and refuses a list', () => {
      expect(fields({}).optionalNested('last_payment_error')).toBeNull();
      expect(fields({ last_payment_error: null }).optionalNested('last_payment_error')).toBeNull();
      expect(fields({ last_payment_error: { code: 'card_declined' } }).optionalNested('last_payment_error')?.path).toBe(
        'data.object.last_payment_error',
      );
      expect(refusal(() => fields({ last_payment_error: [] }).optionalNested('last_payment_error')).message).toBe(
        'data.object.last_payment_error must be an object',
      );
    });

    it('never reads inherited properties as fields', () => {
      expect(refusal(() => fields({}).id('toString')).message).toContain('data.object.toString must be');
      expect(fields({}).optionalText('constructor')).toBeNull();
    });
  });

  describe('id', () => {
    it.each(['pi_3MtwBwLkdIwHu7ix28a3tqPa', 'evt_1', 'x', '!~', 'a'.repeat(255)])('accepts %s', (value) => {
      expect(fields({ id: value }).id('id')).toBe(value);
    });

    it.each([[''], ['a'.repeat(256)], ['pi 1'], ['pi_\u0000'], ['pi_é'], [12], [null], [undefined], [{ id: 'pi_1' }]])(
      'refuses %j',
      (value) => {
        expect(refusal(() => fields({ id: value }).id('id')).message).toBe(
          'data.object.id must be a Stripe id (1 to 255 printable characters)',
        );
      },
    );
  });

  describe('optionalReference', () => {
    it('reads an id, an expanded object by its id, or null', () => {
      expect(fields({ charge: 'ch_1' }).optionalReference('charge')).toBe('ch_1');
      expect(fields({ charge: { id: 'ch_2', amount: 5 } }).optionalReference('charge')).toBe('ch_2');
      expect(fields({ charge: null }).optionalReference('charge')).toBeNull();
      expect(fields({}).optionalReference('charge')).toBeNull();
    });

    it('refuses a bad id, an object without one, and anything else, naming the nested path', () => {
      expect(refusal(() => fields({ charge: 'ch 1' }).optionalReference('charge')).message).toBe(
        'data.object.charge must be a Stripe id (1 to 255 printable characters)',
      );
      expect(refusal(() => fields({ charge: { amount: 5 } }).optionalReference('charge')).message).toBe(
        'data.object.charge.id must be a Stripe id (1 to 255 printable characters)',
      );
      for (const value of [5, true, ['ch_1']]) {
        expect(refusal(() => fields({ charge: value }).optionalReference('charge')).message).toBe(
          'data.object.charge must be an id, an object with an id, or null',
        );
      }
    });
  });

  describe('text / optionalText', () => {
    it('accepts text up to the limit, the default limit being 5000', () => {
      expect(fields({ reason: 'abc' }).text('reason', 3)).toBe('abc');
      expect(fields({ reason: '' }).text('reason', 3)).toBe('');
      expect(fields({ reason: 'a'.repeat(5000) }).text('reason')).toHaveLength(5000);
      expect(refusal(() => fields({ reason: 'a'.repeat(5001) }).text('reason')).message).toBe(
        'data.object.reason must be text of at most 5000 characters, without NUL or unpaired surrogates',
      );
    });

    it.each([['abcd'], ['a\u0000b'], ['\ud800'], [3], [null], [undefined], [['a']]])('refuses %j', (value) => {
      expect(refusal(() => fields({ reason: value }).text('reason', 3)).message).toBe(
        'data.object.reason must be text of at most 3 characters, without NUL or unpaired surrogates',
      );
    });

    it('reads absent or null optional text as null and checks the rest', () => {
      expect(fields({}).optionalText('reason')).toBeNull();
      expect(fields({ reason: null }).optionalText('reason')).toBeNull();
      expect(fields({ reason: '' }).optionalText('reason')).toBe('');
      expect(fields({ reason: 'ok' }).optionalText('reason', 2)).toBe('ok');
      expect(() => fields({ reason: 'abc' }).optionalText('reason', 2)).toThrow(UnusableStripeObjectError);
      expect(() => fields({ reason: 0 }).optionalText('reason')).toThrow(UnusableStripeObjectError);
    });
  });

  describe('amount / optionalAmount', () => {
    it('accepts whole minor units from the minimum to the integer column maximum', () => {
      expect(fields({ amount: 0 }).amount('amount')).toBe(0);
      expect(fields({ amount: 1 }).amount('amount', 1)).toBe(1);
      expect(fields({ amount: 2_147_483_647 }).amount('amount')).toBe(2_147_483_647);
    });

    it.each([[-1], [2_147_483_648], [1.5], [Number.NaN], [Infinity], ['100'], [null], [undefined]])(
      'refuses %j',
      (value) => {
        expect(refusal(() => fields({ amount: value }).amount('amount')).message).toBe(
          'data.object.amount must be a whole number of minor units from 0 to 2147483647',
        );
      },
    );

    it('refuses an amount under the given minimum', () => {
      expect(refusal(() => fields({ amount: 0 }).amount('amount', 1)).message).toBe(
        'data.object.amount must be a whole number of minor units from 1 to 2147483647',
      );
    });

    it('reads an absent or null optional amount as null and checks the rest', () => {
      expect(fields({}).optionalAmount('amount_received')).toBeNull();
      expect(fields({ amount_received: null }).optionalAmount('amount_received')).toBeNull();
      expect(fields({ amount_received: 0 }).optionalAmount('amount_received')).toBe(0);
      expect(() => fields({ amount_received: -5 }).optionalAmount('amount_received')).toThrow(
        UnusableStripeObjectError,
      );
    });
  });

  describe('currency / optionalCurrency', () => {
    it.each(['eur', 'USD', 'jPy'])('accepts %s as it is', (value) => {
      expect(fields({ currency: value }).currency('currency')).toBe(value);
    });

    it.each([['eu'], ['euro'], ['e1r'], [''], [978], [['eur']], [null], [undefined]])('refuses %j', (value) => {
      expect(refusal(() => fields({ currency: value }).currency('currency')).message).toBe(
        'data.object.currency must be a three-letter ISO currency code',
      );
    });

    it('reads an absent or null optional currency as null and checks the rest', () => {
      expect(fields({}).optionalCurrency('currency')).toBeNull();
      expect(fields({ currency: null }).optionalCurrency('currency')).toBeNull();
      expect(fields({ currency: 'eur' }).optionalCurrency('currency')).toBe('eur');
      expect(() => fields({ currency: 'euros' }).optionalCurrency('currency')).toThrow(UnusableStripeObjectError);
    });
  });

  describe('openEnum', () => {
    const statuses = ['succeeded', 'pending', 'failed'] as const;

    it('reads a known value as it is, and an unknown, null or absent one as the fallback', () => {
      expect(fields({ status: 'succeeded' }).openEnum('status', statuses, 'pending')).toBe('succeeded');
      expect(fields({ status: 'failed' }).openEnum('status', statuses, 'pending')).toBe('failed');
      expect(fields({ status: 'requires_action' }).openEnum('status', statuses, 'pending')).toBe('pending');
      expect(fields({ status: null }).openEnum('status', statuses, 'failed')).toBe('failed');
      expect(fields({}).openEnum('status', statuses, 'failed')).toBe('failed');
    });

    it.each([[1], [true], [['succeeded']], [{ status: 'succeeded' }]])('refuses the non-string %j', (value) => {
      expect(refusal(() => fields({ status: value }).openEnum('status', statuses, 'pending')).message).toBe(
        'data.object.status must be one of succeeded, pending, failed or null',
      );
    });
  });

  describe('timestampOrNow', () => {
    it('reads Unix seconds from 0 to the year 3000', () => {
      expect(fields({ created: 0 }).timestampOrNow('created')).toEqual(new Date(0));
      expect(fields({ created: 1_680_000_000 }).timestampOrNow('created')).toEqual(new Date(1_680_000_000_000));
      expect(fields({ created: 32_503_680_000 }).timestampOrNow('created')).toEqual(new Date(32_503_680_000_000));
    });

    it.each([[-1], [32_503_680_001], [1.5], ['1680000000'], [null], [undefined]])('reads %j as now', (value) => {
      const before = Date.now();
      const read = fields({ created: value }).timestampOrNow('created').getTime();
      expect(read).toBeGreaterThanOrEqual(before);
      expect(read).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('optionalList', () => {
    it('reads a list, and an absent or null one as empty', () => {
      expect(fields({ refunds: [{ id: 're_1' }] }).optionalList('refunds')).toEqual([{ id: 're_1' }]);
      expect(fields({ refunds: [] }).optionalList('refunds')).toEqual([]);
      expect(fields({ refunds: null }).optionalList('refunds')).toEqual([]);
      expect(fields({}).optionalList('refunds')).toEqual([]);
    });

    it.each([[{ data: [] }], ['re_1'], [0]])('refuses %j', (value) => {
      expect(refusal(() => fields({ refunds: value }).optionalList('refunds')).message).toBe(
        'data.object.refunds must be a list',
      );
    });
  });

  describe('ourId', () => {
    it('reads a UUID orderpay wrote, and anything else as not ours', () => {
      const id = '0b6f1c2e-8a4d-4f3b-9c1e-2d5a7b8c9e0f';
      expect(fields({ orderId: id }).ourId('orderId')).toBe(id);
      for (const value of ['order-1', '', 42, null, undefined, { id }]) {
        expect(fields({ orderId: value }).ourId('orderId')).toBeNull();
      }
    });
  });
});
