import { parse as parseQuery } from 'node:querystring';
import type { Payload } from './bodies';

/**
 * Rules the app must keep whatever its state, computed from the request as generated: they turn
 * a case into `mustRefuse`, so accepting it fails the run even when nothing else looks wrong (an
 * empty refund body read as `{}` refunds everything and answers 202).
 */

/** JSON.parse keeps these as plain keys, but class-transformer drops them before the unknown-field check. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * The keys a body DTO declares. `true`: any value but null (no DTO field of this API is
 * nullable); a nested shape: a list of objects with those keys (an order's items).
 */
export interface BodyShape {
  [key: string]: true | BodyShape;
}

/** Past the depth any DTO reads (the app refuses > 32 levels itself): the walk stops there. */
const WALK_DEPTH = 40;

/** The path of the first key named like a prototype property, at any depth, or undefined. */
export function prototypeKeyPath(value: unknown, path = '', depth = 0): string | undefined {
  if (value === null || typeof value !== 'object' || depth > WALK_DEPTH) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.includes(key)) return childPath;
    const inner = prototypeKeyPath(child, childPath, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Why `value` is not an object with only `shape`'s keys, none of them null; undefined if it is. */
function shapeProblem(value: unknown, shape: BodyShape, path: string): string | undefined {
  if (!isObject(value)) return `${path || 'the body'} is not a JSON object`;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    // Own keys only: `toString` or `hasOwnProperty` are no DTO's fields, though every object has them.
    if (!Object.hasOwn(shape, key)) return `${childPath} is not a field of the DTO`;
    const expected = shape[key];
    if (child === null) return `${childPath} is null (no field may be null)`;
    if (expected === true) continue;
    if (!Array.isArray(child)) return `${childPath} is not a list`;
    for (let i = 0; i < child.length; i++) {
      const problem = shapeProblem(child[i], expected, `${childPath}.${i}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

function bodyText(payload: Payload): string | undefined {
  if (payload.body === undefined) return undefined;
  return typeof payload.body === 'string' ? payload.body : payload.body.toString('utf8');
}

/** As the body parser reads it: its UTF-8 decoder drops a leading byte-order mark. */
function parsed(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text.replace(/^\ufeff/, '')) };
  } catch {
    return undefined;
  }
}

/**
 * Why a route with a body DTO must refuse this payload: no bytes at all (Content-Length: 0, or
 * chunked with no chunk), text that is not JSON, or JSON that is not an object with only the
 * DTO's keys (prototype keys at any depth, unknown keys, nulls, list items likewise).
 */
export function bodyShapeRefusal(payload: Payload, shape: BodyShape): string | undefined {
  const text = bodyText(payload);
  if (text === undefined || text === '') {
    const how = payload.headers?.['Transfer-Encoding'] ? 'chunked with no bytes' : 'Content-Length: 0';
    return `an empty body (${how}) is no JSON object`;
  }
  const json = parsed(text);
  if (!json) return 'the body is not JSON';
  const prototypeKey = prototypeKeyPath(json.value);
  if (prototypeKey) return `a field is named ${prototypeKey}`;
  const problem = shapeProblem(json.value, shape, '');
  return problem ? `the body is not a JSON object with only the DTO's keys: ${problem}` : undefined;
}

/** Why any non-webhook route must refuse this body whatever it expects: a prototype key at any depth. */
export function prototypeKeyRefusal(payload: Payload): string | undefined {
  const text = bodyText(payload);
  const json = text ? parsed(text) : undefined;
  const path = json && prototypeKeyPath(json.value);
  return path ? `a body field is named ${path}` : undefined;
}

/** As orderpay stores an email: trimmed and lowercased (some characters grow: 'İ' becomes two). */
const MAX_STORED_EMAIL = 254;

/** Why a register or login body must be refused: its email is longer than the column once normalised. */
export function storedEmailRefusal(payload: Payload): string | undefined {
  const text = bodyText(payload);
  const json = text ? parsed(text) : undefined;
  const email = json && isObject(json.value) ? json.value.email : undefined;
  if (typeof email !== 'string') return undefined;
  const stored = email.trim().toLowerCase();
  if (stored.length <= MAX_STORED_EMAIL) return undefined;
  return `the email has ${stored.length} characters once trimmed and lowercased (at most ${MAX_STORED_EMAIL})`;
}

/**
 * Why a request must be refused for its query string: a key named __proto__, constructor or
 * prototype, as Express's simple (node:querystring) parser decodes it. The webhook route reads
 * raw bytes and no query, so it is not held to this.
 */
export function queryRefusal(path: string): string | undefined {
  if (path.startsWith('/webhooks')) return undefined;
  const start = path.indexOf('?');
  if (start < 0) return undefined;
  const key = Object.keys(parseQuery(path.slice(start + 1))).find((name) => PROTOTYPE_KEYS.includes(name));
  return key === undefined ? undefined : `the query string names ${key}`;
}
