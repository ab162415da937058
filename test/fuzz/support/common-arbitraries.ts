import fc from 'fast-check';
import { percentEncode, queryString, urlText } from './url-text';
import { malformedText, oversizedText, POISON_CHARS } from './json-text';
import type { World } from './world';

/** Values list routes might get for page/pageSize: edges, near misses and lookalikes. */
export const PAGE_VALUES = [
  '1',
  '2',
  '20',
  '100',
  '100000',
  '0',
  '-1',
  '101',
  '100001',
  '1.5',
  '1e3',
  '1e300',
  '0x10',
  '%201',
  '01',
  '-0',
  'NaN',
  'Infinity',
  '9999999999999999999',
  '',
];
export const pageValue = fc.constantFrom(...PAGE_VALUES);

export const paginationQuery = (extra: Record<string, fc.Arbitrary<string>> = {}) =>
  queryString({ page: pageValue, pageSize: pageValue, ...extra });

/** Dates as a filter might receive them. */
export const dateValue = fc.oneof(
  fc.constantFrom(
    '2024-01-01',
    '2024-01-01T00:00:00Z',
    '2024-13-45',
    '1999-12-31',
    '0001-01-01',
    '9999-12-31T00:00:01Z',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '1700000000',
    '0',
    'now',
    'yesterday',
    '2024-02-30',
    'Tue%2C%2001%20Jan%202030',
    '2024-01-01T25:61:61Z',
  ),
  fc.date({ noInvalidDate: true }).map((date) => percentEncode(date.toISOString())),
);

export const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** An email for a new account, sometimes with a poisoned character inside. */
export const freshEmail = fc.oneof(
  { weight: 3, arbitrary: hex(10).map((h) => `fz-${h}@example.test`) },
  {
    weight: 2,
    arbitrary: fc.tuple(hex(6), fc.constantFrom(...POISON_CHARS)).map(([h, poison]) => `fz-${h}${poison}@example.test`),
  },
);

/**
 * Emails of 230 to 254 characters holding 'İ', which lowercases to two ('i' and a combining dot),
 * so many fit the 254 limit as sent but not as stored. The local part stays within 64 bytes and
 * the labels within 63 characters as sent, so a check made before lowercasing lets them through.
 */
export const growingEmail: fc.Arbitrary<string> = fc
  .record({
    total: fc.integer({ min: 230, max: 254 }),
    localDotted: fc.integer({ min: 0, max: 31 }),
    domainDotted: fc.integer({ min: 0, max: 40 }),
    localPlain: fc.integer({ min: 1, max: 62 }),
  })
  .map(({ total, localDotted, domainDotted, localPlain }) => {
    const local = 'İ'.repeat(localDotted) + 'x'.repeat(Math.min(localPlain, 64 - 2 * localDotted));
    const domainLength = total - local.length - 1 - '.test'.length;
    let dotted = 0;
    const domain = Array.from({ length: domainLength }, (_, i) => {
      if (i % 61 === 60) return '.';
      return dotted++ < domainDotted ? 'İ' : 'a';
    }).join('');
    return `${local}@${domain}.test`;
  });

/** Authorization headers: mostly the right user's token, sometimes none or a broken one. */
export function authHeaders(world: World, token: string): fc.Arbitrary<Record<string, string>> {
  const tampered = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
  const [header, payload] = token.split('.');
  const algNone = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
  return fc.oneof(
    { weight: 24, arbitrary: fc.constant({ Authorization: `Bearer ${token}` }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Record<string, string>>(
        {},
        { Authorization: '' },
        { Authorization: 'Bearer' },
        { Authorization: 'Bearer ' },
        { Authorization: `Bearer ${tampered}` },
        { Authorization: `Bearer ${algNone}` },
        { Authorization: `Bearer ${header}` },
        { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
        { Authorization: `bearer ${token}` },
        { Authorization: `Bearer ${token} ${token}` },
        { Authorization: `Bearer ${'a'.repeat(4000)}` },
        { Authorization: `Bearer ${world.other.token}` },
      ),
    },
  );
}

/**
 * A body on a GET: the JSON parser reads it on every route, so its errors (400, 413) must have
 * the error shape there too.
 */
export const getBody = fc.oneof(
  { weight: 12, arbitrary: fc.constant<{ contentType?: string; body?: string }>({}) },
  { weight: 1, arbitrary: malformedText.map((body) => ({ contentType: 'application/json', body })) },
  { weight: 1, arbitrary: oversizedText(64 * 1024).map((body) => ({ contentType: 'application/json', body })) },
);

export { urlText };
