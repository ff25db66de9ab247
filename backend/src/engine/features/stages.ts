/**
 * Canonical stage phases. CRMs name stages freely ("Prospecting", "Discovery", "Engaging", "Proposal/Price
 * Quote"…); rules that speak of "late stage" or "early stage" need one vocabulary. The CRM's own picklist
 * order, when known, is kept separately for velocity and skip checks.
 */
export const STAGE_PHASES = ['discover', 'qualify', 'develop', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
export type StagePhase = (typeof STAGE_PHASES)[number];

/** Ordinal of each phase; closed_lost has no place in the forward order. */
export const PHASE_ORDER: Readonly<Record<StagePhase, number>> = {
  discover: 0,
  qualify: 1,
  develop: 2,
  proposal: 3,
  negotiation: 4,
  closed_won: 5,
  closed_lost: -1,
};

const PHASE_KEYWORDS: ReadonlyArray<readonly [StagePhase, readonly string[]]> = [
  ['closed_won', ['closed won', 'won', 'closedwon', 'signed', 'booked']],
  ['closed_lost', ['closed lost', 'lost', 'closedlost', 'disqualified', 'no decision', 'dead']],
  ['negotiation', ['negotiat', 'contract', 'legal', 'procurement', 'commit', 'verbal']],
  ['proposal', ['proposal', 'quote', 'pricing', 'price']],
  ['develop', ['develop', 'solution', 'demo', 'evaluat', 'engag', 'presentation', 'technical', 'validation', 'poc', 'trial', 'perception', 'value']],
  ['qualify', ['qualif', 'discovery', 'needs', 'analysis', 'id. decision']],
  ['discover', ['prospect', 'lead', 'new', 'discover', 'appointment', 'open', 'initial']],
];

/** Maps a CRM stage label to a canonical phase; unknown labels are treated as the earliest phase. */
export function classifyStage(stage: string, isClosed = false, isWon = false): StagePhase {
  if (isClosed) return isWon ? 'closed_won' : 'closed_lost';
  const s = stage.trim().toLowerCase();
  for (const [phase, words] of PHASE_KEYWORDS) {
    for (const w of words) {
      if (s.includes(w)) {
        // An open deal cannot be in a closed phase whatever its label says.
        if (phase === 'closed_won' || phase === 'closed_lost') return 'negotiation';
        return phase;
      }
    }
  }
  return 'discover';
}

/** "Late stage" per the published handoff rules: Proposal, Negotiation or Closed Won. */
export function isLatePhase(phase: StagePhase): boolean {
  return phase === 'proposal' || phase === 'negotiation' || phase === 'closed_won';
}

/** Normalised key used to look stages up in tenant benchmarks. */
export function stageKey(stage: string): string {
  return stage.trim().toLowerCase();
}
