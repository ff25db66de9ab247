import type { MirrorAccount, MirrorOpportunity, MirrorProduct, MirrorStageChange, MirrorUser } from '../mirror/rows';
import type { AccountRow, DealStage, PipelineRow, ProductRow, SalesTeamRow } from './maven-files';

/**
 * Pure mappings from Maven export rows to mirror rows. Natural keys: account and product by name (the
 * export has no ids for them), people by name, deals by opportunity_id.
 */

export function mapAccount(row: AccountRow): MirrorAccount {
  return {
    externalId: row.account,
    name: row.account,
    industry: row.sector ?? null,
    foundedYear: row.year_established ?? null,
    annualRevenue: row.revenue === undefined ? null : Math.round(row.revenue * 1_000_000),
    employees: row.employees ?? null,
    country: row.office_location ?? null,
    parentName: row.subsidiary_of ?? null,
  };
}

export function mapProduct(row: ProductRow): MirrorProduct {
  return { externalId: row.product, name: row.product, series: row.series ?? null, listPrice: row.sales_price ?? null };
}

export interface SalesTeamMapping {
  users: MirrorUser[];
  /** A manager listed under two regional offices keeps the first; the others are reported. */
  conflicts: Array<{ line: number; field: string; reason: string }>;
}

/**
 * Agents become REP_CSM users reporting to their manager; each manager named in the file becomes a MANAGER
 * user, in the regional office of their agents. Someone listed both as an agent and as a manager is one
 * user with the MANAGER role.
 */
export function mapSalesTeams(rows: ReadonlyArray<{ line: number; row: SalesTeamRow }>): SalesTeamMapping {
  const users = new Map<string, MirrorUser>();
  const conflicts: SalesTeamMapping['conflicts'] = [];
  const managerRegion = new Map<string, { region: string | null; line: number }>();
  for (const { line, row } of rows) {
    users.set(row.sales_agent, {
      externalId: row.sales_agent,
      name: row.sales_agent,
      role: 'REP_CSM',
      managerExternalId: row.manager ?? null,
      team: row.manager ?? null,
      region: row.regional_office ?? null,
    });
    if (row.manager) {
      const seen = managerRegion.get(row.manager);
      if (!seen) managerRegion.set(row.manager, { region: row.regional_office ?? null, line });
      else if (row.regional_office && seen.region !== row.regional_office) {
        conflicts.push({
          line,
          field: 'regional_office',
          reason: `manager "${row.manager}" is in "${seen.region ?? '(none)'}" on line ${seen.line}; "${row.regional_office}" is ignored for the manager`,
        });
      }
    }
  }
  for (const [manager, { region }] of managerRegion) {
    const asAgent = users.get(manager);
    users.set(manager, asAgent ? { ...asAgent, role: 'MANAGER' } : { externalId: manager, name: manager, role: 'MANAGER', team: manager, region });
  }
  return { users: [...users.values()], conflicts };
}

const STAGE_ORDER: Record<DealStage, number> = { Prospecting: 1, Engaging: 2, Won: 3, Lost: 3 };

const startOfDay = (day: string) => `${day}T00:00:00.000Z`;

export interface OpportunityMapping {
  opportunity: MirrorOpportunity;
  /** Stage changes the export's dates prove: engaged on engage_date, won or lost on close_date. */
  stageChanges: MirrorStageChange[];
}

export function mapOpportunity(row: PipelineRow, rawStage: string): OpportunityMapping {
  const stage = row.deal_stage;
  const isClosed = stage === 'Won' || stage === 'Lost';
  const engagedAt = row.engage_date ? startOfDay(row.engage_date) : null;
  const closedAt = isClosed && row.close_date ? startOfDay(row.close_date) : null;
  const opportunity: MirrorOpportunity = {
    externalId: row.opportunity_id,
    accountExternalId: row.account ?? null,
    ownerExternalId: row.sales_agent ?? null,
    productExternalId: row.product ?? null,
    name: `${row.account ?? 'No account'}: ${row.product ?? 'no product'}`,
    stage,
    rawStage,
    stageOrder: STAGE_ORDER[stage],
    amount: row.close_value ?? null,
    closeDate: row.close_date ?? null,
    isClosed,
    isWon: stage === 'Won',
    engagedAt,
    stageEnteredAt: isClosed ? closedAt : stage === 'Engaging' ? engagedAt : null,
    closedAt,
  };
  const stageChanges: MirrorStageChange[] = [];
  if (engagedAt) {
    stageChanges.push({ externalId: `${row.opportunity_id}:engaged`, opportunityExternalId: row.opportunity_id, fromStage: 'Prospecting', toStage: 'Engaging', changedAt: engagedAt });
  }
  if (closedAt) {
    stageChanges.push({
      externalId: `${row.opportunity_id}:closed`,
      opportunityExternalId: row.opportunity_id,
      fromStage: engagedAt ? 'Engaging' : 'Prospecting',
      toStage: stage,
      amount: row.close_value ?? null,
      closeDate: row.close_date ?? null,
      changedAt: closedAt,
    });
  }
  return { opportunity, stageChanges };
}
