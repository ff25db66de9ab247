import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@pillar/shared';
import { CAPABILITIES, decideCapability, decideRecordAccess, listingScope, type Capability, type RecordTeam } from '../rbac';

const ME = 'user-me';
const MY_REP = 'user-my-rep';
const OTHER = 'user-other';
const OTHER_MANAGER = 'user-other-manager';

const TEAMS: Record<string, RecordTeam> = {
  mine: { memberIds: [ME], memberManagerIds: [null] },
  'my report’s': { memberIds: [MY_REP], memberManagerIds: [ME] },
  shared: { memberIds: [OTHER, ME], memberManagerIds: [OTHER_MANAGER, null] },
  'someone else’s': { memberIds: [OTHER], memberManagerIds: [OTHER_MANAGER] },
  unowned: { memberIds: [], memberManagerIds: [] },
};

// role → team → [read, act]
const EXPECTED: Record<Role, Record<keyof typeof TEAMS, [boolean, boolean]>> = {
  ADMIN: { mine: [true, true], 'my report’s': [true, true], shared: [true, true], 'someone else’s': [true, true], unowned: [true, true] },
  LEADER: { mine: [true, true], 'my report’s': [true, true], shared: [true, true], 'someone else’s': [true, true], unowned: [true, true] },
  MANAGER: { mine: [true, true], 'my report’s': [true, true], shared: [true, true], 'someone else’s': [false, false], unowned: [false, false] },
  REP_CSM: { mine: [true, true], 'my report’s': [false, false], shared: [true, true], 'someone else’s': [false, false], unowned: [false, false] },
  EXECUTIVE_RO: { mine: [true, false], 'my report’s': [true, false], shared: [true, false], 'someone else’s': [true, false], unowned: [true, false] },
};

describe('decideRecordAccess', () => {
  const cases = ROLES.flatMap((role) => Object.keys(TEAMS).map((team) => [role, team, ...EXPECTED[role][team]!] as const));

  it.each(cases)('%s on a %s record: read %s, act %s', (role, team, read, act) => {
    const subject = { userId: ME, role };
    expect(decideRecordAccess(subject, 'read', TEAMS[team]!).allowed).toBe(read);
    expect(decideRecordAccess(subject, 'act', TEAMS[team]!).allowed).toBe(act);
  });

  it('gives a reason with every denial, naming the kind of record', () => {
    const denial = decideRecordAccess({ userId: ME, role: 'REP_CSM' }, 'act', TEAMS['someone else’s']!, 'play');
    expect(denial).toEqual({ allowed: false, reason: 'You neither own this play nor are on its account team' });
    expect(decideRecordAccess({ userId: ME, role: 'EXECUTIVE_RO' }, 'act', TEAMS.mine!, 'signal')).toEqual({
      allowed: false,
      reason: 'EXECUTIVE_RO is read-only and cannot change this signal',
    });
  });
});

describe('listingScope', () => {
  it.each([
    ['ADMIN', { kind: 'all' }],
    ['LEADER', { kind: 'all' }],
    ['EXECUTIVE_RO', { kind: 'all' }],
    ['MANAGER', { kind: 'team', userId: ME, includeReports: true }],
    ['REP_CSM', { kind: 'team', userId: ME, includeReports: false }],
  ] as const)('lists %s records as %j', (role, scope) => {
    expect(listingScope({ userId: ME, role })).toEqual(scope);
  });
});

describe('decideCapability', () => {
  const ADMIN_ONLY: Capability[] = ['profile.write', 'tokens.manage', 'connections.manage', 'users.write'];

  it.each(ADMIN_ONLY.flatMap((c) => ROLES.map((role) => [c, role] as const)))('%s is allowed to %s only if ADMIN', (capability, role) => {
    expect(decideCapability({ userId: ME, role }, capability).allowed).toBe(role === 'ADMIN');
  });

  it('lets every role read the scoring profile', () => {
    for (const role of ROLES) expect(decideCapability({ userId: ME, role }, 'profile.read').allowed).toBe(true);
  });

  it('keeps the audit log from managers and reps', () => {
    const allowed = ROLES.filter((role) => decideCapability({ userId: ME, role }, 'audit.read').allowed);
    expect(allowed).toEqual(['ADMIN', 'LEADER', 'EXECUTIVE_RO']);
  });

  it('explains a denial with the roles that would be allowed', () => {
    expect(decideCapability({ userId: ME, role: 'LEADER' }, 'tokens.manage')).toEqual({ allowed: false, reason: 'tokens.manage needs the role ADMIN; you are LEADER' });
  });

  it('has a rule for every capability', () => {
    for (const capability of CAPABILITIES) expect(() => decideCapability({ userId: ME, role: 'ADMIN' }, capability)).not.toThrow();
  });
});
