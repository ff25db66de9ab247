import { describe, expect, it } from 'vitest';
import { mirrorContactSchema, mirrorOpportunityContactSchema } from '../../mirror/rows';
import contactRoles from '../fixtures/contact-roles.json';
import contacts from '../fixtures/contacts.json';
import { mapContact, mapOpportunityContactRole } from '../map-contact';

describe('mapContact', () => {
  it('maps a recorded contact into a valid mirror row', () => {
    const input = contacts[0] as unknown as Record<string, unknown>;
    const r = mapContact(input);
    if (!r.ok) throw new Error(r.reason.message);
    expect(mirrorContactSchema.parse(r.row)).toEqual(r.row);
    expect(r.row).toMatchObject({ externalId: input.Id, accountExternalId: input.AccountId, name: `${input.FirstName} ${input.LastName}`, email: input.Email, title: input.Title, deletedAt: null });
  });

  it('falls back to the email when a contact has no name, and truncates a 300-character last name', () => {
    const emailOnly = mapContact(contacts.find((c) => c.Email === 'only.email@example.com'));
    expect(emailOnly).toMatchObject({ ok: true, row: { name: 'only.email@example.com', accountExternalId: null, title: null } });
    const long = mapContact(contacts.find((c) => (c.LastName?.length ?? 0) === 300));
    if (!long.ok) throw new Error('expected a row');
    expect(long.row.name.length).toBeLessThanOrEqual(255);
    expect(long.meta.notes.map((n) => n.code)).toContain('TRUNCATED');
  });

  it('flags deleted contacts and rejects one with neither name nor email', () => {
    const deleted = mapContact(contacts.find((c) => c.IsDeleted));
    expect(deleted).toMatchObject({ ok: true, meta: { isDeleted: true } });
    const nameless = mapContact(contacts.find((c) => c.FirstName === null && c.LastName === null && c.Email === null));
    expect(nameless).toMatchObject({ ok: false, reason: { code: 'MISSING_REQUIRED', field: 'LastName' } });
  });
});

describe('mapOpportunityContactRole', () => {
  it('maps standard roles to Pillar buying roles', () => {
    const input = contactRoles[0] as unknown as Record<string, unknown>;
    const r = mapOpportunityContactRole(input);
    if (!r.ok) throw new Error(r.reason.message);
    expect(mirrorOpportunityContactSchema.parse(r.row)).toEqual(r.row);
    expect(r.row).toMatchObject({ externalId: input.Id, opportunityExternalId: input.OpportunityId, contactExternalId: input.ContactId, role: 'economic_buyer', isPrimary: true });
  });

  it('knows a common custom Champion role, notes an unknown one, and keeps an empty role empty', () => {
    const [champion, kingmaker, empty] = ['Champion', 'Kingmaker', null].map((role) => mapOpportunityContactRole(contactRoles.find((c) => c.Role === role && c.ContactId !== null)));
    expect(champion).toMatchObject({ ok: true, row: { role: 'champion' } });
    expect(kingmaker).toMatchObject({ ok: true, row: { role: 'unknown' }, meta: { notes: [expect.objectContaining({ code: 'UNKNOWN_PICKLIST', field: 'Role' })] } });
    expect(empty).toMatchObject({ ok: true, row: { role: null, isPrimary: false } });
    const custom = mapOpportunityContactRole(contactRoles.find((c) => c.Role === 'Kingmaker'), { buyingRoleMap: { Kingmaker: 'exec_sponsor' } });
    expect(custom).toMatchObject({ ok: true, row: { role: 'exec_sponsor' } });
  });

  it('rejects a role without its contact', () => {
    expect(mapOpportunityContactRole(contactRoles.find((c) => c.ContactId === null))).toMatchObject({ ok: false, reason: { code: 'MISSING_REQUIRED', field: 'ContactId' } });
  });
});
