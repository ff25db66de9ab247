// OpportunityHistory → mirror stage changes. Salesforce writes a history row whenever stage, amount, close
// date, probability or forecast category change; Pillar keeps the rows where the Pillar stage changed
// (from → to), threading the previous stage per opportunity through the batch (and from `previousStage`
// for the first row of an incremental batch).
import type { MirrorStageChange } from '../mirror/rows';
import { sourceHash } from '../mirror/source-hash';
import { mapRecord } from './map-fields';
import { pillarStage, type OpportunityMapOptions } from './map-opportunity';
import type { MapResult, SalesforceMappedStageChange, SalesforceRowMeta } from './types';

export const STAGE_HISTORY_FIELDS = [
  'Id', 'IsDeleted', 'SystemModstamp', 'CreatedById', 'CreatedDate', 'OpportunityId', 'StageName', 'Amount', 'CloseDate',
  'Probability', 'ForecastCategory',
] as const;

export interface StageHistoryMapOptions extends Pick<OpportunityMapOptions, 'stageMap' | 'stageOrder'> {
  /** The raw StageName an opportunity had before this batch (e.g. from the mirror), if known. */
  previousStage?: (opportunityExternalId: string) => string | null | undefined;
}

/**
 * Maps a batch of history rows. Returns one result per stage change (rejected rows included, as
 * `{ ok: false }`), in (opportunity, time) order; rows that changed only amount/date/probability, or moved
 * between two raw stages with the same Pillar stage, produce nothing.
 */
export function mapStageHistory(records: readonly unknown[], options: StageHistoryMapOptions = {}): Array<MapResult<SalesforceMappedStageChange>> {
  const mapped: Array<{ index: number; row: MirrorStageChange; meta: SalesforceRowMeta }> = [];
  const rejected: Array<MapResult<SalesforceMappedStageChange>> = [];
  records.forEach((input, index) => {
    const result = mapRecord(input, 'OpportunityHistory', (r) => {
      const opportunityId = r.id('OpportunityId') ?? r.requiredText('OpportunityId');
      const rawStage = r.requiredText('StageName');
      const forecast = r.text('ForecastCategory');
      const isWon = forecast === 'Closed';
      const isClosed = isWon || (forecast === 'Omitted' && r.number('Probability') === 0);
      const stage = pillarStage(rawStage, { isClosed, isWon }, options);
      if (!stage.known) r.note('UNKNOWN_PICKLIST', 'StageName', `stage "${rawStage}" is not in the stage map; classified as ${stage.stage}`);
      const row: MirrorStageChange = {
        externalId: r.record.Id,
        opportunityExternalId: opportunityId,
        fromStage: null,
        toStage: stage.stage,
        amount: r.number('Amount'),
        closeDate: r.date('CloseDate'),
        changedAt: r.requiredInstant('CreatedDate'),
      };
      return { row, modifiedByPath: 'CreatedById' };
    });
    if (result.ok) mapped.push({ index, row: result.row, meta: result.meta });
    else rejected.push(result);
  });
  mapped.sort((a, b) => {
    if (a.row.opportunityExternalId !== b.row.opportunityExternalId) return a.row.opportunityExternalId < b.row.opportunityExternalId ? -1 : 1;
    if (a.row.changedAt !== b.row.changedAt) return a.row.changedAt < b.row.changedAt ? -1 : 1;
    return a.index - b.index;
  });
  const out: Array<MapResult<SalesforceMappedStageChange>> = [];
  let currentOpp: string | null = null;
  let previous: string | null = null;
  for (const m of mapped) {
    if (m.row.opportunityExternalId !== currentOpp) {
      currentOpp = m.row.opportunityExternalId;
      const before = options.previousStage?.(currentOpp) ?? null;
      previous = before === null ? null : pillarStage(before, { isClosed: false, isWon: false }, options).stage;
    }
    if (previous === m.row.toStage) continue;
    const row: MirrorStageChange = { ...m.row, fromStage: previous };
    out.push({ ok: true, row, meta: { ...m.meta, sourceHash: sourceHash(row) } });
    previous = m.row.toStage;
  }
  return [...out, ...rejected];
}
