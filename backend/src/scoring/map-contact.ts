import { BUYING_ROLES, type BuyingRole } from '@pillar/shared';
import type { ContactInput, ContactStatus } from '../engine';
import type { ContactRow } from '../db/queries/scoring-inputs';

/** Contact row → engine ContactInput. The champion / exec-sponsor flags fill in an unknown buying role. */

const STATUSES: Readonly<Record<string, ContactStatus>> = { ACTIVE: 'active', INACTIVE: 'inactive', LEFT_ORG: 'left_org' };

export function contactBuyingRole(row: Pick<ContactRow, 'buying_role' | 'is_champion' | 'is_exec_sponsor'>): BuyingRole {
  const role = (BUYING_ROLES as readonly string[]).includes(row.buying_role) ? (row.buying_role as BuyingRole) : 'unknown';
  if (role !== 'unknown') return role;
  if (row.is_champion) return 'champion';
  if (row.is_exec_sponsor) return 'exec_sponsor';
  return 'unknown';
}

export function mapContact(row: ContactRow): ContactInput {
  return {
    id: row.id,
    accountId: row.account_id,
    title: row.title,
    buyingRole: contactBuyingRole(row),
    status: STATUSES[row.status] ?? null,
    // The mirror keeps no departure date; rules that need it treat it as unknown.
    leftAt: null,
    engagementScore: row.engagement_score,
    lastEngagedAt: row.last_engaged_ms === null ? null : new Date(row.last_engaged_ms),
  };
}
