import { describe, expect, it } from 'vitest';
import { mirrorStageChangeSchema } from '../../mirror/rows';
import history from '../fixtures/opportunity-history.json';
import users from '../fixtures/users.json';
import { mapStageHistory } from '../map-stage-history';
import { mapUser } from '../map-user';

const recorded = history.slice(0, 4);

describe('mapStageHistory', () => {
  it('keeps the rows where the Pillar stage changed, with from → to, and skips amount-only changes', () => {
    const results = mapStageHistory(recorded);
    const rows = results.map((r) => (r.ok ? r.row : null));
    expect(rows.map((r) => [r?.fromStage ?? null, r?.toStage])).toEqual([
      [null, 'qualify'],
      ['qualify', 'negotiation'],
    ]);
    for (const r of rows) expect(mirrorStageChangeSchema.parse(r)).toEqual(r);
    expect(rows[1]).toMatchObject({ externalId: recorded[3]?.Id, amount: 48000, closeDate: '2024-08-15', changedAt: '2024-05-11T09:00:00.000Z' });
    for (const r of results) {
      if (!r.ok) throw new Error(r.reason.message);
      expect(r.meta.lastModifiedByExternalId).toBe(recorded.find((h) => h.Id === r.row.externalId)?.CreatedById);
    }
  });

  it('sorts by time within an opportunity whatever order the rows arrive in', () => {
    const shuffled = [recorded[3], recorded[1], recorded[0], recorded[2]];
    expect(mapStageHistory(shuffled).map((r) => r.ok && r.row.externalId)).toEqual(mapStageHistory(recorded).map((r) => r.ok && r.row.externalId));
  });

  it('continues from the stage known before an incremental batch', () => {
    const later = history.slice(3);
    const results = mapStageHistory(later, { previousStage: () => 'Needs Analysis' });
    expect(results.map((r) => (r.ok ? [r.row.fromStage, r.row.toStage] : r.reason.code))).toEqual([
      ['qualify', 'negotiation'],
      ['negotiation', 'closed_won'],
      'MALFORMED_DATE',
    ]);
  });

  it('notes an unknown stage, classifies it, and skips it when the Pillar stage stays the same', () => {
    const alone = mapStageHistory([history[4]]);
    expect(alone).toEqual([expect.objectContaining({ ok: true, row: expect.objectContaining({ fromStage: null, toStage: 'negotiation' }) })]);
    expect(alone[0]).toMatchObject({ meta: { notes: [expect.objectContaining({ code: 'UNKNOWN_PICKLIST', field: 'StageName' })] } });
    const afterNegotiation = mapStageHistory([...recorded, history[4]]);
    expect(afterNegotiation).toHaveLength(2);
  });
});

describe('mapUser', () => {
  it('maps recorded users and an inactive user without a name', () => {
    const first = mapUser(users[0]);
    expect(first).toMatchObject({ ok: true, row: { name: 'Pillar Integration', email: 'integration@pillar.example', isActive: true } });
    const former = mapUser(users.find((u) => u.IsActive === false));
    expect(former).toMatchObject({ ok: true, row: { name: 'former.rep@example.com', email: null, isActive: false, team: 'EMEA Sales' } });
  });
});
