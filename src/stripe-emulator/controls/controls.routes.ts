import type { ServerResponse } from 'node:http';
import { paramErrors, StripeApiError } from '../api/api-errors';
import { CHECKOUT_ACTIONS, CheckoutAction } from '../flows/checkout-flow';
import { readBody, sendJson } from '../http/http-io';
import type { Route, RouteContext } from '../http/router';
import { REFUND_FAILURE_REASONS, RefundFailureReason } from '../objects/refund.object';
import type { ReleaseOrder, WebhookDelivery } from '../webhooks/webhook-delivery';
import { UnknownHeldEventError } from '../webhooks/webhook-delivery';
import { ApiFaultSettings, MAX_LATENCY_MS } from './api-faults';
import type { EmulatorControls } from './emulator-controls';

/** Test controls live off `/v1`, so no Stripe client can reach them by accident. */
export const CONTROLS_PATH = '/_emulator';

type JsonBody = Record<string, unknown>;
/** Returns the answer's body, or a promise of it: the route awaits either. */
type ControlHandler = (ctx: RouteContext, body: JsonBody) => unknown;

const ROUTE_HELP: Record<string, string> = {
  [`POST ${CONTROLS_PATH}/checkout/sessions/:id/:action`]: `act on a session; action: ${CHECKOUT_ACTIONS.join(' | ')}`,
  [`POST ${CONTROLS_PATH}/disputes`]:
    '{payment_intent | charge, amount?, reason?}: open a dispute (charge.dispute.created)',
  [`POST ${CONTROLS_PATH}/refunds/fail_next`]: `{failure_reason?}: the next refund fails; reasons: ${REFUND_FAILURE_REASONS.join(' | ')}`,
  [`GET ${CONTROLS_PATH}/events`]: 'every event made, oldest first',
  [`POST ${CONTROLS_PATH}/events/:id/redeliver`]: 'send an event again (same id and body)',
  [`POST ${CONTROLS_PATH}/events/hold`]: 'queue events instead of delivering them',
  [`GET ${CONTROLS_PATH}/events/held`]: 'ids of the queued events',
  [`POST ${CONTROLS_PATH}/events/release`]:
    '{order?: "fifo" | "reversed" | [event ids]}: deliver the queue in that order',
  [`GET ${CONTROLS_PATH}/deliveries`]: 'the delivery log: one entry per try',
  [`POST ${CONTROLS_PATH}/faults`]:
    '{latencyMs?, down?}: the /v1 API answers after latencyMs, or cuts connections unanswered while down',
  [`GET ${CONTROLS_PATH}/faults`]: 'the API faults in force',
  [`DELETE ${CONTROLS_PATH}/faults`]: 'the API answers normally again',
  [`PUT ${CONTROLS_PATH}/webhook`]: '{url}: where events are delivered',
  [`POST ${CONTROLS_PATH}/reset`]: 'forget everything',
};

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

/** The Host a browser sends for this machine: a page on another name (DNS rebinding) sends its own. */
const LOCAL_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?$/i;

/**
 * A caller on this machine, asking by a local name. The loopback address alone is not enough: a
 * web page the developer opens runs on this machine too, and may reach the emulator through a
 * name of its own that resolves to 127.0.0.1. (Its cross-origin requests cannot carry
 * `Content-Type: application/json` without a preflight, which is the other half: see readJson.)
 */
function isLocalRequest(ctx: RouteContext): boolean {
  return isLoopback(ctx.req.socket.remoteAddress) && LOCAL_HOST.test(ctx.req.headers.host ?? '');
}

const remoteControlsRefused = () =>
  new StripeApiError(403, {
    type: 'invalid_request_error',
    message: `The emulator's controls (${CONTROLS_PATH}) answer only on this machine (loopback); set STRIPE_EMULATOR_REMOTE_CONTROLS=true to allow other hosts.`,
  });

/**
 * The controls change what every client of the emulator sees (reset forgets every session), so
 * they answer only local callers unless `allowRemote` says otherwise (an emulator published from
 * a container, driven by tests on the host).
 */
export function controlRoutes(
  controls: EmulatorControls,
  delivery: WebhookDelivery,
  options: { allowRemote?: boolean } = {},
): Route[] {
  const control = (method: Route['method'], path: string, handler: ControlHandler): Route => ({
    method,
    path: `${CONTROLS_PATH}${path}`,
    handle: async (ctx) => {
      try {
        if (!options.allowRemote && !isLocalRequest(ctx)) throw remoteControlsRefused();
        const body = method === 'GET' ? {} : await readJson(ctx);
        sendJson(ctx.res, 200, await handler(ctx, body));
      } catch (error) {
        sendControlError(ctx.res, error);
      }
    },
  });

  return [
    control('GET', '', () => ({ object: 'emulator_controls', routes: ROUTE_HELP })),
    control('POST', '/checkout/sessions/:id/:action', ({ params }) => {
      if (!CHECKOUT_ACTIONS.includes(params.action as CheckoutAction)) {
        throw paramErrors.invalid(
          'action',
          `Unknown action ${params.action}; use one of ${CHECKOUT_ACTIONS.join(', ')}.`,
        );
      }
      return controls.checkoutAction(params.id, params.action as CheckoutAction);
    }),
    control('POST', '/disputes', (_ctx, body) =>
      controls.openDispute({
        paymentIntent: optionalString(body, 'payment_intent'),
        charge: optionalString(body, 'charge'),
        amount: optionalInteger(body, 'amount'),
        reason: optionalString(body, 'reason'),
      }),
    ),
    control('POST', '/refunds/fail_next', (_ctx, body) => {
      const reason = optionalString(body, 'failure_reason') ?? 'expired_or_canceled_card';
      if (!REFUND_FAILURE_REASONS.includes(reason as RefundFailureReason)) {
        throw paramErrors.invalid(
          'failure_reason',
          `failure_reason must be one of ${REFUND_FAILURE_REASONS.join(', ')}.`,
        );
      }
      controls.failNextRefund(reason as RefundFailureReason);
      return { next_refund_fails_with: reason };
    }),
    control('GET', '/events', () => ({ object: 'list', data: controls.events() })),
    control('POST', '/events/hold', () => {
      controls.holdEvents();
      return { holding: true };
    }),
    control('GET', '/events/held', () => ({ object: 'list', data: controls.heldEventIds() })),
    control('POST', '/events/release', async (_ctx, body) => ({
      released: await controls.releaseEvents(releaseOrder(body)),
    })),
    control('POST', '/events/:id/redeliver', ({ params }) => ({ redelivered: controls.redeliverEvent(params.id).id })),
    control('GET', '/deliveries', () => ({ object: 'list', data: controls.deliveryLog() })),
    control('POST', '/faults', (_ctx, body) => controls.setApiFaults(faultChanges(body))),
    control('GET', '/faults', () => controls.apiFaults()),
    control('DELETE', '/faults', () => {
      controls.clearApiFaults();
      return controls.apiFaults();
    }),
    control('PUT', '/webhook', (_ctx, body) => {
      const url = optionalString(body, 'url');
      try {
        delivery.setUrl(url);
      } catch {
        throw paramErrors.invalid('url', `Not a valid URL: ${url}`);
      }
      return { url: url ?? null };
    }),
    control('POST', '/reset', () => {
      controls.reset();
      return { reset: true };
    }),
  ];
}

async function readJson(ctx: RouteContext): Promise<JsonBody> {
  const text = await readBody(ctx.req);
  if (!text.trim()) return {};
  // A web page can send text/plain or a form anywhere without asking; JSON needs a CORS
  // preflight, which the emulator never grants. So a page cannot drive the controls.
  if (!/^application\/json\s*(;|$)/i.test(ctx.req.headers['content-type'] ?? '')) {
    throw paramErrors.malformed('A control request with a body must be sent as Content-Type: application/json.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw paramErrors.malformed('The body of a control request must be JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw paramErrors.malformed('The body of a control request must be a JSON object.');
  }
  return parsed as JsonBody;
}

function optionalString(body: JsonBody, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw paramErrors.invalid(key, `${key} must be a string.`);
  return value;
}

function optionalInteger(body: JsonBody, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value)) throw paramErrors.invalid(key, `${key} must be an integer.`);
  return value as number;
}

/** Checked whole before anything changes: a bad request leaves the faults as they were. */
function faultChanges(body: JsonBody): Partial<ApiFaultSettings> {
  const unknown = Object.keys(body).filter((key) => key !== 'latencyMs' && key !== 'down');
  if (unknown.length > 0) {
    throw paramErrors.invalid(unknown[0], `Unknown fault ${unknown[0]}; use latencyMs and down.`);
  }
  const changes: Partial<ApiFaultSettings> = {};
  const latencyMs = optionalInteger(body, 'latencyMs');
  if (latencyMs !== undefined) {
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw paramErrors.invalid('latencyMs', `latencyMs must be between 0 and ${MAX_LATENCY_MS}.`);
    }
    changes.latencyMs = latencyMs;
  }
  if (body.down !== undefined && body.down !== null) {
    if (typeof body.down !== 'boolean') throw paramErrors.invalid('down', 'down must be true or false.');
    changes.down = body.down;
  }
  return changes;
}

function releaseOrder(body: JsonBody): ReleaseOrder {
  const order = body.order ?? 'fifo';
  if (order === 'fifo' || order === 'reversed') return order;
  if (Array.isArray(order) && order.every((id) => typeof id === 'string')) return order;
  throw paramErrors.invalid('order', 'order must be "fifo", "reversed" or an array of event ids.');
}

function sendControlError(res: ServerResponse, error: unknown): void {
  if (error instanceof StripeApiError) return sendJson(res, error.statusCode, error);
  if (error instanceof UnknownHeldEventError) {
    return sendJson(res, 400, { error: { type: 'invalid_request_error', message: error.message, param: 'order' } });
  }
  throw error;
}
