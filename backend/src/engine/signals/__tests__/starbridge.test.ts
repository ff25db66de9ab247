import { describe, expect, it } from 'vitest';
import { evaluateStarbridgeEvent } from '../rules/starbridge';
import { starbridgeEnrichment, starbridgeFactsByAccount } from '../starbridge-facts';
import { starbridgeEventSchema, type StarbridgeEvent } from '../starbridge-event';
import { DEFAULT_SIGNAL_THRESHOLDS as T } from '../thresholds';

const NOW = new Date('2026-11-02T09:00:00Z');

function event(body: unknown, accountId: string | null = 'acc-1'): StarbridgeEvent {
  return { ...starbridgeEventSchema.parse(body), accountId, accountOwnerId: 'u-1' };
}
const base = { occurredAt: '2026-11-01T10:00:00Z', account: { domain: 'springfield.k12.us' } };

describe('starbridgeEventSchema', () => {
  it('accepts each event type with its own data', () => {
    for (const body of [
      { ...base, id: 'e1', type: 'rfp_published', data: { title: 'LMS replacement', dueDate: '2026-12-15' } },
      { ...base, id: 'e2', type: 'grant_awarded', data: { program: 'ESSER', amount: 250000 } },
      { ...base, id: 'e3', type: 'budget_change', data: { changePct: -12 } },
      { ...base, id: 'e4', type: 'key_contact_departure', data: { contactName: 'Pat Lee', role: 'champion' } },
      { ...base, id: 'e5', type: 'board_meeting_mention', data: { excerpt: 'discussed adaptive learning' } },
    ]) {
      expect(starbridgeEventSchema.safeParse(body).success).toBe(true);
    }
  });

  it('rejects an unknown type, a missing account key and data of the wrong type', () => {
    expect(starbridgeEventSchema.safeParse({ ...base, id: 'x', type: 'merger', data: {} }).success).toBe(false);
    expect(starbridgeEventSchema.safeParse({ ...base, account: {}, id: 'x', type: 'board_meeting_mention', data: {} }).success).toBe(false);
    expect(starbridgeEventSchema.safeParse({ ...base, id: 'x', type: 'budget_change', data: { changePct: 'a lot' } }).success).toBe(false);
  });
});

describe('evaluateStarbridgeEvent', () => {
  it.each([
    ['rfp_published', { title: 'LMS' }, 'CRITICAL', 'starbridge_rfp_published'],
    ['grant_awarded', { program: 'ESSER' }, 'WARNING', 'starbridge_grant_awarded'],
    ['budget_change', { changePct: -10.5 }, 'CRITICAL', 'starbridge_budget_change'],
    ['budget_change', { changePct: -6 }, 'WARNING', 'starbridge_budget_change'],
    ['budget_change', { changePct: 10 }, 'INFO', 'starbridge_budget_change'],
    ['key_contact_departure', { contactName: 'Pat', role: 'economic_buyer' }, 'CRITICAL', 'starbridge_key_contact_departure'],
    ['key_contact_departure', { contactName: 'Sam', role: 'end_user' }, 'WARNING', 'starbridge_key_contact_departure'],
    ['board_meeting_mention', {}, 'INFO', 'starbridge_board_mention'],
  ])('%s %j → %s', (type, data, severity, signalType) => {
    const signal = evaluateStarbridgeEvent(event({ ...base, id: 'e', type, data }), T, NOW)!;
    expect(signal).toMatchObject({ family: 'STARBRIDGE', severity, type: signalType, ruleId: 'SIG-STB-001', dedupeKey: `${signalType}:account:acc-1` });
    expect(signal.evidence).toMatchObject({ eventId: 'e', eventType: type });
  });

  it('raises nothing for a small budget move or an unmatched account', () => {
    expect(evaluateStarbridgeEvent(event({ ...base, id: 'e', type: 'budget_change', data: { changePct: -5 } }), T, NOW)).toBeNull();
    expect(evaluateStarbridgeEvent(event({ ...base, id: 'e', type: 'rfp_published', data: { title: 'x' } }, null), T, NOW)).toBeNull();
  });
});

describe('starbridgeFactsByAccount', () => {
  it('turns events into per-account intent facts for the scoring rules', () => {
    const facts = starbridgeFactsByAccount(
      [
        event({ ...base, id: 'a', type: 'rfp_published', data: { title: 'LMS', dueDate: '2026-11-20' } }),
        event({ ...base, id: 'b', type: 'rfp_published', occurredAt: '2026-01-01T00:00:00Z', data: { title: 'old', dueDate: '2026-02-01' } }),
        event({ ...base, id: 'c', type: 'grant_awarded', data: { program: 'ESSER', windowClosesOn: '2026-12-31' } }),
        event({ ...base, id: 'd', type: 'budget_change', occurredAt: '2026-06-01T00:00:00Z', data: { changePct: 4 } }),
        event({ ...base, id: 'e', type: 'budget_change', data: { changePct: -8 } }),
        event({ ...base, id: 'f', type: 'key_contact_departure', data: { contactName: 'Pat' } }),
        event({ ...base, id: 'g', type: 'board_meeting_mention', data: {} }),
        event({ ...base, id: 'h', type: 'board_meeting_mention', occurredAt: '2026-05-01T00:00:00Z', data: {} }),
        event({ ...base, id: 'i', type: 'board_meeting_mention', data: {} }, null),
      ],
      NOW,
    );
    expect([...facts.keys()]).toEqual(['acc-1']);
    const f = facts.get('acc-1')!;
    expect(f).toMatchObject({ rfpActive: true, rfpDueInDays: 18, grantWindowOpen: true, grantWindowClosesInDays: 59, budgetTrendPct: -8, keyContactDepartures90d: 1, boardMentions90d: 1 });
    expect(starbridgeEnrichment(f)).toEqual({ rfpActive: true, grantWindowOpen: true, grantWindowClosesInDays: 59, boardMentions90d: 1, budgetTrendPct: -8 });
  });

  it('ignores events dated in the future', () => {
    expect(starbridgeFactsByAccount([event({ ...base, occurredAt: '2026-12-01T00:00:00Z', id: 'z', type: 'rfp_published', data: { title: 'x' } })], NOW).size).toBe(0);
  });
});
