// Exam statistics as Moodle's quiz statistics report defines them, computed from graded attempts.
// Pure functions over plain numbers, so they can be checked by hand.

export type ItemScores = {
  /** Each attempt's fraction on this item (0..1), aligned with `totals`. */
  fractions: number[];
  /** Points the item is worth in each of those attempts. */
  points: number[];
  /** Each attempt's total score. */
  totals: number[];
};

export function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Sample standard deviation (n − 1), as Moodle uses. */
export function sd(xs: number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Facility index: the mean score on the item as a percentage of its maximum. */
export function facilityIndex(item: ItemScores): number {
  return mean(item.fractions) * 100;
}

/**
 * Discrimination index: the correlation (×100) between the score on this item and the score on the
 * rest of the test (total minus this item), so the item is not correlated with itself.
 */
export function discriminationIndex(item: ItemScores): number {
  const x = item.fractions.map((f, i) => f * item.points[i]!);
  const y = item.totals.map((t, i) => t - x[i]!);
  const n = x.length;
  if (n < 2) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  for (let i = 0; i < n; i++) sxy += (x[i]! - mx) * (y[i]! - my);
  const sx = sd(x);
  const sy = sd(y);
  if (!(sx > 0) || !(sy > 0)) return NaN;
  return (sxy / (n - 1) / (sx * sy)) * 100;
}

/** Counts of scores (as percentages) in bands of `width` points: [0,10), [10,20) … [90,100]. */
export function distribution(percents: number[], width = 10): { from: number; to: number; count: number }[] {
  const bands = Math.ceil(100 / width);
  const out = Array.from({ length: bands }, (_, i) => ({ from: i * width, to: Math.min(100, (i + 1) * width), count: 0 }));
  for (const p of percents) {
    const i = Math.min(bands - 1, Math.max(0, Math.floor(p / width)));
    out[i]!.count++;
  }
  return out;
}
