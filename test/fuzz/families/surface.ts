import fc from 'fast-check';
import { payload, bodyText, field } from '../support/bodies';
import { garbageId } from '../support/url-text';
import { paginationQuery } from '../support/common-arbitraries';
import { adminOrdersQuery, webhookEventsQuery } from './admin';
import { Family, Method, printable, withPayload } from '../support/harness';
import type { World } from '../support/world';

type Caller = 'anonymous' | 'customer' | 'admin';

/** Every route with an `:id`, with a body that would be valid, so only the id is wrong. */
const ID_ROUTES: { method: Method; path: (id: string) => string; caller: Caller; body?: string }[] = [
  { method: 'GET', path: (id) => `/products/${id}`, caller: 'anonymous' },
  { method: 'PATCH', path: (id) => `/admin/products/${id}`, caller: 'admin', body: '{"name":"Renamed"}' },
  { method: 'GET', path: (id) => `/orders/${id}`, caller: 'customer' },
  { method: 'GET', path: (id) => `/orders/${id}/payments`, caller: 'customer' },
  { method: 'POST', path: (id) => `/orders/${id}/pay`, caller: 'customer', body: '{"paymentMethod":"stripe"}' },
  { method: 'POST', path: (id) => `/orders/${id}/cancel`, caller: 'customer' },
  { method: 'GET', path: (id) => `/admin/orders/${id}`, caller: 'admin' },
  { method: 'POST', path: (id) => `/admin/orders/${id}/cancel`, caller: 'admin' },
  { method: 'POST', path: (id) => `/admin/orders/${id}/refunds`, caller: 'admin', body: '{"amount":1}' },
  { method: 'POST', path: (id) => `/admin/webhook-events/${id}/replay`, caller: 'admin' },
];

const authFor = (world: World, caller: Caller): Record<string, string> =>
  caller === 'anonymous'
    ? {}
    : { Authorization: `Bearer ${(caller === 'admin' ? world.admin : world.customer).token}` };

/**
 * Garbage and unknown ids in every `:id` route. No generated id names a row, so every case must
 * be refused: a 2xx here is a failure too.
 */
export function pathParamsFamily(world: World): Family {
  const someBody = payload(bodyText({ name: field(fc.constant('"x"')) }));
  return {
    name: 'path-params',
    arbitrary: fc
      .tuple(
        fc.constantFrom(...ID_ROUTES),
        garbageId,
        fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: someBody }),
      )
      .map(([route, id, body]) =>
        withPayload(
          route.method,
          route.path(id),
          authFor(world, route.caller),
          body ?? (route.body ? { contentType: 'application/json', body: route.body } : {}),
          { mustRefuse: 'no row has this id', ignoresBody: true },
        ),
      ),
  };
}

/** Every list route, garbage in every parameter it takes (and in some it does not). */
const LIST_ROUTES: { path: string; caller: Caller; query: fc.Arbitrary<string> }[] = [
  { path: '/products', caller: 'anonymous', query: paginationQuery() },
  { path: '/admin/products', caller: 'admin', query: paginationQuery() },
  { path: '/orders', caller: 'customer', query: paginationQuery() },
  { path: '/admin/orders', caller: 'admin', query: adminOrdersQuery() },
  { path: '/admin/webhook-events', caller: 'admin', query: webhookEventsQuery() },
];

export function queryStringsFamily(world: World): Family {
  return {
    name: 'query-strings',
    arbitrary: fc
      .constantFrom(...LIST_ROUTES)
      .chain((route) => route.query.map((query) => ({ route, query })))
      .map(({ route, query }) =>
        printable({ method: 'GET', path: `${route.path}${query}`, headers: authFor(world, route.caller) }),
      ),
  };
}
