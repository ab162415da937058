import {
  describeJsonProblem,
  findJsonProblem,
  replaceUnsafeText,
  storableJson,
  TRUNCATED,
  unsafeTextKind,
} from './json-safety';

const nestedArrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

describe('json-safety', () => {
  it.each([
    ['plain text', 'Blue mug', null],
    ['a paired surrogate (an emoji)', 'mug \ud83c\udf75', null],
    ['a NUL', 'a\u0000b', 'nul'],
    ['a lone high surrogate', 'x\ud800', 'lone_surrogate'],
    ['a lone low surrogate', '\udfffx', 'lone_surrogate'],
    ['two high surrogates', '\ud800\ud800\udc00', 'lone_surrogate'],
  ])('should classify %s', (_label, text, kind) => {
    expect(unsafeTextKind(text)).toBe(kind);
  });

  it('should replace only the unsafe characters', () => {
    expect(replaceUnsafeText('a\u0000b\ud800c\ud83c\udf75')).toBe('a\ufffdb\ufffdc\ud83c\udf75');
  });

  it('should name the path of the first problem, keys included', () => {
    expect(findJsonProblem({ items: [{ name: 'ok' }, { name: 'x\u0000' }] }, { maxDepth: 32 })).toEqual({
      kind: 'nul',
      path: 'items.1.name',
    });
    expect(findJsonProblem({ ['bad\udc00key']: 1 }, { maxDepth: 32 })).toEqual({
      kind: 'lone_surrogate',
      path: 'bad\ufffdkey',
    });
    expect(findJsonProblem('\u0000', { maxDepth: 32 })).toEqual({ kind: 'nul', path: '' });
    expect(findJsonProblem({ a: 1, b: [true, null, 2.5] }, { maxDepth: 32 })).toBeNull();
  });

  it('should allow exactly maxDepth containers and refuse one more, without walking further', () => {
    expect(findJsonProblem(nestedArrays(32), { maxDepth: 32 })).toBeNull();
    expect(findJsonProblem(nestedArrays(33), { maxDepth: 32 })).toMatchObject({ kind: 'too_deep' });
    expect(findJsonProblem(nestedArrays(100_000), { maxDepth: 32 })).toMatchObject({ kind: 'too_deep' });
  });

  it('should refuse prototype keys only when asked (HTTP input, not provider events)', () => {
    const body = JSON.parse('{"items": [{"__proto__": {"amount": 1}}]}');
    expect(findJsonProblem(body, { maxDepth: 32 })).toBeNull();
    const problem = findJsonProblem(body, { maxDepth: 32, refusePrototypeKeys: true })!;
    expect(problem).toEqual({ kind: 'prototype_key', path: 'items.0.__proto__' });
    expect(describeJsonProblem(problem, 32)).toBe(
      'items.0.__proto__: a field may not be named like a built-in object property (__proto__, constructor, valueOf…)',
    );
    expect(findJsonProblem({ constructor: 1 }, { maxDepth: 32, refusePrototypeKeys: true })).toMatchObject({
      kind: 'prototype_key',
    });
  });

  it('should describe a deep problem by its top-level field', () => {
    const problem = findJsonProblem({ email: nestedArrays(50) }, { maxDepth: 32 })!;
    expect(describeJsonProblem(problem, 32)).toBe('email: JSON is nested deeper than 32 levels');
  });

  it('should make a storable copy: text cleaned, deep parts cut, __proto__ kept as a plain key', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "a\\u0000"}, "deep": [[[1]]], "ok": "\\ud800"}');
    const copy = storableJson(value, 3) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: 'a\ufffd' });
    expect(copy.deep).toEqual([[TRUNCATED]]);
    expect(copy.ok).toBe('\ufffd');
    expect(findJsonProblem(copy, { maxDepth: 3 })).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
