import fc from 'fast-check';
import { nastyString } from './json-text';

/** URL text as the fuzz suite sends it: ids where a path segment goes, query strings of every sort. */

/** Percent-encodes anything, lone surrogates included (as the bytes a naive encoder would write). */
export function percentEncode(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += `%ED%${(0xa0 | ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 | (code & 0x3f)).toString(16).toUpperCase()}`;
    else out += encodeURIComponent(char);
  }
  return out;
}

/** Already-encoded URL text that no encoder produces: broken escapes, invalid UTF-8. */
const RAW_URL_GARBAGE = [
  '%',
  '%zz',
  '%E2%82',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%00',
  '%2e%2e',
  '%2F',
  '+',
  '%20',
  ';',
  '@',
  '..',
  '%25',
];

/**
 * URL text. Long values stop at 1,500 characters: past Node's 16 kB header limit the HTTP parser
 * answers a bare 431 before any app code runs, which says nothing about the app.
 */
export const urlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: nastyString.map((s) => percentEncode(s.slice(0, 1500))) },
  { weight: 2, arbitrary: fc.constantFrom(...RAW_URL_GARBAGE) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 6 }).map(percentEncode), fc.constantFrom(...RAW_URL_GARBAGE))
      .map(([a, b]) => a + b),
  },
);

/** A path segment where an id goes: never an existing row (random UUIDs are unknown ones). */
export const garbageId: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.uuid({ version: 4 }) },
  { weight: 1, arbitrary: fc.uuid().map((uuid) => uuid.toUpperCase()) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '{3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f}',
      '3f1c7d2e8a4b4c1d9e2f0a1b2c3d4e5f',
      '3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5',
      '3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f0',
      '1',
      '0',
      '-1',
      '1e300',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      'NaN',
      'x'.repeat(3000),
    ),
  },
  { weight: 1, arbitrary: fc.uuid().map((uuid) => `${uuid}%00`) },
  { weight: 4, arbitrary: urlText.filter((text) => text !== '' && text !== '..' && text !== '%2e%2e') },
);

/** Query keys that name a prototype property, plain, percent-encoded or without a value (and two lookalikes that do not). */
const PROTOTYPE_QUERY_PARTS = [
  '__proto__=1',
  'constructor=x',
  'prototype=1',
  '__proto__',
  '%5F%5Fproto%5F%5F=1',
  'constructo%72=1',
  '__proto__[amount]=1',
  'a[constructor]=1',
];

/** `?a=b&...` over a list route's parameters, with values of every sort, repeats and unknown keys. */
export function queryString(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const known = Object.entries(params).map(([name, plausible]) =>
    fc.option(
      fc
        .oneof({ weight: 3, arbitrary: plausible }, { weight: 3, arbitrary: urlText })
        .map((value) => `${name}=${value}`),
      { freq: 2 },
    ),
  );
  const names = Object.keys(params);
  const oddity = fc.oneof(
    fc.constantFrom(...names).map((name) => `${name}=1&${name}=2`),
    fc.constantFrom(...names).map((name) => `${name}[]=1`),
    fc.constantFrom(...names).map((name) => `${name}[a]=1`),
    fc.constantFrom(...names),
    fc.constantFrom(
      '__proto__=1',
      'constructor=x',
      'hasOwnProperty=1',
      'userId=x',
      'limit=5',
      'offset=1',
      '=1',
      '&&',
      'a',
      '%00=1',
    ),
    fc.tuple(urlText, urlText).map(([key, value]) => `${key}=${value}`),
    // Must be refused (400) on every route, whatever else the query holds: see queryRefusal.
    fc.constantFrom(...PROTOTYPE_QUERY_PARTS),
  );
  return fc
    .tuple(
      fc.tuple(...known),
      fc.oneof(
        { weight: 2, arbitrary: fc.constant([] as string[]) },
        { weight: 1, arbitrary: fc.array(oddity, { minLength: 1, maxLength: 2 }) },
      ),
    )
    .map(([parts, extra]) => {
      const all = [...parts.filter((part): part is string => part !== null), ...extra];
      return all.length ? `?${all.join('&')}` : '';
    });
}
