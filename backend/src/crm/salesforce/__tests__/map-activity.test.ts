import { describe, expect, it } from 'vitest';
import { mirrorActivitySchema } from '../../mirror/rows';
import events from '../fixtures/events.json';
import tasks from '../fixtures/tasks.json';
import { mapActivity, mapEvent, mapTask } from '../map-activity';

describe('mapTask', () => {
  it('maps every recorded task into a valid mirror activity', () => {
    for (const input of tasks.slice(0, 4)) {
      const r = mapTask(input);
      if (!r.ok) throw new Error(r.reason.message);
      expect(mirrorActivitySchema.parse(r.row)).toEqual(r.row);
      expect(r.row.externalId).toBe(input.Id);
    }
  });

  it('takes type from TaskSubtype, direction from CallType and links opportunity, contact and account', () => {
    const input = tasks[0] as unknown as Record<string, unknown>;
    const r = mapTask(input);
    expect(r).toMatchObject({
      ok: true,
      row: {
        type: 'call',
        direction: 'outbound',
        occurredAt: new Date(Date.parse(String(input.CompletedDateTime).replace('+0000', 'Z'))).toISOString(),
        opportunityExternalId: input.WhatId,
        contactExternalId: input.WhoId,
        accountExternalId: input.AccountId,
        ownerExternalId: input.OwnerId,
      },
    });
  });

  it('maps a logged email, and an open task to its creation time when it has no date', () => {
    expect(mapTask(tasks.find((t) => t.Subject === 'Email: Re: pricing'))).toMatchObject({ ok: true, row: { type: 'email', direction: null, occurredAt: '2024-04-02T10:00:00.000Z' } });
    const open = tasks.find((t) => t.Status === 'Not Started' && t.ActivityDate === null) as Record<string, unknown>;
    const r = mapTask(open);
    if (!r.ok) throw new Error(r.reason.message);
    expect(r.row.type).toBe('task');
    expect(r.row.occurredAt).toBe(new Date(Date.parse(String(open.CreatedDate).replace('+0000', 'Z'))).toISOString());
    expect(r.row.subject).toHaveLength(255);
    expect(r.meta.notes).toEqual([expect.objectContaining({ code: 'TRUNCATED', field: 'Subject' })]);
  });

  it('ignores a lead in WhoId and an inbound call keeps its direction', () => {
    const r = mapTask(tasks.find((t) => String(t.WhoId).startsWith('00Q')));
    expect(r).toMatchObject({ ok: true, row: { contactExternalId: null, accountExternalId: null, opportunityExternalId: null, direction: 'inbound' } });
  });

  it('rejects a malformed due date with a reason', () => {
    expect(mapTask(tasks.find((t) => t.ActivityDate === '2024-04-31'))).toMatchObject({ ok: false, reason: { code: 'MALFORMED_DATE', field: 'ActivityDate' } });
  });
});

describe('mapEvent', () => {
  it('maps a recorded event as a meeting at its start', () => {
    const input = events[0] as unknown as Record<string, unknown>;
    const r = mapEvent(input);
    if (!r.ok) throw new Error(r.reason.message);
    expect(mirrorActivitySchema.parse(r.row)).toEqual(r.row);
    expect(r.row).toMatchObject({ type: 'meeting', occurredAt: new Date(Date.parse(String(input.StartDateTime).replace('+0000', 'Z'))).toISOString(), accountExternalId: input.AccountId });
  });

  it('falls back to the activity date, rejects a malformed start and flags deleted events', () => {
    expect(mapEvent(events.find((e) => e.StartDateTime === null))).toMatchObject({ ok: true, row: { occurredAt: '2024-04-15T00:00:00.000Z' } });
    expect(mapEvent(events.find((e) => e.StartDateTime === 'yesterday-ish'))).toMatchObject({ ok: false, reason: { code: 'MALFORMED_DATE', field: 'StartDateTime' } });
    expect(mapEvent(events.find((e) => e.IsDeleted))).toMatchObject({ ok: true, meta: { isDeleted: true, sobject: 'Event' } });
  });
});

describe('mapActivity', () => {
  it('dispatches on the record type', () => {
    expect(mapActivity(events[0])).toMatchObject({ ok: true, meta: { sobject: 'Event' } });
    expect(mapActivity(tasks[0])).toMatchObject({ ok: true, meta: { sobject: 'Task' } });
    const { attributes: _a, ...bare } = events[0] as Record<string, unknown>;
    expect(mapActivity(bare)).toMatchObject({ ok: true, meta: { sobject: 'Event' } });
  });
});
