import fc from 'fast-check';

/**
 * Generators of JSON *text*, not JS values: text can hold what JSON.stringify never writes
 * (`-0`, `1e400`, duplicate keys, an own `__proto__` key, 30,000 levels of nesting) and is sent
 * byte for byte, so a failure message shows exactly what the app received.
 */

/** The characters behind real bugs: NUL (PostgreSQL refuses it in text), lone surrogates (no UTF-8 form). */
export const POISON_CHARS = ['\u0000', '\udfff', '\ud800', '\u202e', '\ufeff', '\uffff', '\u0085', '\u200b'];

/** Strings that look like other types, reach prototypes, or break naive encoders. */
export const NASTY_STRINGS = [
  '',
  ' ',
  'a',
  '\u0000',
  'a\u0000b',
  '\udfff',
  '\ud800',
  'ab\ud800cd',
  '\udfff@example.test',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e300',
  '-0',
  '0x10',
  '1_000',
  ' 42 ',
  '42abc',
  '4.2',
  '-1',
  'true',
  'false',
  'null',
  'undefined',
  '[object Object]',
  '{}',
  '[]',
  "'; DROP TABLE users; --",
  '%00',
  '%',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'ＡＢＣ１２３',
  'İstanbul',
  'ß',
  '😀',
  '\u202egnp.exe',
  '\r\n',
  '\t',
  '\\',
  '"',
  'usd',
  'USD',
  'stripe',
];

/** Numbers as they may appear in JSON text; several parse to values JSON.stringify cannot write back. */
export const NUMBER_TOKENS = [
  '0',
  '-0',
  '-0.0',
  '0.0',
  '1',
  '-1',
  '0.5',
  '1.5',
  '1.0',
  '1e0',
  '1E2',
  '1e300',
  '-1e300',
  '1e400',
  '-1e400',
  '1e-400',
  '4.9e-324',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '99999999',
  '100000000',
  '12345678901234567890123456789',
  '0.1e1',
  '999',
  '1000',
];

const poisoned = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...POISON_CHARS), fc.string({ maxLength: 12 }))
  .map(([before, poison, after]) => before + poison + after);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 3, arbitrary: poisoned },
  // Longer than every varchar column (64, 100, 200, 254, 255, 500, 2000).
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);

export const numberToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBER_TOKENS) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)) },
);

/** JSON.stringify escapes NUL and lone surrogates (`"\udfff"`): valid JSON text that parses back to them. */
export const stringToken = nastyString.map((s) => JSON.stringify(s));

export const leafToken: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: numberToken },
  { weight: 3, arbitrary: stringToken },
  { weight: 2, arbitrary: fc.constantFrom('true', 'false', 'null', '{}', '[]', '""', '[null]', '{"":null}') },
);

/** Keys smuggled into objects: prototype keys and fields a client must never set. */
export const SMUGGLED_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'amount',
  'status',
  'userId',
  'totalAmount',
  'unitAmount',
  'amountRefunded',
  'role',
  'id',
  'orderId',
  'paymentId',
  'isAdmin',
  'currency',
  'createdAt',
  '',
  ' ',
  '\u0000',
  '\udfff',
  '$where',
];

export const keyToken: fc.Arbitrary<string> = fc
  .oneof({ weight: 3, arbitrary: fc.constantFrom(...SMUGGLED_KEYS) }, { weight: 1, arbitrary: nastyString })
  .map((key) => JSON.stringify(key));

/** `{"k":v,...}` from [key token, value token] pairs; repeated keys are kept (the last one wins in JSON.parse). */
export const objectText = (entries: readonly (readonly [string, string])[]): string =>
  `{${entries.map(([key, value]) => `${key}:${value}`).join(',')}}`;

/** Any JSON value, a few levels deep. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ maxDepth: 3, depthIdentifier: 'json-text' }, leafToken, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(keyToken, tie('value')), { maxLength: 4 }).map(objectText),
})).value;

/**
 * Nesting far past what recursive code survives (class-transformer, deep clones, loggers). V8's
 * JSON.parse itself is iterative, so the body parser accepts these: the app must refuse them.
 * Sizes stay under the 64 kB body limit so the nesting, not the size, is what gets tested.
 */
export const deepText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('array', 'object', 'mixed'),
    fc.oneof(
      fc.integer({ min: 50, max: 1000 }),
      fc.integer({ min: 1000, max: 3000 }),
      fc.integer({ min: 3000, max: 7000 }),
    ),
  )
  .map(([shape, depth]) => {
    if (shape === 'array') return '['.repeat(depth) + ']'.repeat(depth);
    if (shape === 'object') return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return '[{"a":'.repeat(depth) + '0' + '}]'.repeat(depth);
  });

export const MALFORMED_JSON = [
  '{',
  '[',
  '}',
  '{"a":}',
  "{'a':1}",
  '[1,]',
  '{"a":1,}',
  'NaN',
  '{"a":NaN}',
  '{"a":1}garbage',
  '{"a":"\\u00"}',
  '{"a":"\\x41"}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":+1}',
  '{"a":Infinity}',
  '\u0000',
  '{"a":"b\u0000"}',
  'undefined',
  '{"__proto__":}',
  '[[[[[[',
  '{"a":"unterminated',
  '\ufeff{}',
  'null',
  '1',
  '"x"',
  'true',
];

/** Not JSON at all, or JSON the body parser's strict mode refuses (a bare scalar). */
export const malformedText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
  // An object or array missing its last character is never valid JSON.
  {
    weight: 1,
    arbitrary: jsonText.filter((text) => /^[[{]/.test(text) && text.length > 2).map((text) => text.slice(0, -1)),
  },
);

/** Bodies over a limit; `min` is in bytes (64 kB for JSON routes, 512 kB for webhooks). */
export const oversizedText = (min: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: min + 1, max: min * 3 }), fc.boolean())
    .map(([size, asString]) => (asString ? `{"x":"${'a'.repeat(size)}"}` : `[${'1,'.repeat(Math.ceil(size / 2))}1]`));
