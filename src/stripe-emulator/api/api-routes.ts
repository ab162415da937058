import type { CheckoutFlow } from '../flows/checkout-flow';
import type { RefundFlow } from '../flows/refund-flow';
import type { Route } from '../http/router';
import type { EmulatorState } from '../state/emulator-state';
import { ApiEndpointDeps, apiRoute } from './api-endpoint';
import { checkoutSessionsApi } from './checkout-sessions.api';
import { Expander } from './expand';
import { objectsApi } from './objects.api';
import { refundsApi } from './refunds.api';

export interface StripeApiDeps extends ApiEndpointDeps {
  state: EmulatorState;
  checkout: CheckoutFlow;
  refunds: RefundFlow;
  nowSeconds(): number;
  checkoutUrl: (sessionId: string) => string;
}

/** The part of Stripe's REST API that orderpay uses, plus read access to what it creates. */
export function stripeApiRoutes(deps: StripeApiDeps): Route[] {
  const expander = new Expander(deps.state);
  const sessions = checkoutSessionsApi({ ...deps, expander });
  const refunds = refundsApi({ state: deps.state, refunds: deps.refunds, expander });
  const objects = objectsApi(deps.state, expander);
  const route = (method: 'GET' | 'POST', path: string, handler: Parameters<typeof apiRoute>[3]) =>
    apiRoute(deps, method, path, handler);
  return [
    route('POST', '/v1/checkout/sessions', sessions.create),
    route('GET', '/v1/checkout/sessions', sessions.list),
    route('GET', '/v1/checkout/sessions/:id', sessions.retrieve),
    route('POST', '/v1/checkout/sessions/:id/expire', sessions.expire),
    route('GET', '/v1/checkout/sessions/:id/line_items', sessions.lineItems),
    route('POST', '/v1/refunds', refunds.create),
    route('GET', '/v1/refunds', refunds.list),
    route('GET', '/v1/refunds/:id', refunds.retrieve),
    route('GET', '/v1/payment_intents/:id', objects.paymentIntent),
    route('GET', '/v1/charges/:id', objects.charge),
    route('GET', '/v1/disputes/:id', objects.dispute),
    route('GET', '/v1/events/:id', objects.event),
  ];
}
