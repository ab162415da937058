import type { IncomingHttpHeaders } from 'node:http';
import { FormObject, FormParseError, parseForm } from '../http/form-parser';
import { BodyTooLargeError, MAX_BODY_BYTES, readBody, sendJsonText, toJsonText } from '../http/http-io';
import type { Route, RouteContext } from '../http/router';
import type { ApiFaults } from '../controls/api-faults';
import type { EventRequest } from '../objects/event.object';
import { newId } from '../support/ids';
import type { EmulatorLogger } from '../support/logger';
import { bodyTooLarge, paramErrors, StripeApiError } from './api-errors';
import { authenticate } from './auth';
import type { IdempotencyStore } from './idempotency';

/** One call to a `/v1` endpoint, authenticated and parsed. */
export interface ApiCall {
  /** The `:name` values of the route's path. */
  path: Record<string, string>;
  /** Form body for POST, query string for GET: Stripe reads both the same way. */
  input: FormObject;
  /** Recorded on the events this call causes, as Stripe does. */
  request: EventRequest;
}

export type ApiHandler = (call: ApiCall) => object;

export interface ApiEndpointDeps {
  idempotency: IdempotencyStore;
  log: EmulatorLogger;
  apiVersion: string;
  /** Latency and outages set through the test controls; none when absent. */
  faults?: ApiFaults;
}

/**
 * Wraps a `/v1` handler with what every Stripe endpoint does: API key check, form parsing,
 * `Idempotency-Key` replay for POST, Stripe's error shape, and the `Request-Id` header.
 * Handlers are synchronous over in-memory state, so a key can never be in use by two
 * requests at once (Stripe's 409 `idempotency_key_in_use` cannot happen here).
 */
export function apiRoute(deps: ApiEndpointDeps, method: 'GET' | 'POST', path: string, handler: ApiHandler): Route {
  return {
    method,
    path,
    async handle(ctx: RouteContext): Promise<void> {
      if (deps.faults && !(await deps.faults.admit(ctx))) return;
      const startedAt = Date.now();
      const requestId = newId('request');
      const idempotencyKey = method === 'POST' ? header(ctx.req.headers, 'idempotency-key') : undefined;
      const answer = await answerCall(deps, ctx, method, handler, requestId, idempotencyKey);
      const headers: Record<string, string> = {
        'Request-Id': requestId,
        'Stripe-Version': header(ctx.req.headers, 'stripe-version') ?? deps.apiVersion,
      };
      if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
      if (answer.replayedFrom) {
        headers['Idempotent-Replayed'] = 'true';
        headers['Original-Request'] = answer.replayedFrom;
      }
      sendJsonText(ctx.res, answer.statusCode, answer.bodyText, headers);
      deps.log('stripe api request', {
        method,
        path: ctx.url.pathname,
        statusCode: answer.statusCode,
        requestId,
        idempotencyKey,
        replayed: Boolean(answer.replayedFrom),
        durationMs: Date.now() - startedAt,
      });
    },
  };
}

interface Answer {
  statusCode: number;
  bodyText: string;
  replayedFrom?: string;
}

async function answerCall(
  deps: ApiEndpointDeps,
  ctx: RouteContext,
  method: 'GET' | 'POST',
  handler: ApiHandler,
  requestId: string,
  idempotencyKey: string | undefined,
): Promise<Answer> {
  const endpoint = `${method} ${ctx.url.pathname}`;
  try {
    authenticate(ctx.req.headers.authorization);
    const input = await readInput(ctx, method);
    if (idempotencyKey) {
      const saved = deps.idempotency.find(idempotencyKey, endpoint, input);
      if (saved) return { statusCode: saved.statusCode, bodyText: saved.bodyText, replayedFrom: saved.requestId };
    }
    const result = run(handler, {
      path: ctx.params,
      input,
      request: { id: requestId, idempotency_key: idempotencyKey ?? null },
    });
    if (idempotencyKey && result.saveForIdempotency) {
      deps.idempotency.save(idempotencyKey, endpoint, input, { ...result, requestId });
    }
    return result;
  } catch (error) {
    if (error instanceof StripeApiError) return { statusCode: error.statusCode, bodyText: toJsonText(error) };
    throw error;
  }
}

function run(handler: ApiHandler, call: ApiCall): Answer & { saveForIdempotency: boolean } {
  try {
    return { statusCode: 200, bodyText: toJsonText(handler(call)), saveForIdempotency: true };
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    return { statusCode: error.statusCode, bodyText: toJsonText(error), saveForIdempotency: error.savedForIdempotency };
  }
}

async function readInput(ctx: RouteContext, method: 'GET' | 'POST'): Promise<FormObject> {
  let text: string;
  try {
    text = method === 'POST' ? await readBody(ctx.req, MAX_BODY_BYTES) : ctx.url.search.slice(1);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw bodyTooLarge(error.limitBytes);
    throw error;
  }
  try {
    return parseForm(text);
  } catch (error) {
    if (error instanceof FormParseError) throw paramErrors.malformed(error.message);
    throw error;
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
