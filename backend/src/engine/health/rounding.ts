/**
 * Splits a total (in hundredths) across parts so the rounded parts add up to the total EXACTLY:
 * each part is the difference of consecutive rounded cumulative sums (O(n), no sort), and the last
 * part absorbs the rounding of the total itself. Every part stays within 0.01 of its exact value
 * (plus, for the last, the rounding of the total).
 */
export function distributeCents(
  parts: ArrayLike<number>,
  totalCents: number,
  n: number = parts.length,
  out: { [i: number]: number; readonly length: number } = new Array<number>(n),
): ArrayLike<number> {
  let cum = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    cum += parts[i]! * 100;
    const r = Math.round(cum);
    out[i] = r - prev;
    prev = r;
  }
  if (n > 0) out[n - 1] = out[n - 1]! + (totalCents - prev);
  return out;
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
