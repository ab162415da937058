/**
 * What a parsed JSON value may hold before orderpay reads or stores it. JSON itself allows all of
 * these, but each one breaks something further on: PostgreSQL refuses NUL in text and unpaired
 * surrogates in jsonb (a 500 instead of a 400), validators throw on unpaired surrogates, and
 * recursive code (class-transformer, JSON.stringify) overflows the stack on deep nesting.
 */

export type JsonProblemKind = 'too_deep' | 'nul' | 'lone_surrogate' | 'prototype_key';

export interface JsonProblem {
  kind: JsonProblemKind;
  /** Where, as `items.0.name` (the style of validation messages); '' for the value itself. */
  path: string;
}

/** A NUL, or a UTF-16 surrogate without its other half. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point: PostgreSQL refuses it in text.
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_TEXT_GLOBAL = new RegExp(UNSAFE_TEXT.source, 'g');

export function unsafeTextKind(text: string): 'nul' | 'lone_surrogate' | null {
  const match = UNSAFE_TEXT.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? 'nul' : 'lone_surrogate';
}

/** The same text with each NUL and unpaired surrogate replaced by U+FFFD, as a decoder would. */
export const replaceUnsafeText = (text: string): string => text.replace(UNSAFE_TEXT_GLOBAL, '\ufffd');

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export interface JsonCheck {
  /** Containers counted from the top: `{"a": [1]}` has depth 2. */
  maxDepth: number;
  /**
   * Refuse keys named like what every object inherits (`__proto__`, `constructor`, `valueOf`…)
   * and `prototype`. JSON.parse keeps them as plain keys, but class-transformer and the whitelist
   * pass over them silently, so they would slip past the unknown-field check of a DTO. Not for
   * provider events, whose metadata keys are the merchant's to choose.
   */
  refusePrototypeKeys?: boolean;
}

/** `__proto__`, `constructor`, `valueOf`, `hasOwnProperty`…: every name an object inherits, and `prototype`. */
const PROTOTYPE_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The first problem in a parsed JSON value (keys included), or null. The walk never goes past
 * `maxDepth`, so it cannot overflow the stack itself.
 */
export function findJsonProblem(value: unknown, check: JsonCheck, path = ''): JsonProblem | null {
  if (typeof value === 'string') {
    const kind = unsafeTextKind(value);
    return kind ? { kind, path } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (check.maxDepth <= 0) return { kind: 'too_deep', path };
  const inner = { ...check, maxDepth: check.maxDepth - 1 };
  for (const [key, child] of Object.entries(value)) {
    const keyKind = unsafeTextKind(key);
    const childPath = join(path, replaceUnsafeText(key));
    if (keyKind) return { kind: keyKind, path: childPath };
    if (check.refusePrototypeKeys && PROTOTYPE_KEYS.has(key)) return { kind: 'prototype_key', path: childPath };
    const problem = findJsonProblem(child, inner, childPath);
    if (problem) return problem;
  }
  return null;
}

/** Placeholder for what lay deeper than the limit in a stored copy. */
export const TRUNCATED = '[nested too deep: not kept]';

/**
 * A copy that PostgreSQL's jsonb accepts: unsafe text replaced, containers past `maxDepth`
 * replaced by a marker. Only for keeping a record of something refused; never read as data.
 */
export function storableJson(value: unknown, maxDepth: number): unknown {
  if (typeof value === 'string') return replaceUnsafeText(value);
  if (value === null || typeof value !== 'object') return value;
  if (maxDepth <= 0) return TRUNCATED;
  if (Array.isArray(value)) return value.map((child) => storableJson(child, maxDepth - 1));
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // defineProperty: a key named __proto__ stays a plain key instead of replacing the prototype.
    Object.defineProperty(copy, replaceUnsafeText(key), {
      value: storableJson(child, maxDepth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

export function describeJsonProblem(problem: JsonProblem, maxDepth: number): string {
  const where = problem.path || 'the body';
  switch (problem.kind) {
    case 'too_deep':
      // The top-level field says which one; its path down to the cut is just a run of indexes.
      return `${where.split('.')[0]}: JSON is nested deeper than ${maxDepth} levels`;
    case 'nul':
      return `${where}: must not contain a NUL character (\\u0000)`;
    case 'lone_surrogate':
      return `${where}: contains an unpaired UTF-16 surrogate (not valid Unicode text)`;
    case 'prototype_key':
      return `${where}: a field may not be named like a built-in object property (__proto__, constructor, valueOf…)`;
  }
}
