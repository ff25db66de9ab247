import { describe, expect, it } from 'vitest';
import { formatParam, REASON_CODES, REASON_TEMPLATES, renderReason, templateParams, type ReasonCode } from '../reasons';

describe('renderReason', () => {
  it('renders every template with sample parameters and leaves no placeholder behind', () => {
    for (const code of REASON_CODES) {
      const params = Object.fromEntries(templateParams(code).map((p) => [p, p === 'stage' || p === 'segment' || p === 'eb' || p === 'champion' || p === 'nextStep' ? 'Proposal' : 2]));
      const text = renderReason({ code, params });
      expect(text, code).not.toMatch(/[{}]/);
    }
  });

  it('pluralises counted nouns', () => {
    expect(renderReason({ code: 'MEETINGS_30D', params: { count: 1 } })).toBe('1 meeting in the last 30 days');
    expect(renderReason({ code: 'MEETINGS_30D', params: { count: 3 } })).toBe('3 meetings in the last 30 days');
    expect(renderReason({ code: 'ACTIVITY_VOLUME_30D', params: { count: 2 } })).toBe('2 activities logged in the last 30 days');
  });

  it('formats money, percentages, ratios and signed deltas by parameter name', () => {
    expect(renderReason({ code: 'ARR_TIER', params: { arrUsd: 1_250_000 } })).toBe('ARR $1.3M');
    expect(formatParam('arrUsd', 45_000)).toBe('$45K');
    expect(formatParam('usageDeltaPct', 12.4)).toBe('+12%');
    expect(formatParam('usageDeltaPct', -8)).toBe('−8%');
    expect(formatParam('coverageRatio', 2.25)).toBe('2.3×');
    expect(formatParam('pointsDelta', -3.5)).toBe('−3.5');
  });

  it('has unique codes whose templates are non-empty sentences', () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
    for (const code of REASON_CODES) expect(REASON_TEMPLATES[code as ReasonCode].length).toBeGreaterThan(5);
  });
});
