/**
 * Display names and stable ids of the variables behind Pillar's variable-based scores (renewal risk, deal
 * risk, hygiene, forecast confidence, win probability). Account rules take theirs from the shared rule
 * catalog; these are the other scores' equivalents.
 */
export type VariableScore = 'renewal' | 'dealRisk' | 'hygiene' | 'confidence' | 'winProbability';

export const VARIABLE_ID_PREFIX: Readonly<Record<VariableScore, string>> = {
  renewal: 'REN',
  dealRisk: 'DR',
  hygiene: 'HY',
  confidence: 'CF',
  winProbability: 'WP',
};

export const VARIABLE_NAMES: Readonly<Record<VariableScore, Readonly<Record<string, string>>>> = {
  renewal: {
    engagementDecay: 'Engagement decay',
    supportBurden: 'Support burden',
    contractingLag: 'Contracting lag',
    execSponsorGap: 'Executive sponsor gap',
    nps: 'NPS',
    marketContext: 'Market context',
    stakeholderTurnover: 'Stakeholder turnover',
    paymentHistory: 'Payment history',
  },
  dealRisk: {
    closed: 'Deal closed',
    engagement: 'Engagement decay',
    stageVelocity: 'Stage velocity',
    champion: 'Champion silence',
    competition: 'Competitive pressure',
    pushes: 'Close-date pushes',
    closeDate: 'Close date',
  },
  hygiene: {
    stageVelocity: 'Time in stage',
    closeDateSlips: 'Close-date slips',
    nextStep: 'Next step',
    contactCoverage: 'Contact coverage',
    economicBuyer: 'Economic buyer',
    meetingRecency: 'Meeting recency',
  },
  confidence: {
    stageProbability: 'Stage probability',
    dealHygiene: 'Deal hygiene',
    engagementVelocity: 'Meetings in 30 days',
    competitorRisk: 'Competition',
    executiveEngagement: 'Executive engagement',
    historicalWinRate: 'Historical win rate',
    procurementAlignment: 'Procurement alignment',
  },
  winProbability: {
    base: 'Starting win rate',
    stageProgress: 'Stage progress',
    dealRisk: 'Deal risk',
    activity: 'Recent activity',
    age: 'Deal age',
    pushes: 'Close-date pushes',
    buyers: 'Buying roles on the deal',
  },
};

/** "stageVelocity" → "STAGE-VELOCITY". */
function kebabUpper(variable: string): string {
  return variable.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toUpperCase();
}

/** "stageVelocity" → "Stage velocity" (for a variable the table does not name). */
function sentenceCase(variable: string): string {
  const words = variable.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function variableId(score: VariableScore, variable: string): string {
  return `${VARIABLE_ID_PREFIX[score]}-${kebabUpper(variable)}`;
}

export function variableName(score: VariableScore, variable: string): string {
  return VARIABLE_NAMES[score][variable] ?? sentenceCase(variable);
}
