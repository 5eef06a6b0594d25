/**
 * Matching she can trust, both ways, explained: for a woman the opportunities she could take, for
 * an opportunity the women who could take it. Pure functions of plain data, no database: the
 * service loads profiles and opportunities (already limited to what the user may see and to women
 * who consented to matching) and hands them here.
 *
 * 1. Hard gates (matching-gates.ts), each named when it fails, with an i18n key and its values:
 *    closing, right to work, term time, spoken English, written English, qualification, journey,
 *    hours, evaluated cheapest (or most often failing) first.
 * 2. A near miss fails exactly one gate by a small margin (NEAR_MISS) and says what would make it
 *    fit; near misses are listed apart from the fits.
 * 3. Among fits and near misses, a score (matching-score.ts) of weighted parts, every part shown
 *    with its weight and its points; the points are whole numbers and add up exactly to the score.
 *
 * Ranking runs over tens of thousands of items per page: the gates read numbers prepared once per
 * side (minutes since midnight, CEFR ranks), stop at the first hard failure, allocate nothing for an
 * item that is out, and keep only the best `limit` of each list; the full explanation (reasons,
 * parts, notes) is built for those alone, by the same functions matchOne uses.
 */
import { evaluate, explainFailures, matchNotes, OUT, PASS, Pair } from './matching-gates.ts';
import { DEFAULT_WEIGHTS, scoreOf, scoreParts, type Weights } from './matching-score.ts';
import type {
  GateFailure,
  Match,
  MatchNote,
  OpportunityForMatch,
  ScorePart,
  WorkProfile,
} from './matching-types.ts';

export { NEAR_MISS } from './matching-gates.ts';
export { fitsSchoolHours, SCHOOL_HOURS } from './matching-hours.ts';
export { aboutMinutes, distanceKm, JOURNEY, journeyMinutes } from './matching-journey.ts';
export { DEFAULT_WEIGHTS, SCORE_RULES, type Weights } from './matching-score.ts';
export * from './matching-types.ts';

export interface MatchOptions {
  /** How many of each list (fits, near misses) to explain; default 50. 0 only counts. */
  limit?: number;
  weights?: Partial<Weights>;
}

export interface Ranked {
  fits: Match[];
  nearMisses: Match[];
  /** How many fit and nearly fit in all, beyond `limit` (the digest's "fits N women"). */
  counts: { fits: number; nearMisses: number };
}

const weightsOf = (opts?: MatchOptions): Weights => ({ ...DEFAULT_WEIGHTS, ...opts?.weights });

function explain(c: Pair, today: string, w: Weights): Match {
  const failures: GateFailure[] = explainFailures(c, today);
  const nearMiss = failures.length === 1 && failures[0]!.nearMiss;
  const scored = failures.length === 0 || nearMiss;
  const parts: ScorePart[] = scored ? scoreParts(c, w) : [];
  const notes: MatchNote[] = matchNotes(c, today, failures);
  return {
    opportunityId: c.o.id,
    profileId: c.p.id,
    passes: failures.length === 0,
    failures,
    nearMiss,
    score: parts.reduce((sum, p) => sum + p.points, 0),
    parts,
    journeyMinutes: c.journey(),
    notes,
  };
}

/** One woman against one opportunity, every gate evaluated and explained. `today` is 'YYYY-MM-DD'. */
export function matchOne(
  profile: WorkProfile,
  opp: OpportunityForMatch,
  today: string,
  opts?: Pick<MatchOptions, 'weights'>,
): Match {
  const c = new Pair();
  c.setProfile(profile);
  c.setOpp(opp);
  return explain(c, today, weightsOf(opts));
}

interface Entry<T> {
  score: number;
  journey: number;
  id: string;
  item: T;
}

/**
 * Best first: higher score, then shorter journey (unknown last), then id (code-point order, so the
 * order never depends on the input's order or the locale).
 */
function before(score: number, journey: number, id: string, b: Entry<unknown>): boolean {
  if (score !== b.score) return score > b.score;
  if (journey !== b.journey) return journey < b.journey;
  return id < b.id;
}

/** The best `limit` entries, kept sorted; an entry worse than the last is dropped without allocating. */
class Best<T> {
  readonly list: Entry<T>[] = [];
  count = 0;
  constructor(private readonly limit: number) {}
  offer(score: number, journey: number | null, id: string, item: T) {
    this.count++;
    const list = this.list;
    const j = journey ?? Number.POSITIVE_INFINITY;
    if (list.length >= this.limit) {
      const last = list[list.length - 1];
      if (!last || !before(score, j, id, last)) return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = list[mid]!;
      // m stays ahead unless the new entry comes before it.
      if (before(score, j, id, m)) hi = mid;
      else lo = mid + 1;
    }
    list.splice(lo, 0, { score, journey: j, id, item });
    if (list.length > this.limit) list.pop();
  }
}

function rank<T extends { id: string }>(
  c: Pair,
  items: readonly T[],
  set: (item: T) => void,
  today: string,
  opts: MatchOptions | undefined,
  explainOne: (item: T) => Match,
): Ranked {
  const w = weightsOf(opts);
  const limit = Math.max(0, opts?.limit ?? 50);
  const fits = new Best<T>(limit);
  const near = new Best<T>(limit);
  for (const item of items) {
    set(item);
    const status = evaluate(c, today);
    if (status === OUT) continue;
    (status === PASS ? fits : near).offer(scoreOf(c, w), c.journey(), item.id, item);
  }
  return {
    fits: fits.list.map((e) => explainOne(e.item)),
    nearMisses: near.list.map((e) => explainOne(e.item)),
    counts: { fits: fits.count, nearMisses: near.count },
  };
}

/** For a woman: the opportunities she could take (best first), and the near misses apart. */
export function rankOpportunities(
  profile: WorkProfile,
  opps: readonly OpportunityForMatch[],
  today: string,
  opts?: MatchOptions,
): Ranked {
  const c = new Pair();
  c.setProfile(profile);
  const w = weightsOf(opts);
  return rank(
    c,
    opps,
    (o) => c.setOpp(o),
    today,
    opts,
    (o) => {
      c.setOpp(o);
      return explain(c, today, w);
    },
  );
}

/** For an opportunity: the women who could take it (best first), and the near misses apart. */
export function rankWomen(
  opp: OpportunityForMatch,
  profiles: readonly WorkProfile[],
  today: string,
  opts?: MatchOptions,
): Ranked {
  const c = new Pair();
  c.setOpp(opp);
  const w = weightsOf(opts);
  return rank(
    c,
    profiles,
    (p) => c.setProfile(p),
    today,
    opts,
    (p) => {
      c.setProfile(p);
      return explain(c, today, w);
    },
  );
}

/**
 * For an opportunity: the ids of the best `limit` women who fit and who nearly fit, in rankWomen's
 * order, explaining none (for a first ranking that only decides whom to look at more closely).
 */
export function orderWomen(
  opp: OpportunityForMatch,
  profiles: readonly WorkProfile[],
  today: string,
  opts?: MatchOptions,
): { fits: string[]; nearMisses: string[]; counts: Ranked['counts'] } {
  const c = new Pair();
  c.setOpp(opp);
  const ids: string[][] = [];
  const r = rank(
    c,
    profiles,
    (p) => c.setProfile(p),
    today,
    opts,
    (p) => ({ profileId: p.id }) as Match,
  );
  for (const list of [r.fits, r.nearMisses]) ids.push(list.map((m) => m.profileId));
  return { fits: ids[0]!, nearMisses: ids[1]!, counts: r.counts };
}
