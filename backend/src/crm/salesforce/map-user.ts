// Salesforce User → mirror user. Pillar roles are granted inside Pillar, so `role` stays empty; Department
// becomes the team.
import type { MirrorUser } from '../mirror/rows';
import { mapRecord } from './map-fields';
import type { MapResult, SalesforceMappedUser } from './types';

/** Salesforce's User has no IsDeleted (users are deactivated, never deleted): asking for it fails the query. */
export const USER_FIELDS = ['Id', 'SystemModstamp', 'LastModifiedById', 'Name', 'FirstName', 'LastName', 'Username', 'Email', 'IsActive', 'ManagerId', 'Department'] as const;

export function mapUser(input: unknown): MapResult<SalesforceMappedUser> {
  return mapRecord(input, 'User', (r) => {
    const name = r.text('Name') ?? ([r.text('FirstName'), r.text('LastName')].filter(Boolean).join(' ') || r.requiredText('Username'));
    const row: MirrorUser = {
      externalId: r.record.Id,
      name,
      email: r.text('Email'),
      managerExternalId: r.id('ManagerId'),
      team: r.text('Department'),
      isActive: r.boolean('IsActive'),
    };
    return { row };
  });
}
