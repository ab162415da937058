import fc from 'fast-check';
import { bodyText, field, payload, str } from '../support/bodies';
import { garbageId } from '../support/url-text';
import { authHeaders, dateValue, getBody, hex, paginationQuery } from '../support/common-arbitraries';
import { Family, printable, standardProblems, withPayload } from '../support/harness';
import { invariantChecker } from '../support/invariants';
import { nastyString, numberToken } from '../support/json-text';
import { poolRef, POOL_SIZE, World } from '../support/world';

const anyString = nastyString.map((s) => JSON.stringify(s));

/**
 * POST /admin/orders/:id/refunds, mostly on paid orders. `amount` is nearly always present: a body
 * without it refunds the whole order, which the harness then has to replace. Any body but an
 * object of `amount` and `reason` must be refused: zero bytes or a prototype key read as `{}`
 * would refund everything. After each case the money invariants hold.
 */
export function refundsFamily(world: World): Family {
  const amount = field(
    fc.constantFrom(
      '1',
      '2',
      '5',
      '999',
      '0',
      '-1',
      '1.5',
      '99999999',
      '100000000',
      '200001',
      '1e300',
      '-0',
      '"5"',
      'null',
    ),
    numberToken,
  );
  const reason = field(
    str(
      'requested_by_customer',
      'duplicate',
      'fraudulent',
      'late_payment',
      'provider_dashboard',
      'REQUESTED_BY_CUSTOMER',
      'constructor',
      '__proto__',
    ),
    anyString,
  );
  const target = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: POOL_SIZE - 1 }).map((i) => poolRef('paid', i)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        world.orders.payable,
        world.orders.canceled,
        world.orders.foreign,
        world.checkout.orderId,
      ),
    },
    { weight: 1, arbitrary: garbageId },
  );
  const accepted = fc.constantFrom(
    '{"amount":1}',
    '{"amount":2,"reason":"duplicate"}',
    '{"reason":"fraudulent"}',
    '{}',
  );
  const invariants = invariantChecker(world);
  return {
    name: 'refunds',
    settleMs: 50,
    arbitrary: fc
      .tuple(target, authHeaders(world, world.admin.token), payload(bodyText({ amount, reason }, 0.95, accepted)))
      .map(([id, headers, body]) =>
        withPayload('POST', `/admin/orders/${id}/refunds`, headers, body, { shape: { amount: true, reason: true } }),
      ),
    judge: async (outcome) => [...standardProblems(outcome), ...(await invariants(outcome.after))],
  };
}

const PRODUCT_SHAPE = { sku: true, name: true, description: true, unitAmount: true, active: true } as const;
const newProduct = hex(8).map((h) => `{"sku":"FZ-${h}","name":"Fuzz mug","unitAmount":1299}`);
const productChange = fc.constantFrom('{"name":"Renamed"}', '{"active":true}', '{}');

/** POST /admin/products and PATCH /admin/products/:id. */
export function adminProductsFamily(world: World): Family {
  const existing = world.products.active[0].sku;
  const fields = {
    sku: field(
      hex(8).map((h) => JSON.stringify(`FZ-${h}`)),
      str(existing, existing.toLowerCase(), '', ' ', 'has space', 'x'.repeat(65), 'ü', 'a/b', 'SKU\u0000', '\udfffSKU'),
    ),
    name: field(str('Fuzz mug', '  padded  ', '', ' ', 'x'.repeat(201), 'Mug\u0000', 'Mug\ud800'), anyString),
    description: field(str('Stoneware', 'x'.repeat(2001), 'desc\u0000', 'desc\udfff'), fc.constant('null'), anyString),
    unitAmount: field(
      fc.constantFrom('1', '1299', '99999999', '100000000', '0', '-5', '1.5', '"1299"', '1e300', '-0'),
      numberToken,
    ),
    active: field(fc.constantFrom('true', 'false', 'null', '"true"', '1', '0')),
  };
  const patchTarget = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...world.products.patchable.map((p) => p.id)) },
    { weight: 1, arbitrary: garbageId },
  );
  const create = fc
    .tuple(authHeaders(world, world.admin.token), payload(bodyText(fields, 0.8, newProduct)))
    .map(([headers, body]) => withPayload('POST', '/admin/products', headers, body, { shape: PRODUCT_SHAPE }));
  const update = fc
    .tuple(patchTarget, authHeaders(world, world.admin.token), payload(bodyText(fields, 0.4, productChange)))
    .map(([id, headers, body]) =>
      withPayload('PATCH', `/admin/products/${id}`, headers, body, { shape: PRODUCT_SHAPE }),
    );
  return { name: 'admin-products', arbitrary: fc.oneof(create, update) };
}

export const adminOrdersQuery = () =>
  paginationQuery({
    status: fc.constantFrom('pending', 'paid', 'canceled', 'refunded', 'PAID', 'constructor', '__proto__', ''),
    flagged: fc.constantFrom('true', 'false', '1', '0', 'yes', 'TRUE', ''),
    from: dateValue,
    to: dateValue,
  });

export const webhookEventsQuery = () =>
  paginationQuery({ status: fc.constantFrom('received', 'processed', 'ignored', 'failed', 'FAILED', 'toString', '') });

/** GET /admin/orders?..., GET /admin/orders/:id, GET /admin/webhook-events?... */
export function adminQueriesFamily(world: World): Family {
  const orders = adminOrdersQuery().map((query) => `/admin/orders${query}`);
  const events = webhookEventsQuery().map((query) => `/admin/webhook-events${query}`);
  const detail = fc
    .oneof(
      fc.constantFrom(world.orders.payable, world.orders.foreign, world.checkout.orderId, poolRef('paid', 1)),
      garbageId,
    )
    .map((id) => `/admin/orders/${id}`);
  return {
    name: 'admin-queries',
    arbitrary: fc
      .tuple(
        fc.oneof({ weight: 3, arbitrary: orders }, { weight: 1, arbitrary: detail }, { weight: 2, arbitrary: events }),
        authHeaders(world, world.admin.token),
        getBody,
      )
      .map(([path, headers, { contentType, body }]) =>
        printable({
          method: 'GET',
          path,
          headers: { ...headers, ...(contentType ? { 'Content-Type': contentType } : {}) },
          body,
        }),
      ),
  };
}
