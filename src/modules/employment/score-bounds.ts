/**
 * Reading candidates best possible score first (her page: open-index/bound.ts in memory; an
 * opportunity's women: woman-bound.ts in SQL), stopping once no unread one could reach the lists.
 * A bound is never below the score the matcher gives; it decides only what is read or ranked, and
 * the matcher still scores every candidate it keeps.
 */
/**
 * Reads candidates best bound first: `read({ limit })` the `first` with the highest bound, ranked; if
 * there may be more, the lists' thresholds (the score an unread candidate would need to enter a
 * full list) say what else to read: `read({ atLeast, atMost })` the candidates whose bound reaches
 * it and is no higher than the last one read (every one higher was read), or every candidate while
 * a list is not full; all of them ranked again. Exact: a candidate left unread has a bound, so a
 * score, below the last score of each full list, and could enter neither.
 */
export async function bestFirst<R extends { bound: number }, T>(
  read: (opts: { limit?: number; atLeast?: number; atMost?: number }) => Promise<R[]>,
  key: (row: R) => string,
  rank: (rows: R[]) => Promise<T> | T,
  threshold: (ranked: T) => number | null,
  first: number,
): Promise<{ rows: R[]; ranked: T }> {
  const rows = await read({ limit: first });
  const ranked = await rank(rows);
  if (rows.length < first) return { rows, ranked };
  const t = threshold(ranked);
  const last = rows.at(-1)!.bound;
  if (t !== null && last < t) return { rows, ranked };
  const seen = new Set(rows.map(key));
  const more = (await read({ atLeast: t ?? undefined, atMost: last })).filter((r) => !seen.has(key(r)));
  const all = [...rows, ...more];
  return { rows: all, ranked: await rank(all) };
}

/** The score a candidate needs to enter both lists: null while either is not full. */
export function listsThreshold(lists: { scores: number[]; size: number }[]): number | null {
  let t = Number.POSITIVE_INFINITY;
  for (const l of lists) {
    if (l.scores.length < l.size) return null;
    t = Math.min(t, l.scores[l.size - 1]!);
  }
  return t;
}
