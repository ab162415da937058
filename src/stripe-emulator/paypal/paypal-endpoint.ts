import { randomBytes } from 'node:crypto';
import type { ApiFaults } from '../controls/api-faults';
import { BodyTooLargeError, readBody } from '../http/http-io';
import type { Route, RouteContext } from '../http/router';
import type { EmulatorLogger } from '../support/logger';
import {
  authenticationFailure,
  invalidClient,
  invalidRequest,
  newDebugId,
  PayPalApiError,
  unsupportedGrantType,
} from './paypal-errors';
import type { PayPalState } from './paypal-state';

/** One authenticated call with its parsed JSON body (`{}` when empty, as for a full refund). */
export interface PayPalCall {
  path: Record<string, string>;
  body: Record<string, unknown>;
  /** `Prefer: return=representation` asks for the whole object instead of the minimal one. */
  representation: boolean;
}

export type PayPalHandler = (call: PayPalCall) => { status: number; body: unknown };

export interface PayPalEndpointDeps {
  state: PayPalState;
  log: EmulatorLogger;
  faults?: ApiFaults;
}

/**
 * Every token the stand-in issues starts with this, and any such token is accepted: an app
 * keeps its cached token for 9 hours, and must keep working across emulator restarts.
 */
const TOKEN_PREFIX = 'A21AAEmulator';

/**
 * Wraps a PayPal REST handler with what every PayPal endpoint does: bearer token check, JSON
 * body, `PayPal-Request-Id` replay (POST), PayPal's error shape and the `Paypal-Debug-Id` header.
 */
export function paypalRoute(
  deps: PayPalEndpointDeps,
  method: 'GET' | 'POST',
  path: string,
  handler: PayPalHandler,
): Route {
  return {
    method,
    path,
    async handle(ctx: RouteContext): Promise<void> {
      if (deps.faults && !(await deps.faults.admit(ctx))) return;
      const requestId = method === 'POST' ? header(ctx, 'paypal-request-id') : undefined;
      const key = requestId && `${method} ${ctx.url.pathname} ${requestId}`;
      let answer: { status: number; text: string; replayed?: boolean; debugId?: string };
      try {
        checkBearer(header(ctx, 'authorization'));
        const body = method === 'POST' ? await readJson(ctx) : {};
        const saved = key ? deps.state.requestIds.get(key) : undefined;
        if (saved) {
          answer = { ...saved, replayed: true };
        } else {
          const representation = /return=representation/i.test(header(ctx, 'prefer') ?? '');
          const result = handler({ path: ctx.params, body, representation });
          answer = { status: result.status, text: JSON.stringify(result.body) };
          if (key) deps.state.requestIds.set(key, answer);
        }
      } catch (error) {
        if (!(error instanceof PayPalApiError)) throw error;
        answer = { status: error.status, text: JSON.stringify(error.toBody()), debugId: error.debugId };
      }
      send(ctx, answer.status, answer.text, answer.debugId);
      deps.log('paypal api request', {
        method,
        path: ctx.url.pathname,
        statusCode: answer.status,
        paypalRequestId: requestId,
        replayed: Boolean(answer.replayed),
      });
    },
  };
}

/** `POST /v1/oauth2/token`: client credentials in Basic auth; any id and secret are accepted. */
export function oauthTokenRoute(deps: PayPalEndpointDeps): Route {
  return {
    method: 'POST',
    path: '/v1/oauth2/token',
    async handle(ctx: RouteContext): Promise<void> {
      if (deps.faults && !(await deps.faults.admit(ctx))) return;
      try {
        const form = new URLSearchParams(await readBody(ctx.req));
        if (!basicCredentials(header(ctx, 'authorization'))) throw invalidClient();
        if (form.get('grant_type') !== 'client_credentials') throw unsupportedGrantType();
        const nowIso = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        send(
          ctx,
          200,
          JSON.stringify({
            scope:
              'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/payments/refund https://uri.paypal.com/services/disputes/read-seller',
            access_token: `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`,
            token_type: 'Bearer',
            app_id: 'APP-80W284485P519543T',
            expires_in: 32400,
            nonce: `${nowIso}${randomBytes(16).toString('base64url')}`,
          }),
        );
      } catch (error) {
        if (!(error instanceof PayPalApiError)) throw error;
        send(ctx, error.status, JSON.stringify(error.toBody()), error.debugId);
      }
    },
  };
}

/** `Basic base64(id:secret)` with both parts present; anything else is "Client Authentication failed". */
function basicCredentials(authorization: string | undefined): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1;
}

function checkBearer(authorization: string | undefined): void {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!match) throw authenticationFailure();
  if (!match[1].startsWith(TOKEN_PREFIX)) {
    // PayPal's answer for a token it does not know (expired, or from another environment).
    throw new PayPalApiError(401, 'invalid_token', 'Access Token not found in cache', [], {
      error: 'invalid_token',
      error_description: 'Access Token not found in cache',
    });
  }
}

async function readJson(ctx: RouteContext): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readBody(ctx.req);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw invalidRequest({ issue: 'INVALID_REQUEST', description: error.message });
    throw error;
  }
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw invalidRequest({ issue: 'MALFORMED_REQUEST_JSON', description: 'The request JSON is not well formed.' });
}

function send(ctx: RouteContext, status: number, text: string, debugId = newDebugId()): void {
  ctx.res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Paypal-Debug-Id': debugId,
    'Cache-Control': 'max-age=0, no-cache, no-store, must-revalidate',
  });
  ctx.res.end(text);
}

function header(ctx: RouteContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
