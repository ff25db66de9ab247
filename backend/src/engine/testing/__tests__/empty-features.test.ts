import { describe, expect, it } from 'vitest';
import { generateAccountFeatures, rng } from '../generate-features';
import { FEATURE_KEYS, emptyFeatures } from '../empty-features';

describe('emptyFeatures', () => {
  it('lists exactly the keys of AccountFeatures (as the generator produces them)', () => {
    const generated = Object.keys(generateAccountFeatures(rng(1), 'a')).sort();
    expect([...FEATURE_KEYS].sort()).toEqual(generated);
  });

  it('leaves every value unknown except the account id', () => {
    const f = emptyFeatures();
    for (const key of FEATURE_KEYS) if (key !== 'accountId') expect(f[key]).toBeNull();
  });
});
