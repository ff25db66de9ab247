/**
 * Noise control for real-time notifications (pure, injected `now`): quiet hours in the person's own time zone
 * defer a message to the end of the quiet window (it is not dropped), and a daily budget caps how many
 * real-time messages a person gets per local day (over budget, the signal waits in the feed and the digest).
 */

export interface DeliveryPreferences {
  readonly timezone: string;
  /** 'HH:MM' local; both null = no quiet hours. The window may wrap midnight (22:00–07:00). */
  readonly quietHoursStart: string | null;
  readonly quietHoursEnd: string | null;
  readonly dailyBudget: number;
}

export type DeliveryDecision = { action: 'send' } | { action: 'defer'; until: Date; reason: 'quiet_hours' } | { action: 'skip'; reason: 'budget' };

const MINUTE = 60_000;

/** Local wall-clock parts of an instant in a time zone (falls back to UTC for an unknown zone). */
export function localParts(instant: Date, timezone: string): { minutesOfDay: number; seconds: number; ms: number } {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  } catch {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return { minutesOfDay: Number(parts.hour) * 60 + Number(parts.minute), seconds: Number(parts.second), ms: instant.getUTCMilliseconds() };
}

function parseClock(hhmm: string | null): number | null {
  if (!hhmm) return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The start of the person's local day (for the budget count). Days with a DST change may be off by its hour. */
export function startOfLocalDay(now: Date, timezone: string): Date {
  const p = localParts(now, timezone);
  return new Date(now.getTime() - p.minutesOfDay * MINUTE - p.seconds * 1000 - p.ms);
}

/** When the quiet window that contains `now` ends, or null when `now` is outside quiet hours. */
export function quietHoursEndAt(now: Date, prefs: Pick<DeliveryPreferences, 'timezone' | 'quietHoursStart' | 'quietHoursEnd'>): Date | null {
  const start = parseClock(prefs.quietHoursStart);
  const end = parseClock(prefs.quietHoursEnd);
  if (start === null || end === null || start === end) return null;
  const p = localParts(now, prefs.timezone);
  const m = p.minutesOfDay;
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return null;
  const minutesLeft = (end - m + 1440) % 1440;
  return new Date(now.getTime() + minutesLeft * MINUTE - p.seconds * 1000 - p.ms);
}

export function decideDelivery(args: { prefs: DeliveryPreferences; sentToday: number; now: Date }): DeliveryDecision {
  const quietEnd = quietHoursEndAt(args.now, args.prefs);
  if (quietEnd) return { action: 'defer', until: quietEnd, reason: 'quiet_hours' };
  if (args.sentToday >= args.prefs.dailyBudget) return { action: 'skip', reason: 'budget' };
  return { action: 'send' };
}
