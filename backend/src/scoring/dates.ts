const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → that day at 00:00 UTC; null for null or a malformed day. */
export function dayToDate(day: string | null): Date | null {
  if (day === null || !DAY.test(day)) return null;
  const d = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The UTC calendar day of an instant, 'YYYY-MM-DD'. */
export function utcDay(at: Date | number): string {
  return new Date(typeof at === 'number' ? at : at.getTime()).toISOString().slice(0, 10);
}
