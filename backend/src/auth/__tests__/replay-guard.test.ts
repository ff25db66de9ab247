import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../replay-guard';

describe('ReplayGuard', () => {
  it('accepts a key once and refuses it again within the window', () => {
    const guard = new ReplayGuard(1000);
    expect(guard.firstUse('sig-a', 0)).toBe(true);
    expect(guard.firstUse('sig-a', 999)).toBe(false);
    expect(guard.firstUse('sig-b', 999)).toBe(true);
  });

  it('forgets a key once its window has passed', () => {
    const guard = new ReplayGuard(1000);
    guard.firstUse('sig-a', 0);
    expect(guard.firstUse('sig-a', 1000)).toBe(true);
    expect(guard.size).toBe(1);
  });

  it('drops expired keys as time moves on', () => {
    const guard = new ReplayGuard(1000);
    for (let i = 0; i < 10; i++) guard.firstUse(`sig-${i}`, i);
    guard.firstUse('late', 5000);
    expect(guard.size).toBe(1);
  });

  it('keeps at most maxEntries keys, dropping the oldest', () => {
    const guard = new ReplayGuard(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) guard.firstUse(key, 0);
    expect(guard.size).toBe(3);
    expect(guard.firstUse('d', 1)).toBe(false);
    expect(guard.firstUse('a', 1)).toBe(true);
  });
});
