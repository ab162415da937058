import fc from 'fast-check';
import { bodyText, field, fieldObject, payload, str } from '../support/bodies';
import { garbageId } from '../support/url-text';
import { authHeaders, getBody, paginationQuery } from '../support/common-arbitraries';
import { Family, printable, withPayload } from '../support/harness';
import { jsonText, leafToken, nastyString, numberToken } from '../support/json-text';
import { poolRef, POOL_SIZE, World } from '../support/world';

/** Quantities: the valid range's edges and everything around them. */
const quantity = field(
  fc.constantFrom('1', '2', '999', '0', '1000', '-1', '1.5', '1e3', '"2"', '9007199254740993', '-0'),
  numberToken,
);

/** Ids of orders the customer may see and some they may not. */
function orderId(world: World): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        world.orders.payable,
        world.orders.canceled,
        world.orders.foreign,
        world.checkout.orderId,
        poolRef('paid', 0),
      ),
    },
    { weight: 2, arbitrary: garbageId },
  );
}

/** POST /orders, GET /orders, GET /orders/:id. */
export function ordersFamily(world: World): Family {
  const { active, inactive, pricey } = world.products;
  const productId = field(
    fc.constantFrom(...active.map((p) => p.id), inactive.id, pricey.id).map((id) => JSON.stringify(id)),
    garbageId.map((id) => JSON.stringify(decodeURIComponentSafe(id))),
  );
  const item = fc.oneof(
    { weight: 6, arbitrary: fieldObject({ productId, quantity }, 0.9) },
    { weight: 1, arbitrary: leafToken },
    { weight: 1, arbitrary: jsonText },
  );
  const items = field(
    fc.array(item, { minLength: 1, maxLength: 4 }).map((list) => `[${list.join(',')}]`),
    // Over the 100-item limit, and one product listed twice.
    fc
      .integer({ min: 101, max: 400 })
      .map(
        (n) =>
          `[${Array.from({ length: n }, (_, i) => `{"productId":"${active[i % active.length].id}","quantity":1}`).join(',')}]`,
      ),
    fc.constant(`[{"productId":"${active[0].id}","quantity":1},{"productId":"${active[0].id}","quantity":2}]`),
    fc.constant('[]'),
  );
  const accepted = fc
    .constantFrom(...active)
    .map((product) => `{"items":[{"productId":"${product.id}","quantity":1}]}`);
  const create = fc
    .tuple(authHeaders(world, world.customer.token), payload(bodyText({ items }, undefined, accepted)))
    .map(([headers, body]) =>
      withPayload('POST', '/orders', headers, body, { shape: { items: { productId: true, quantity: true } } }),
    );
  const read = fc
    .tuple(
      authHeaders(world, world.customer.token),
      fc.oneof(
        paginationQuery().map((q) => `/orders${q}`),
        orderId(world).map((id) => `/orders/${id}`),
      ),
      getBody,
    )
    .map(([headers, path, { contentType, body }]) =>
      printable({
        method: 'GET',
        path,
        headers: { ...headers, ...(contentType ? { 'Content-Type': contentType } : {}) },
        body,
      }),
    );
  return { name: 'orders', arbitrary: fc.oneof({ weight: 3, arbitrary: create }, { weight: 2, arbitrary: read }) };
}

/** POST /orders/:id/pay, mostly on the customer's payable order. */
export function payFamily(world: World): Family {
  const paymentMethod = field(
    str(
      'stripe',
      'STRIPE',
      ' stripe ',
      'paypal',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'stripe\u0000',
      'x'.repeat(33),
    ),
    nastyString.map((s) => JSON.stringify(s)),
  );
  const target = fc.oneof(
    { weight: 4, arbitrary: fc.constant(world.orders.payable) },
    { weight: 2, arbitrary: orderId(world) },
  );
  return {
    name: 'pay',
    arbitrary: fc
      .tuple(
        target,
        authHeaders(world, world.customer.token),
        payload(bodyText({ paymentMethod }, undefined, fc.constant('{"paymentMethod":"stripe"}'))),
      )
      .map(([id, headers, body]) =>
        withPayload('POST', `/orders/${id}/pay`, headers, body, { shape: { paymentMethod: true } }),
      ),
  };
}

/**
 * POST /orders/:id/cancel takes no body, so bodies here test only the parser. A valid request on a
 * pool order cancels it; the harness then puts a fresh pending order in its place.
 */
export function cancelFamily(world: World): Family {
  const target = fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 0, max: POOL_SIZE - 1 }).map((i) => poolRef('cancelable', i)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: POOL_SIZE - 1 }).map((i) => poolRef('paid', i)) },
    {
      weight: 3,
      arbitrary: orderId(world).filter((id) => id !== world.checkout.orderId && id !== world.orders.payable),
    },
  );
  const body = payload(
    bodyText({ reason: field(nastyString.map((s) => JSON.stringify(s))), status: field(str('canceled')) }, 0.5),
  );
  const noBody = fc.constant({});
  return {
    name: 'cancel',
    arbitrary: fc
      .tuple(target, authHeaders(world, world.customer.token), fc.oneof(noBody, body))
      .map(([id, headers, sent]) => withPayload('POST', `/orders/${id}/cancel`, headers, sent, { ignoresBody: true })),
  };
}

/** Garbage ids are URL text; as a JSON field they are the decoded string (or the raw text if it does not decode). */
export function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
