/** "Did you mean" suggestions by edit distance. */

/** Suggestions are made up to this edit distance. */
export const MAX_SUGGEST_DISTANCE = 2;

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent
 * transpositions, so `fial` is one edit from `fail`), or `limit + 1` as soon
 * as it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length] ?? limit + 1;
}

/**
 * The closest candidate (case-insensitive; the first wins a tie) within
 * MAX_SUGGEST_DISTANCE edits, and only when fewer than half of the word's
 * characters change: `foo` is not a typo of `boot`.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const length = Array.from(w).length;
  let best: string | undefined;
  let bestDistance = MAX_SUGGEST_DISTANCE + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), MAX_SUGGEST_DISTANCE);
    if (d < bestDistance && 2 * d < length) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
