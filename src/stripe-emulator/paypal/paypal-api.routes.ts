import type { Route } from '../http/router';
import { PayPalEndpointDeps, oauthTokenRoute, PayPalHandler, paypalRoute } from './paypal-endpoint';
import { resourceNotFound } from './paypal-errors';
import { renderCapture, renderMinimalOrder, renderOrder, renderRefund, PayPalUrls } from './paypal-objects';
import type { PayPalOrdersFlow } from './paypal-orders.flow';
import type { PayPalPaymentsFlow } from './paypal-payments.flow';
import type { PayPalWebhooks } from './paypal-webhooks';
import { CERT_PATH } from './paypal-webhooks';

export interface PayPalApiDeps extends PayPalEndpointDeps {
  orders: PayPalOrdersFlow;
  payments: PayPalPaymentsFlow;
  webhooks: PayPalWebhooks;
  urls: PayPalUrls;
}

/**
 * PayPal's REST paths, unprefixed, so the official SDK (which only knows PayPal's hosts) can be
 * pointed at the stand-in by its HTTPS agent: see `paypalSdkAgent`.
 */
export function paypalApiRoutes(deps: PayPalApiDeps): Route[] {
  const { state, orders, payments, webhooks, urls } = deps;
  const route = (method: 'GET' | 'POST', path: string, handler: PayPalHandler) =>
    paypalRoute(deps, method, path, handler);
  return [
    oauthTokenRoute(deps),
    route('POST', '/v2/checkout/orders', ({ body, representation }) => {
      const order = orders.create(body);
      return { status: 201, body: representation ? renderOrder(state, order, urls) : renderMinimalOrder(order, urls) };
    }),
    route('GET', '/v2/checkout/orders/:id', ({ path }) => ({
      status: 200,
      body: renderOrder(state, orders.get(path.id), urls),
    })),
    // The capture answer always carries the capture, whatever `Prefer` says: the caller needs it.
    route('POST', '/v2/checkout/orders/:id/capture', ({ path }) => ({
      status: 201,
      body: renderOrder(state, orders.capture(path.id), urls),
    })),
    route('GET', '/v2/payments/captures/:id', ({ path }) => ({
      status: 200,
      body: renderCapture(state, payments.capture(path.id), urls),
    })),
    route('POST', '/v2/payments/captures/:id/refund', ({ path, body }) => ({
      status: 201,
      body: renderRefund(state, payments.refundCapture(path.id, body), urls),
    })),
    route('GET', '/v2/payments/refunds/:id', ({ path }) => ({
      status: 200,
      body: renderRefund(state, payments.refund(path.id), urls),
    })),
    route('POST', '/v1/notifications/verify-webhook-signature', ({ body }) => ({
      status: 200,
      body: webhooks.verify(body),
    })),
    route('GET', '/v1/notifications/webhooks-events/:id', ({ path }) => {
      const event = state.events.get(path.id);
      if (!event) throw resourceNotFound('Specified resource ID does not exist.', 'event_id', path.id);
      return { status: 200, body: event };
    }),
    {
      // The certificate a receiver would check signatures with: the stand-in has none (see notes).
      method: 'GET',
      path: CERT_PATH,
      handle: ({ res }) => {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(
          'The PayPal stand-in signs with an HMAC, not a certificate: verify with POST /v1/notifications/verify-webhook-signature.\n',
        );
        return Promise.resolve();
      },
    },
  ];
}
