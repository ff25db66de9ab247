// Salesforce Opportunity → mirror opportunity. StageName is kept raw and mapped to a Pillar stage through the
// tenant's picklist map (unknown values fall back to the engine's stage classifier, with a note);
// ForecastCategoryName maps one to one onto Pillar's forecast categories; Probability becomes 0–1.
import { forecastCategoryFromSalesforce } from '@pillar/shared';
import { classifyStage } from '../../engine/features/stages';
import type { MirrorOpportunity } from '../mirror/rows';
import { mapRecord, resolveSources, soqlFields, type FieldSources } from './map-fields';
import type { MapResult, PillarStage, SalesforceMappedOpportunity } from './types';

export type OpportunityField =
  | 'accountExternalId'
  | 'ownerExternalId'
  | 'name'
  | 'stage'
  | 'amount'
  | 'closeDate'
  | 'probability'
  | 'forecastCategory'
  | 'nextStep'
  | 'competitor'
  | 'type'
  | 'closeDatePushes'
  | 'stageEnteredAt'
  | 'crmCreatedAt';

export const DEFAULT_OPPORTUNITY_SOURCES: FieldSources<OpportunityField> = {
  accountExternalId: 'AccountId',
  ownerExternalId: 'OwnerId',
  name: 'Name',
  stage: 'StageName',
  amount: 'Amount',
  closeDate: 'CloseDate',
  probability: 'Probability',
  forecastCategory: 'ForecastCategoryName',
  nextStep: 'NextStep',
  competitor: null,
  type: 'Type',
  closeDatePushes: 'PushCount',
  stageEnteredAt: 'LastStageChangeDate',
  crmCreatedAt: 'CreatedDate',
};

/** The standard sales process, in picklist order. */
export const STANDARD_STAGE_ORDER = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
] as const;

export const DEFAULT_STAGE_MAP: Readonly<Record<string, PillarStage>> = {
  Prospecting: 'discover',
  Qualification: 'qualify',
  'Needs Analysis': 'qualify',
  'Value Proposition': 'develop',
  'Id. Decision Makers': 'develop',
  'Perception Analysis': 'develop',
  'Proposal/Price Quote': 'proposal',
  'Negotiation/Review': 'negotiation',
  'Closed Won': 'closed_won',
  'Closed Lost': 'closed_lost',
};

type OpportunityType = NonNullable<MirrorOpportunity['type']>;

export const DEFAULT_OPPORTUNITY_TYPE_MAP: Readonly<Record<string, OpportunityType>> = {
  'New Customer': 'new_business',
  'New Business': 'new_business',
  'Existing Customer - Upgrade': 'expansion',
  'Existing Customer - Downgrade': 'renewal',
  'Existing Customer - Replacement': 'renewal',
  Renewal: 'renewal',
  Expansion: 'expansion',
  Upsell: 'expansion',
};

export interface OpportunityMapOptions {
  fields?: Partial<Record<OpportunityField, string | null>>;
  /** StageName → Pillar stage (the tenant's picklist map). */
  stageMap?: Readonly<Record<string, PillarStage>>;
  /** The org's StageName picklist order (from describe); gives `stageOrder` (1-based). */
  stageOrder?: readonly string[];
  typeMap?: Readonly<Record<string, OpportunityType>>;
}

export const OPPORTUNITY_BOOKKEEPING = ['Id', 'IsDeleted', 'SystemModstamp', 'LastModifiedById', 'IsClosed', 'IsWon'] as const;

export function opportunitySoqlFields(options: OpportunityMapOptions = {}): string[] {
  return soqlFields(OPPORTUNITY_BOOKKEEPING, resolveSources(DEFAULT_OPPORTUNITY_SOURCES, options.fields));
}

/** Raw stage → Pillar stage and order, the way both opportunities and their stage history use it. */
export function pillarStage(
  rawStage: string,
  flags: { isClosed: boolean; isWon: boolean },
  options: Pick<OpportunityMapOptions, 'stageMap' | 'stageOrder'>,
): { stage: PillarStage; stageOrder: number | null; known: boolean } {
  const map = options.stageMap ?? DEFAULT_STAGE_MAP;
  const key = Object.hasOwn(map, rawStage) ? rawStage : Object.keys(map).find((k) => k.toLowerCase() === rawStage.toLowerCase());
  const order = (options.stageOrder ?? STANDARD_STAGE_ORDER).findIndex((s) => s.toLowerCase() === rawStage.toLowerCase());
  const stageOrder = order >= 0 ? order + 1 : null;
  if (key !== undefined) return { stage: map[key] as PillarStage, stageOrder, known: true };
  return { stage: classifyStage(rawStage, flags.isClosed, flags.isWon), stageOrder, known: false };
}

export function mapOpportunity(input: unknown, options: OpportunityMapOptions = {}): MapResult<SalesforceMappedOpportunity> {
  const src = resolveSources(DEFAULT_OPPORTUNITY_SOURCES, options.fields);
  return mapRecord(input, 'Opportunity', (r) => {
    const isClosed = r.boolean('IsClosed') ?? false;
    const isWon = r.boolean('IsWon') ?? false;
    const rawStage = r.requiredText(src.stage ?? 'StageName');
    const stage = pillarStage(rawStage, { isClosed, isWon }, options);
    if (!stage.known) {
      r.note('UNKNOWN_PICKLIST', src.stage ?? 'StageName', `stage "${rawStage}" is not in the stage map; classified as ${stage.stage}`);
    }
    let probability: number | null = src.probability ? r.number(src.probability) : null;
    if (probability !== null && (probability < 0 || probability > 100)) {
      r.note('OUT_OF_RANGE', src.probability ?? 'Probability', `probability ${probability} is outside 0–100; ignored`);
      probability = null;
    }
    const rawForecast = src.forecastCategory ? r.text(src.forecastCategory) : null;
    const forecastCategory = forecastCategoryFromSalesforce(rawForecast);
    if (rawForecast !== null && forecastCategory === null) {
      r.note('UNKNOWN_PICKLIST', src.forecastCategory ?? 'ForecastCategoryName', `forecast category "${rawForecast}" has no Pillar category`);
    }
    const type = src.type ? r.picklist<OpportunityType>(src.type, options.typeMap ?? DEFAULT_OPPORTUNITY_TYPE_MAP, 'unknown') : null;
    const closeDate = src.closeDate ? r.date(src.closeDate) : null;
    const stageEnteredAt = src.stageEnteredAt ? r.instant(src.stageEnteredAt) : null;
    const deleted = r.boolean('IsDeleted') ?? false;
    const row: MirrorOpportunity = {
      externalId: r.record.Id,
      accountExternalId: src.accountExternalId ? r.id(src.accountExternalId) : null,
      ownerExternalId: src.ownerExternalId ? r.id(src.ownerExternalId) : null,
      name: src.name ? r.requiredText(src.name) : r.record.Id,
      stage: stage.stage,
      rawStage,
      stageOrder: stage.stageOrder,
      type: type && type.raw !== null ? type.value : null,
      amount: src.amount ? r.number(src.amount) : null,
      closeDate,
      probability: probability === null ? null : probability / 100,
      forecastCategory,
      nextStep: src.nextStep ? r.text(src.nextStep) : null,
      competitor: src.competitor ? r.text(src.competitor) : null,
      isClosed,
      isWon,
      closeDatePushes: src.closeDatePushes ? r.count(src.closeDatePushes) : null,
      stageEnteredAt,
      closedAt: isClosed ? (stageEnteredAt ?? (closeDate ? `${closeDate}T00:00:00.000Z` : null)) : null,
      crmCreatedAt: src.crmCreatedAt ? r.instant(src.crmCreatedAt) : null,
      deletedAt: deleted ? r.requiredInstant('SystemModstamp') : null,
    };
    return { row };
  });
}
