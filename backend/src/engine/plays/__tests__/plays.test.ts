import { describe, expect, it } from 'vitest';
import { signalTypes } from '../../signals/catalog';
import { checkPlayCompletion, playSlaState } from '../completion';
import { planPlays, resolveTaskOwner, templateFor, type PlayTemplate, type PlayTrigger } from '../plan-play';
import { DEFAULT_PLAY_TEMPLATES, playTemplateSpecSchema } from '../templates';

const NOW = new Date('2026-11-02T09:00:00Z');
const HOUR = 3_600_000;
const TEMPLATES: PlayTemplate[] = DEFAULT_PLAY_TEMPLATES.map((t, i) => ({ ...t, id: `tpl-${i}`, enabled: true }));

function trigger(over: Partial<PlayTrigger> = {}): PlayTrigger {
  return {
    signalId: 'sig-1',
    signalType: 'renewal_risk_critical',
    accountId: 'acc-1',
    opportunityId: null,
    owners: { recordOwnerId: 'rep', accountOwnerId: 'am', managerId: 'mgr' },
    ...over,
  };
}

describe('default play templates', () => {
  it('are the six published plays, valid, with a 72 h SLA unless stated', () => {
    expect(DEFAULT_PLAY_TEMPLATES.map((t) => t.key)).toEqual(['renewal_rescue', 'stalled_deal', 'multithread_account', 'expansion_motion', 'exec_sponsor_gap', 'commit_hygiene']);
    for (const t of DEFAULT_PLAY_TEMPLATES) expect(playTemplateSpecSchema.parse(t)).toEqual(t);
    expect(DEFAULT_PLAY_TEMPLATES.find((t) => t.key === 'renewal_rescue')!.slaHours).toBe(72);
  });

  it('are triggered only by signal types the catalog can raise', () => {
    const known = signalTypes();
    for (const t of DEFAULT_PLAY_TEMPLATES) for (const type of t.triggerSignalTypes) expect(known.has(type), `${t.key}: ${type}`).toBe(true);
  });
});

describe('templateFor', () => {
  it('picks the first enabled template the signal type triggers', () => {
    expect(templateFor('stage_stagnation', TEMPLATES)!.key).toBe('stalled_deal');
    expect(templateFor('expansion_ready', TEMPLATES)!.key).toBe('expansion_motion');
    expect(templateFor('hiring_intent', TEMPLATES)).toBeNull();
    expect(templateFor('stage_stagnation', TEMPLATES.map((t) => ({ ...t, enabled: t.key !== 'stalled_deal' })))).toBeNull();
  });
});

describe('resolveTaskOwner', () => {
  it('follows the owner rule and falls back when a person is unknown', () => {
    const owners = { recordOwnerId: 'rep', accountOwnerId: 'am', managerId: 'mgr' };
    expect(resolveTaskOwner('record_owner', owners)).toBe('rep');
    expect(resolveTaskOwner('account_owner', owners)).toBe('am');
    expect(resolveTaskOwner('manager', owners)).toBe('mgr');
    expect(resolveTaskOwner('manager', { ...owners, managerId: null })).toBe('am');
    expect(resolveTaskOwner('account_owner', { recordOwnerId: 'rep', accountOwnerId: null, managerId: null })).toBe('rep');
    expect(resolveTaskOwner('record_owner', { recordOwnerId: null, accountOwnerId: null, managerId: 'mgr' })).toBeNull();
  });
});

describe('planPlays', () => {
  it('creates the checklist with ordered tasks, relative due dates, owners and the SLA', () => {
    const [play] = planPlays({ triggers: [trigger()], templates: TEMPLATES, openPlays: [], now: NOW });
    expect(play).toMatchObject({ templateKey: 'renewal_rescue', signalId: 'sig-1', accountId: 'acc-1', ownerId: 'rep', slaDueAt: new Date(NOW.getTime() + 72 * HOUR) });
    expect(play!.tasks.map((t) => [t.orderNum, t.ownerId, (t.dueAt.getTime() - NOW.getTime()) / HOUR])).toEqual([
      [1, 'am', 24],
      [2, 'am', 48],
      [3, 'mgr', 72],
      [4, 'am', 168],
    ]);
  });

  it('starts no second play of the same template on the same record, even within one batch', () => {
    const already = planPlays({ triggers: [trigger()], templates: TEMPLATES, openPlays: [{ templateKey: 'renewal_rescue', accountId: 'acc-1', opportunityId: null }], now: NOW });
    const batch = planPlays({ triggers: [trigger({ signalId: 'a' }), trigger({ signalId: 'b', signalType: 'support_burden' })], templates: TEMPLATES, openPlays: [], now: NOW });
    expect(already).toHaveLength(0);
    expect(batch.map((p) => p.signalId)).toEqual(['a']);
  });

  it('keeps deal plays per deal: two deals on one account each get their own', () => {
    const plays = planPlays({
      triggers: [trigger({ signalType: 'stage_stagnation', opportunityId: 'o1' }), trigger({ signalType: 'stage_stagnation', opportunityId: 'o2' })],
      templates: TEMPLATES,
      openPlays: [],
      now: NOW,
    });
    expect(plays.map((p) => p.opportunityId)).toEqual(['o1', 'o2']);
  });
});

describe('checkPlayCompletion', () => {
  it('requires an outcome', () => {
    expect(checkPlayCompletion({ state: 'ACTIVE', templateKey: 'stalled_deal', openTasks: 0, outcome: null })).toMatchObject({ ok: false, code: 'outcome_required' });
  });
  it('requires every task to be done', () => {
    expect(checkPlayCompletion({ state: 'ACTIVE', templateKey: 'stalled_deal', openTasks: 2, outcome: 'WON' })).toMatchObject({ ok: false, code: 'tasks_open', message: '2 tasks are still open' });
  });
  it('refuses a play that is already closed', () => {
    expect(checkPlayCompletion({ state: 'COMPLETED', templateKey: 'stalled_deal', openTasks: 0, outcome: 'WON' })).toMatchObject({ ok: false, code: 'not_active' });
  });
  it.each([
    ['RENEWED', 'RENEWED'],
    ['EXPANDED', 'RENEWED'],
    ['CHURNED', 'CHURNED'],
    ['LOST', 'CHURNED'],
    ['NO_ACTION_NEEDED', null],
  ] as const)('maps renewal outcome %s to disposition %s and resolves the signal', (outcome, disposition) => {
    expect(checkPlayCompletion({ state: 'ACTIVE', templateKey: 'renewal_rescue', openTasks: 0, outcome })).toEqual({ ok: true, effects: { renewalDisposition: disposition, resolveSignal: true } });
  });
  it('sets no renewal disposition from a deal play', () => {
    expect(checkPlayCompletion({ state: 'ACTIVE', templateKey: 'stalled_deal', openTasks: 0, outcome: 'LOST' })).toMatchObject({ ok: true, effects: { renewalDisposition: null } });
  });
});

describe('playSlaState', () => {
  const startedAt = NOW;
  const slaDueAt = new Date(NOW.getTime() + 72 * HOUR);
  const at = (h: number) => new Date(NOW.getTime() + h * HOUR);
  it.each([
    [10, null, 'ON_TRACK'],
    [54, null, 'DUE_SOON'],
    [73, null, 'BREACHED'],
    [80, 70, 'MET'],
    [80, 73, 'BREACHED'],
  ] as const)('at +%i h (completed at %s) is %s', (h, done, expected) => {
    expect(playSlaState({ state: done ? 'COMPLETED' : 'ACTIVE', startedAt, slaDueAt, completedAt: done ? at(done) : null, now: at(h) })).toBe(expected);
  });
});
