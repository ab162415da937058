import fc from 'fast-check';
import { PASSWORD } from '../../support/factories';
import { bodyText, field, payload, str } from '../support/bodies';
import { garbageId } from '../support/url-text';
import { freshEmail, getBody, growingEmail, hex, paginationQuery } from '../support/common-arbitraries';
import { Family, printable, withPayload } from '../support/harness';
import { storedEmailRefusal } from '../support/input-rules';
import { nastyString, POISON_CHARS } from '../support/json-text';
import type { World } from '../support/world';

/**
 * POST /auth/register and /auth/login: the routes anyone can call. Bodies are objects of `email`
 * and `password` or a 4xx; an email longer than 254 characters as stored is a 4xx, never a 500.
 */
export function authFamily(world: World): Family {
  const known = world.customer.email;
  const email = field(
    freshEmail.map((value) => JSON.stringify(value)),
    str(known, known.toUpperCase(), ` ${known} `, `${known}\u0000`, `\udfff${known}`),
    str(
      'a@b',
      'not-an-email',
      '@example.test',
      'ada@',
      'a@b.c\u0000',
      'ad\u0000a@example.test',
      'ada@example.test\ud800',
      `${'a'.repeat(250)}@example.test`,
    ),
    growingEmail.map((value) => JSON.stringify(value)),
  );
  const password = field(
    str(PASSWORD, 'an0ther strong passphrase', 'ＡＢＣＤＥＦＧＨＩＪ１'),
    fc.constantFrom(...POISON_CHARS).map((poison) => JSON.stringify(`correct horse${poison}battery 42`)),
    str('short', 'password123', 'x'.repeat(129), 'aaaaaaaaaaaaaa', `${'ab1 '.repeat(40)}`),
  );
  const valid = hex(10).map((h) => `{"email":"fz-${h}@example.test","password":${JSON.stringify(PASSWORD)}}`);
  // Nothing else wrong with them, so only the email's stored length decides.
  const growing = growingEmail.map(
    (value) => `{"email":${JSON.stringify(value)},"password":${JSON.stringify(PASSWORD)}}`,
  );
  const body = fc.oneof(
    { weight: 9, arbitrary: bodyText({ email, password }, undefined, valid) },
    { weight: 1, arbitrary: growing },
  );
  return {
    name: 'auth',
    arbitrary: fc.tuple(fc.constantFrom('/auth/register', '/auth/login'), payload(body)).map(([path, body]) =>
      withPayload('POST', path, {}, body, {
        shape: { email: true, password: true },
        mustRefuse: storedEmailRefusal(body),
      }),
    ),
  };
}

/** GET /products and GET /products/:id, with every sort of id and query string. */
export function productsFamily(world: World): Family {
  const id = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...world.products.active.map((p) => p.id), world.products.inactive.id) },
    { weight: 3, arbitrary: garbageId },
  );
  const path = fc.oneof(
    paginationQuery().map((query) => `/products${query}`),
    fc.tuple(id, paginationQuery()).map(([productId, query]) => `/products/${productId}${query}`),
    fc.tuple(nastyString, paginationQuery()).map(([, query]) => `/products/${query}`),
  );
  return {
    name: 'products',
    arbitrary: fc
      .tuple(path, getBody)
      .map(([p, { contentType, body }]) =>
        printable({ method: 'GET', path: p, headers: contentType ? { 'Content-Type': contentType } : {}, body }),
      ),
  };
}
