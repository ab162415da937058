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
import { PROTOTYPE_KEYS } from './input-rules';
import { percentEncode } from './url-text';

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

/**
 * Keys no DTO declares that class-transformer drops without a word, so the unknown-field check
 * never sees them: the prototype's own names, and every name an object inherits (`toString`,
 * `hasOwnProperty`...: it skips a key whose value on a new instance is a function). Then plain
 * unknown keys, which the check does see.
 */
const SMUGGLED_INTO_VALID = [
  ...PROTOTYPE_KEYS,
  ...Object.getOwnPropertyNames(Object.prototype).filter((name) => !PROTOTYPE_KEYS.includes(name)),
  'userId',
  'status',
  'role',
];

/**
 * `valid` (JSON text of a body the route accepts, no `{` inside its strings) with one key no DTO
 * declares added to one of its objects, the top one or a nested one (an order's item). Unless the
 * app refuses it, the request goes through as if the key were not there: for a refund, `{}` plus
 * `"toString": {"amount": 1}` is a refund of everything.
 */
export function withUnknownKey(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const value = fc.constantFrom('1', 'null', '{}', '[]', '"x"', '{"amount":100}', '{"role":"admin"}');
  return fc.tuple(valid, fc.constantFrom(...SMUGGLED_INTO_VALID), value, fc.nat()).map(([text, key, inner, pick]) => {
    const opens = [...text.matchAll(/\{/g)].map((match) => match.index);
    const at = opens[pick % opens.length] + 1;
    return `${text.slice(0, at)}${JSON.stringify(key)}:${inner}${text[at] === '}' ? '' : ','}${text.slice(at)}`;
  });
}

/**
 * A body for a route expecting an object with `fields`: usually that object, sometimes anything
 * but. With `valid` (bodies the route accepts), also those bodies carrying one key too many.
 */
export function bodyText(
  fields: Record<string, fc.Arbitrary<string>>,
  presence?: number,
  valid?: fc.Arbitrary<string>,
): fc.Arbitrary<string> {
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
    ...(valid ? [{ weight: 4, arbitrary: withUnknownKey(valid) }] : []),
  );
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
      // No bytes, typed as JSON: Content-Length: 0, or chunked with no chunk. The JSON parser
      // reads both as {}, which for a refund means "everything".
      weight: 2,
      arbitrary: fc.constantFrom<Payload>(
        { contentType: 'application/json', body: '' },
        { contentType: 'application/json', headers: { 'Transfer-Encoding': 'chunked' } },
        { contentType: 'application/json; charset=utf-8', headers: { 'Transfer-Encoding': 'chunked' } },
      ),
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
