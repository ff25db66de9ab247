import type { ForecastCategory } from '@pillar/shared';
import { classifyStage, type OpportunityInput, type StagePhase } from '../engine';

/**
 * The forecast category stored with a deal score. A won deal is WON; a lost one PROJECTION (the native
 * "Omitted"). An open deal keeps the category its CRM gives it (a "Closed" category on an open deal is
 * read as COMMIT); without one it follows its stage, as the CRMs' default stage → category mapping does.
 */
const BY_PHASE: Readonly<Record<StagePhase, ForecastCategory>> = {
  discover: 'PROJECTION',
  qualify: 'UPSIDE',
  develop: 'UPSIDE',
  proposal: 'PROBABLE',
  negotiation: 'COMMIT',
  closed_won: 'WON',
  closed_lost: 'PROJECTION',
};

export function forecastCategoryFor(opportunity: Pick<OpportunityInput, 'isClosed' | 'isWon' | 'forecastCategory' | 'stage'>): ForecastCategory {
  if (opportunity.isClosed) return opportunity.isWon ? 'WON' : 'PROJECTION';
  switch (opportunity.forecastCategory) {
    case 'closed':
    case 'commit':
      return 'COMMIT';
    case 'best_case':
      return 'PROBABLE';
    case 'pipeline':
      return 'UPSIDE';
    case 'omitted':
      return 'PROJECTION';
    case null:
      return BY_PHASE[classifyStage(opportunity.stage)];
  }
}
