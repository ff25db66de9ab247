import type { AccountSignalsInput } from '../features/inputs';
import type { StarbridgeEvent } from './starbridge-event';

/**
 * Per-account intent facts distilled from STARBRIDGE events, for the scoring rules that read intent and
 * market context (INT-003 grants, INT-007 RFPs, INT-011 board mentions, RSK-002 budget decline) and for the
 * account signals. Pure: events and `now` in.
 */
export interface StarbridgeAccountFacts {
  readonly accountId: string;
  readonly rfpActive: boolean;
  readonly rfpDueInDays: number | null;
  readonly grantWindowOpen: boolean;
  readonly grantWindowClosesInDays: number | null;
  /** Latest reported year-over-year budget change in the last 365 days. */
  readonly budgetTrendPct: number | null;
  readonly keyContactDepartures90d: number;
  readonly boardMentions90d: number;
  readonly lastEventAt: Date;
}

const DAY = 86_400_000;
/** An RFP without a due date counts as active this long after publication. */
export const RFP_ACTIVE_DAYS = 90;
/** A grant without a window end counts as spendable this long after the award. */
export const GRANT_WINDOW_DAYS = 180;

function endOfDay(isoDate: string): number {
  return Date.parse(`${isoDate}T23:59:59.999Z`);
}

export function starbridgeFactsByAccount(events: readonly StarbridgeEvent[], now: Date): Map<string, StarbridgeAccountFacts> {
  const t = now.getTime();
  const byAccount = new Map<string, StarbridgeEvent[]>();
  for (const e of events) {
    if (!e.accountId || Date.parse(e.occurredAt) > t) continue;
    byAccount.set(e.accountId, [...(byAccount.get(e.accountId) ?? []), e]);
  }
  const facts = new Map<string, StarbridgeAccountFacts>();
  for (const [accountId, list] of byAccount) {
    list.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    let rfpDue: number | null = null;
    let rfpActive = false;
    let grantCloses: number | null = null;
    let grantOpen = false;
    let budgetTrendPct: number | null = null;
    let departures = 0;
    let board = 0;
    for (const e of list) {
      const age = (t - Date.parse(e.occurredAt)) / DAY;
      switch (e.type) {
        case 'rfp_published': {
          const end = e.data.dueDate ? endOfDay(e.data.dueDate) : Date.parse(e.occurredAt) + RFP_ACTIVE_DAYS * DAY;
          if (end >= t) {
            rfpActive = true;
            const inDays = (end - t) / DAY;
            rfpDue = rfpDue === null ? inDays : Math.min(rfpDue, inDays);
          }
          break;
        }
        case 'grant_awarded': {
          const end = e.data.windowClosesOn ? endOfDay(e.data.windowClosesOn) : Date.parse(e.occurredAt) + GRANT_WINDOW_DAYS * DAY;
          if (end >= t) {
            grantOpen = true;
            const inDays = (end - t) / DAY;
            grantCloses = grantCloses === null ? inDays : Math.max(grantCloses, inDays);
          }
          break;
        }
        case 'budget_change':
          if (age <= 365) budgetTrendPct = e.data.changePct;
          break;
        case 'key_contact_departure':
          if (age <= 90) departures++;
          break;
        case 'board_meeting_mention':
          if (age <= 90) board++;
          break;
      }
    }
    facts.set(accountId, {
      accountId,
      rfpActive,
      rfpDueInDays: rfpDue === null ? null : Math.floor(rfpDue),
      grantWindowOpen: grantOpen,
      grantWindowClosesInDays: grantCloses === null ? null : Math.floor(grantCloses),
      budgetTrendPct,
      keyContactDepartures90d: departures,
      boardMentions90d: board,
      lastEventAt: new Date(list[list.length - 1]!.occurredAt),
    });
  }
  return facts;
}

/** The facts as enrichment fields of the feature builder's account input (merge over CRM-provided values). */
export function starbridgeEnrichment(facts: StarbridgeAccountFacts): Partial<AccountSignalsInput> {
  return {
    rfpActive: facts.rfpActive,
    grantWindowOpen: facts.grantWindowOpen,
    grantWindowClosesInDays: facts.grantWindowClosesInDays,
    boardMentions90d: facts.boardMentions90d,
    ...(facts.budgetTrendPct === null ? {} : { budgetTrendPct: facts.budgetTrendPct }),
  };
}
