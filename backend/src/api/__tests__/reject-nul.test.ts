import { describe, expect, it } from 'vitest';
import { findNul } from '../reject-nul';

describe('findNul', () => {
  it('finds nothing in clean input', () => {
    expect(findNul({ a: ['x', { b: 'y' }], n: 1, t: true, z: null })).toBeNull();
    expect(findNul(undefined)).toBeNull();
  });

  it('names the path of the first NUL in a value', () => {
    expect(findNul({ note: 'ok', nested: { list: ['fine', 'bad\u0000'] } })).toBe('nested.list.1');
    expect(findNul('\u0000')).toBe('');
  });

  it('finds a NUL in a key', () => {
    expect(findNul({ 'a\u0000b': 1 })).toBe('a\\0b');
  });

  it('walks very deep nesting without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findNul(deep)).toBe(Array(200_000).fill('0').join('.'));
  });
});
