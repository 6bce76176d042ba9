/** "Did you mean ...?" suggestions for misspelled keys and values. */

/**
 * Edit distance where swapping two neighbouring letters counts as one edit
 * (optimal string alignment): `imgae` is one edit from `image`. Keeps only the
 * last three rows of the table.
 */
export function editDistance(a: string, b: string): number {
  let beforePrevious = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      }
      current[j] = best;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length]!;
}

/** Short words tolerate fewer edits, so `foo` does not "mean" `pid`. */
function tolerance(word: string): number {
  if (word.length <= 2) return 0;
  if (word.length <= 4) return 1;
  if (word.length <= 7) return 2;
  return 3;
}

/** The candidate closest to `word` within tolerance (case differences are free), if any. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const maximum = tolerance(word);
  for (const candidate of candidates) {
    // The length difference alone already costs that many edits.
    if (Math.abs(candidate.length - word.length) > maximum) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance <= maximum) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
