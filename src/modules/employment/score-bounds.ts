import { type SQL, sql } from 'drizzle-orm';
import type { ProfileForMatch } from './match.ts';
import { DEFAULT_WEIGHTS, SCORE_RULES } from './matching.ts';
import { opportunities } from './schema.ts';

/**
 * Upper bounds of the matcher's score (matching-score.ts, default weights) that the database can
 * work out, so that a page reads its best candidates first and stops once no unread one could
 * reach its lists (bestFirst). Never below the score the matcher gives: each part's points are
 * rounded up where the matcher rounds, and the distance part, which needs the journey, counts in
 * full. They decide only what is read; the matcher still scores every row read.
 */
const W = DEFAULT_WEIGHTS;
const neutral = (w: number) => Math.ceil(w * SCORE_RULES.neutral);
const short = 1 - SCORE_RULES.payShortfallAtZero;
const textArray = (xs: readonly string[]) =>
  sql`array[${sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;

/**
 * For her page: each open opportunity's best possible score for her. (Her page now ranks from memory
 * with open-index/bound.ts; this SQL form is no longer called and can go once branches are merged.)
 */
export function opportunityBound(p: ProfileForMatch): SQL {
  const o = opportunities;
  // How many of its skills she has, as the matcher counts them (each listed skill she has), without
  // a subquery per row: for each of her skills, where it appears in the opportunity's list.
  const hers = [...new Set(p.skills)];
  const matched = hers.length
    ? sql.join(
        hers.map((x) => sql`cardinality(array_positions(${o.skills}, ${x}::text))`),
        sql` + `,
      )
    : sql`0`;
  const skills = sql`case when cardinality(${o.skills}) = 0 then ${neutral(W.skills)}
    else ceil(${W.skills}::float8 * (${matched}) / cardinality(${o.skills})) end`;
  const sector = p.sectors.length
    ? sql`case when ${o.sector} = any(${textArray(p.sectors)}) then ${W.sector} else 0 end`
    : sql`${neutral(W.sector)}`;
  const need = p.payNeededPence;
  const pay = need
    ? sql`case when ${o.hourlyPayPence} is null then ${neutral(W.pay)}
        when ${o.hourlyPayPence} > ${need * short}::float8 then ${W.pay} else 0 end`
    : sql`${neutral(W.pay)}`;
  const asp = textArray(p.aspirations);
  const aspiration = p.aspirations.length
    ? sql`case when ${o.sector} = any(${asp}) or ${o.kind} = any(${asp}) or ${o.skills} && ${asp}
        then ${W.aspiration} else 0 end`
    : sql`${neutral(W.aspiration)}`;
  return sql`(${skills} + ${sector} + ${W.distance} + ${pay} + ${aspiration})::int`;
}

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
