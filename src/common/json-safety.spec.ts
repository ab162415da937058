import { describeJsonProblem, findJsonProblem, replaceUnsafeText, storableJson, TRUNCATED, unsafeTextKind } from './json-safety';

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
    expect(findJsonProblem({ items: [{ name: 'ok' }, { name: 'x\u0000' }] }, 32)).toEqual({ kind: 'nul', path: 'items.1.name' });
    expect(findJsonProblem({ ['bad\udc00key']: 1 }, 32)).toEqual({ kind: 'lone_surrogate', path: 'bad\ufffdkey' });
    expect(findJsonProblem('\u0000', 32)).toEqual({ kind: 'nul', path: '' });
    expect(findJsonProblem({ a: 1, b: [true, null, 2.5] }, 32)).toBeNull();
  });

  it('should allow exactly maxDepth containers and refuse one more, without walking further', () => {
    expect(findJsonProblem(nestedArrays(32), 32)).toBeNull();
    expect(findJsonProblem(nestedArrays(33), 32)).toMatchObject({ kind: 'too_deep' });
    expect(findJsonProblem(nestedArrays(100_000), 32)).toMatchObject({ kind: 'too_deep' });
  });

  it('should describe a deep problem by its top-level field', () => {
    const problem = findJsonProblem({ email: nestedArrays(50) }, 32)!;
    expect(describeJsonProblem(problem, 32)).toBe('email: JSON is nested deeper than 32 levels');
  });

  it('should make a storable copy: text cleaned, deep parts cut, __proto__ kept as a plain key', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "a\\u0000"}, "deep": [[[1]]], "ok": "\\ud800"}');
    const copy = storableJson(value, 3) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: 'a\ufffd' });
    expect(copy.deep).toEqual([[TRUNCATED]]);
    expect(copy.ok).toBe('\ufffd');
    expect(findJsonProblem(copy, 3)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
