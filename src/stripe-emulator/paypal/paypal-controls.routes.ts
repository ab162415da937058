import { readBody, sendJson } from '../http/http-io';
import type { Route, RouteContext } from '../http/router';
import { CONTROLS_PATH, isLoopback } from '../controls/controls.routes';
import { UnknownHeldEventError, type ReleaseOrder } from '../webhooks/webhook-delivery';
import { PayPalApiError } from './paypal-errors';
import type { PayPalStandInControls } from './paypal-stand-in';
import { PAYPAL_EVENT_TYPES, type PayPalEventType } from './paypal-events';

/** Beside the Stripe controls, under their prefix: `/_emulator/paypal/...`. */
export const PAYPAL_CONTROLS_PATH = `${CONTROLS_PATH}/paypal`;

type Json = Record<string, unknown>;
type Handler = (ctx: RouteContext, body: Json) => unknown;

const HELP: Record<string, string> = {
  'POST /orders/:id/approve': '{outcome?: "complete" | "pending" | "denied"}: approve as the buyer would on the page',
  'POST /captures/:id/complete': 'a PENDING capture completes (PAYMENT.CAPTURE.COMPLETED)',
  'POST /captures/:id/deny': 'a PENDING capture is denied (PAYMENT.CAPTURE.DENIED)',
  'POST /captures/:id/reverse': 'PayPal takes the rest of the capture back (PAYMENT.CAPTURE.REVERSED)',
  'POST /disputes': '{capture_id, amount?, reason?}: the buyer opens a dispute (CUSTOMER.DISPUTE.CREATED)',
  'POST /events/simulate':
    "{event_type, resource}: send any of the event types with any resource (PayPal's webhook simulator)",
  'GET /events': 'every event made, oldest first',
  'POST /events/:id/redeliver': 'send an event again (same id and body, new transmission)',
  'POST /events/hold': 'queue events instead of delivering them',
  'GET /events/held': 'ids of the queued events',
  'POST /events/release': '{order?: "fifo" | "reversed" | [event ids]}',
  'GET /deliveries': 'the delivery log: one entry per try',
  'PUT /webhook': '{url}: where events are delivered',
  'POST /reset': 'forget everything',
};

/**
 * Test controls for the PayPal side. Like the Stripe ones they answer only callers on this
 * machine (unless `allowRemote`), and take JSON bodies only: a cross-origin page cannot send
 * `Content-Type: application/json` without a preflight the stand-in never grants.
 */
export function paypalControlRoutes(controls: PayPalStandInControls, options: { allowRemote?: boolean } = {}): Route[] {
  const control = (method: Route['method'], path: string, handler: Handler): Route => ({
    method,
    path: `${PAYPAL_CONTROLS_PATH}${path}`,
    handle: async (ctx) => {
      try {
        if (!options.allowRemote && !isLocalRequest(ctx)) {
          return sendJson(ctx.res, 403, { error: 'The PayPal controls answer only on this machine.' });
        }
        const body = method === 'GET' ? {} : await readJson(ctx);
        sendJson(ctx.res, 200, await handler(ctx, body));
      } catch (error) {
        if (error instanceof PayPalApiError) return sendJson(ctx.res, error.status, error.toBody());
        if (error instanceof ControlInputError || error instanceof UnknownHeldEventError) {
          return sendJson(ctx.res, 400, { error: error.message });
        }
        throw error;
      }
    },
  });
  const captureAction = (path: string, act: (id: string) => unknown) =>
    control('POST', `/captures/:id/${path}`, ({ params }) => act(params.id));

  return [
    control('GET', '', () => ({ routes: HELP })),
    control('POST', '/orders/:id/approve', ({ params }, body) => {
      const outcome = body.outcome ?? 'complete';
      if (outcome !== 'complete' && outcome !== 'pending' && outcome !== 'denied') {
        throw new ControlInputError('outcome must be complete, pending or denied');
      }
      return controls.approveOrder(params.id, outcome);
    }),
    captureAction('complete', (id) => controls.settlePendingCapture(id, 'COMPLETED')),
    captureAction('deny', (id) => controls.settlePendingCapture(id, 'DECLINED')),
    captureAction('reverse', (id) => controls.reverseCapture(id)),
    control('POST', '/disputes', (_ctx, body) => {
      if (typeof body.capture_id !== 'string') throw new ControlInputError('capture_id is required');
      return controls.openDispute(body.capture_id, {
        amount: typeof body.amount === 'string' ? body.amount : undefined,
        reason: typeof body.reason === 'string' ? body.reason : undefined,
      });
    }),
    control('POST', '/events/simulate', (_ctx, body) => {
      if (!PAYPAL_EVENT_TYPES.includes(body.event_type as PayPalEventType))
        throw new ControlInputError(`event_type must be one of: ${PAYPAL_EVENT_TYPES.join(', ')}`);
      if (typeof body.resource !== 'object' || body.resource === null || Array.isArray(body.resource))
        throw new ControlInputError('resource must be an object');
      return controls.simulateEvent(body.event_type as PayPalEventType, body.resource as Json);
    }),
    control('GET', '/events', () => ({ data: controls.events() })),
    control('POST', '/events/:id/redeliver', ({ params }) => {
      if (!controls.redeliverEvent(params.id)) throw new ControlInputError(`No event ${params.id}`);
      return { redelivered: params.id };
    }),
    control('POST', '/events/hold', () => {
      controls.holdEvents();
      return { holding: true };
    }),
    control('GET', '/events/held', () => ({ data: controls.heldEventIds() })),
    control('POST', '/events/release', async (_ctx, body) => ({
      released: await controls.releaseEvents(releaseOrder(body.order)),
    })),
    control('GET', '/deliveries', () => ({ data: controls.deliveryLog() })),
    control('PUT', '/webhook', (_ctx, body) => {
      if (body.url !== null && typeof body.url !== 'string')
        throw new ControlInputError('url must be a string or null');
      try {
        controls.setWebhookUrl(body.url ?? undefined);
      } catch {
        throw new ControlInputError(`Not a URL: ${String(body.url)}`);
      }
      return { url: body.url };
    }),
    control('POST', '/reset', () => {
      controls.reset();
      return { reset: true };
    }),
  ];
}

class ControlInputError extends Error {}

/** As on the Stripe side: a loopback caller asking by a local name (not a DNS-rebound one). */
const LOCAL_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?$/i;

function isLocalRequest(ctx: RouteContext): boolean {
  return isLoopback(ctx.req.socket.remoteAddress) && LOCAL_HOST.test(ctx.req.headers.host ?? '');
}

function releaseOrder(value: unknown): ReleaseOrder | undefined {
  if (value === undefined || value === 'fifo' || value === 'reversed') return value;
  if (Array.isArray(value) && value.every((id) => typeof id === 'string')) return value;
  throw new ControlInputError('order must be "fifo", "reversed" or an array of event ids');
}

async function readJson(ctx: RouteContext): Promise<Json> {
  // Required even for an empty body: a page in the developer's browser can POST a form to
  // localhost without asking, but cannot send this header cross-origin without a preflight.
  if (!(ctx.req.headers['content-type'] ?? '').startsWith('application/json')) {
    ctx.req.resume();
    throw new ControlInputError('Send Content-Type: application/json');
  }
  const text = await readBody(ctx.req);
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // answered below
  }
  throw new ControlInputError('The body is not a JSON object');
}
