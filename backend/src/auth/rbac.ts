import type { Role } from '@pillar/shared';

/**
 * Who may see and change what. Pure: the caller loads the record's team, this decides.
 *
 * - ADMIN, LEADER: every record of the tenant, read and act.
 * - MANAGER: records whose team includes them or one of their direct reports.
 * - REP_CSM: records whose team includes them.
 * - EXECUTIVE_RO: reads every record, changes nothing.
 * - Tenant administration (scoring profiles, connections, tokens, users): ADMIN only.
 *
 * A record's team is everyone who owns it or sits on its account team: the account owner and the owners of the
 * account's opportunities (plus the owner of the play or signal itself). Records of another tenant never get
 * here: row-level security hides them, so the API answers 404 for them, never 403.
 */

export interface RbacSubject {
  userId: string;
  role: Role;
}

export interface RecordTeam {
  /** Users who own the record or are on its account team. */
  memberIds: readonly string[];
  /** The managers of those users (users.manager_id), nulls for members without one. */
  memberManagerIds: readonly (string | null)[];
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

export type RecordAction = 'read' | 'act';

const ALLOW: Decision = { allowed: true };

export function decideRecordAccess(subject: RbacSubject, action: RecordAction, team: RecordTeam, what = 'record'): Decision {
  switch (subject.role) {
    case 'ADMIN':
    case 'LEADER':
      return ALLOW;
    case 'EXECUTIVE_RO':
      return action === 'read' ? ALLOW : { allowed: false, reason: `EXECUTIVE_RO is read-only and cannot change this ${what}` };
    case 'MANAGER':
      if (team.memberIds.includes(subject.userId) || team.memberManagerIds.includes(subject.userId)) return ALLOW;
      return { allowed: false, reason: `This ${what} belongs to no one on your team` };
    case 'REP_CSM':
      if (team.memberIds.includes(subject.userId)) return ALLOW;
      return { allowed: false, reason: `You neither own this ${what} nor are on its account team` };
  }
}

/** The records a listing may return: every record, or those whose team includes the user (and, for managers, their reports). */
export type ListingScope = { kind: 'all' } | { kind: 'team'; userId: string; includeReports: boolean };

export function listingScope(subject: RbacSubject): ListingScope {
  switch (subject.role) {
    case 'ADMIN':
    case 'LEADER':
    case 'EXECUTIVE_RO':
      return { kind: 'all' };
    case 'MANAGER':
      return { kind: 'team', userId: subject.userId, includeReports: true };
    case 'REP_CSM':
      return { kind: 'team', userId: subject.userId, includeReports: false };
  }
}

/** Tenant administration and the admin API's reads. */
export const CAPABILITIES = ['profile.read', 'profile.write', 'tokens.manage', 'connections.manage', 'audit.read', 'users.read', 'users.write'] as const;
export type Capability = (typeof CAPABILITIES)[number];

const CAPABILITY_ROLES: Record<Capability, readonly Role[]> = {
  'profile.read': ['ADMIN', 'LEADER', 'MANAGER', 'REP_CSM', 'EXECUTIVE_RO'],
  'profile.write': ['ADMIN'],
  'tokens.manage': ['ADMIN'],
  'connections.manage': ['ADMIN'],
  'audit.read': ['ADMIN', 'LEADER', 'EXECUTIVE_RO'],
  'users.read': ['ADMIN', 'LEADER', 'MANAGER', 'EXECUTIVE_RO'],
  'users.write': ['ADMIN'],
};

export function decideCapability(subject: RbacSubject, capability: Capability): Decision {
  if (CAPABILITY_ROLES[capability].includes(subject.role)) return ALLOW;
  const allowed = CAPABILITY_ROLES[capability].join(', ');
  return { allowed: false, reason: `${capability} needs the role ${allowed}; you are ${subject.role}` };
}
