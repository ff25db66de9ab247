// Salesforce Task and Event → mirror activity. The type comes from TaskSubtype/Type (events are meetings),
// the direction from CallType, the moment from completion / due date / start, and the related records from
// WhatId (Account 001, Opportunity 006), WhoId (Contact 003) and the derived AccountId.
import type { MirrorActivity } from '../mirror/rows';
import { mapRecord, type FieldReader } from './map-fields';
import type { MapResult, SalesforceMappedActivity } from './types';

type ActivityType = MirrorActivity['type'];
type Direction = NonNullable<MirrorActivity['direction']>;

export const TASK_FIELDS = [
  'Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById', 'CreatedDate', 'Subject', 'TaskSubtype', 'Type', 'CallType',
  'Status', 'ActivityDate', 'CompletedDateTime', 'WhoId', 'WhatId', 'AccountId', 'OwnerId',
] as const;

export const EVENT_FIELDS = [
  'Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById', 'CreatedDate', 'Subject', 'Type', 'EventSubtype',
  'StartDateTime', 'ActivityDateTime', 'ActivityDate', 'WhoId', 'WhatId', 'AccountId', 'OwnerId',
] as const;

const TASK_SUBTYPES: Readonly<Record<string, ActivityType>> = { Email: 'email', ListEmail: 'email', Call: 'call' };
const TYPES: Readonly<Record<string, ActivityType>> = { Email: 'email', Call: 'call', Meeting: 'meeting' };
const CALL_DIRECTIONS: Readonly<Record<string, Direction>> = { Inbound: 'inbound', Outbound: 'outbound', Internal: 'internal' };

function related(r: FieldReader): Pick<MirrorActivity, 'accountExternalId' | 'contactExternalId' | 'opportunityExternalId' | 'ownerExternalId'> {
  const what = r.id('WhatId');
  const who = r.id('WhoId');
  return {
    accountExternalId: r.id('AccountId') ?? (what?.startsWith('001') ? what : null),
    opportunityExternalId: what?.startsWith('006') ? what : null,
    contactExternalId: who?.startsWith('003') ? who : null,
    ownerExternalId: r.id('OwnerId'),
  };
}

function occurredAt(r: FieldReader, candidates: readonly string[]): string {
  for (const path of candidates) {
    const at = path === 'ActivityDate' ? r.date(path) : r.instant(path);
    if (at) return path === 'ActivityDate' ? `${at}T00:00:00.000Z` : at;
  }
  return r.requiredInstant(candidates[candidates.length - 1] as string);
}

export function mapTask(input: unknown): MapResult<SalesforceMappedActivity> {
  return mapRecord(input, 'Task', (r) => {
    const subtype = r.text('TaskSubtype');
    const typeField = r.text('Type');
    const type: ActivityType = (subtype ? TASK_SUBTYPES[subtype] : undefined) ?? (typeField ? TYPES[typeField] : undefined) ?? 'task';
    const callType = r.text('CallType');
    const row: MirrorActivity = {
      externalId: r.record.Id,
      ...related(r),
      type,
      direction: type === 'call' && callType ? (CALL_DIRECTIONS[callType] ?? null) : null,
      occurredAt: occurredAt(r, ['CompletedDateTime', 'ActivityDate', 'CreatedDate']),
      subject: r.text('Subject'),
    };
    return { row };
  });
}

export function mapEvent(input: unknown): MapResult<SalesforceMappedActivity> {
  return mapRecord(input, 'Event', (r) => {
    const row: MirrorActivity = {
      externalId: r.record.Id,
      ...related(r),
      type: 'meeting',
      direction: null,
      occurredAt: occurredAt(r, ['StartDateTime', 'ActivityDateTime', 'ActivityDate', 'CreatedDate']),
      subject: r.text('Subject'),
    };
    return { row };
  });
}

/** Task or Event by the record's `attributes.type` (or Id prefix 00T / 00U). */
export function mapActivity(input: unknown): MapResult<SalesforceMappedActivity> {
  const rec = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const attrs = rec.attributes && typeof rec.attributes === 'object' ? (rec.attributes as Record<string, unknown>) : {};
  const isEvent = attrs.type === 'Event' || (attrs.type === undefined && typeof rec.Id === 'string' && rec.Id.startsWith('00U'));
  return isEvent ? mapEvent(input) : mapTask(input);
}
