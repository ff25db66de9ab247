import type { BuyingRole } from '@pillar/shared';

/** How well a buying role fits the people who sign and sponsor a purchase (FIT-012). */
export const ROLE_PERSONA_SCORE: Readonly<Record<BuyingRole, number>> = {
  economic_buyer: 100,
  exec_sponsor: 95,
  champion: 90,
  technical_buyer: 70,
  influencer: 60,
  end_user: 40,
  unknown: 30,
  blocker: 10,
};

const TITLE_TIERS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [85, ['deputy', 'assistant superintendent', 'associate superintendent']],
  [95, ['superintendent', 'chief', 'ceo', 'cfo', 'cio', 'cto', 'coo', 'president', 'founder', 'owner']],
  [85, ['vice president', 'vp', 'svp', 'evp', 'head of', 'general manager']],
  [70, ['director']],
  [50, ['manager', 'lead', 'principal']],
];

/**
 * Title persona score: the published defaults ("superintendent, chief" 95, "deputy, assistant
 * superintendent" 85) extended to common B2B titles. Deputy titles are checked first so that
 * "Deputy Superintendent" is not read as a superintendent. Unknown titles score 30.
 */
export function titlePersonaScore(title: string | null): number | null {
  if (title === null || title.trim() === '') return null;
  const t = ` ${title.toLowerCase()} `;
  for (const [score, words] of TITLE_TIERS) {
    for (const w of words) {
      if (w.length <= 3 ? t.includes(` ${w} `) || t.includes(` ${w},`) : t.includes(w)) return score;
    }
  }
  return 30;
}

/** Persona fit of one contact: the mean of its role score and title score (either alone if one is unknown). */
export function personaFit(role: BuyingRole | null, title: string | null): number | null {
  const r = role === null ? null : ROLE_PERSONA_SCORE[role];
  const ts = titlePersonaScore(title);
  if (r === null) return ts;
  if (ts === null) return r;
  return (r + ts) / 2;
}
