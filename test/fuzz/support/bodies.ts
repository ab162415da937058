import fc from 'fast-check';
import {
  deepText,
  jsonText,
  keyToken,
  leafToken,
  malformedText,
  nastyString,
  objectText,
  oversizedText,
  stringToken,
} from './json-text';

/** A request body as sent: exact bytes and Content-Type (undefined: no header at all). */
export interface Payload {
  contentType?: string;
  /** Extra headers that change how the body is read (Content-Encoding). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The JSON body parser will not read it, though it is not empty: a route expecting a body must refuse it. */
  unreadable?: string;
}

export const JSON_BODY_LIMIT = 64 * 1024;

/**
 * What a field gets: mostly a plausible value (so the request reaches deeper code), else a value
 * of the wrong type, else any JSON at all.
 */
export const field = (...plausible: fc.Arbitrary<string>[]): fc.Arbitrary<string> =>
  fc.oneof(
    // Integer weights: plausible values share 60%, wrong types 30%, anything 10%.
    ...plausible.map((arbitrary) => ({ weight: 6, arbitrary })),
    { weight: 3 * Math.max(plausible.length, 1), arbitrary: leafToken },
    { weight: Math.max(plausible.length, 1), arbitrary: jsonText },
  );

/** JSON text of a string value. */
export const str = (...values: string[]) => fc.constantFrom(...values.map((value) => JSON.stringify(value)));

/** `{...}` with each expected field present or absent, plus (often) smuggled extra fields. */
export function fieldObject(fields: Record<string, fc.Arbitrary<string>>, presence = 0.85): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, value]) =>
    fc.option(
      value.map((v) => [JSON.stringify(name), v] as const),
      { freq: Math.round(1 / (1 - presence)) },
    ),
  );
  const extras = fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as (readonly [string, string])[]) },
    { weight: 2, arbitrary: fc.array(fc.tuple(keyToken, jsonText), { minLength: 1, maxLength: 3 }) },
  );
  return fc
    .tuple(fc.tuple(...entries), extras)
    .map(([known, extra]) =>
      objectText([...known.filter((entry): entry is readonly [string, string] => entry !== null), ...extra]),
    );
}

/** A body for a route expecting an object with `fields`: usually that object, sometimes anything but. */
export function bodyText(fields: Record<string, fc.Arbitrary<string>>, presence?: number): fc.Arbitrary<string> {
  const names = Object.keys(fields);
  // One field holding a value nested thousands of levels deep: where validators recurse.
  const deepField = fc
    .tuple(fc.constantFrom(...names), deepText)
    .map(([name, deep]) => objectText([[JSON.stringify(name), deep]]));
  return fc.oneof(
    { weight: 24, arbitrary: fieldObject(fields, presence) },
    { weight: 3, arbitrary: jsonText },
    { weight: 2, arbitrary: deepText },
    { weight: 2, arbitrary: deepField },
    { weight: 2, arbitrary: malformedText },
    { weight: 1, arbitrary: oversizedText(JSON_BODY_LIMIT) },
    { weight: 1, arbitrary: fc.constant('') },
  );
}

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

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
];
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'application/octet-stream',
  'application/vnd.api+json',
  'application/json; charset=latin1',
  'application/json-patch+json',
  'a/b/c;;;',
  '',
];

/**
 * JSON under another name (`+json` suffixes, other charsets): an app may read these or refuse
 * them, so they are generated but not required to be refused.
 */
const mayBeJson = (type: string | undefined) => type !== undefined && /^application\/([\w.-]+\+)?json\b/i.test(type);

/** The same fields, as the formats a confused client might send instead of JSON. */
const foreignBody = (format: string, key: string, value: string): string => {
  if (format === 'form') return `${percentEncode(key)}=${percentEncode(value)}&amount=1`;
  if (format === 'xml') return `<?xml version="1.0"?><body><${key}>${value}</${key}></body>`;
  if (format === 'multipart')
    return `--fuzz\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n--fuzz--\r\n`;
  return value;
};

/**
 * A body in every way a client can get it wrong: right text with the wrong type or none, wrong
 * charset or encoding, bytes that are not UTF-8, or plain JSON (most cases, so validation is fuzzed too).
 */
export function payload(text: fc.Arbitrary<string>): fc.Arbitrary<Payload> {
  return fc.oneof(
    {
      weight: 20,
      arbitrary: fc
        .tuple(fc.constantFrom(...JSON_TYPES), text)
        .map(([contentType, body]): Payload => ({ contentType, body })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...OTHER_TYPES, undefined),
          text,
          fc.constantFrom('json', 'form', 'xml', 'multipart'),
          nastyString,
        )
        .map(([contentType, json, format, value]): Payload => {
          const body = format === 'json' ? json : foreignBody(format, 'email', value);
          return {
            contentType,
            body,
            unreadable:
              body !== '' && !mayBeJson(contentType)
                ? `Content-Type ${contentType === undefined ? '(none)' : JSON.stringify(contentType)}`
                : undefined,
          };
        }),
    },
    {
      // Bytes that are not UTF-8 inside a JSON string.
      weight: 1,
      arbitrary: fc
        .constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x00], [0xe2, 0x82])
        .map((bytes): Payload => ({
          contentType: 'application/json',
          body: Buffer.concat([Buffer.from('{"email":"a'), Buffer.from(bytes), Buffer.from('"}')]),
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'), stringToken)
        .map(([encoding, value]): Payload => ({
          contentType: 'application/json',
          headers: { 'Content-Encoding': encoding },
          body: `{"name":${value}}`,
        })),
    },
  );
}
