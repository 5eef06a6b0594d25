/**
 * Whole-cohort mentor matching, pure: no database, no I/O. Rules score each mentee–mentor pair (points
 * for aspiration, skills, language, availability, meeting distance and the mentor's load) or
 * disqualify it (same organisation, declared conflict, a pairing that ended badly, an excluded pair,
 * no shared language, no shared time, no way to meet); then one optimal assignment over the whole
 * cohort, with each mentor's capacity, maximises the total score. Every pair carries each rule's part
 * and every unmatched person the reason, so a programme manager can review the drafts.
 *
 * The idea of rules that add points or disqualify follows the open-source "mentor-match" (MIT); no code
 * is taken from it. Where it runs the Hungarian method in rounds for mentors with more than one
 * mentee, this solves the whole cohort at once as a minimum-cost flow (matching-flow.ts), which is
 * exactly optimal with capacity.
 *
 * The capacity rule is the one rule about the whole assignment: a mentor's first place is worth the
 * full weight, and each further place less (1 − l/capacity for her (l+1)-th mentee), so with equal fit
 * mentees are spread across mentors rather than piled on a few. A mentor's load points are shared
 * evenly between her mentees' pairs. Capacity itself is a hard limit.
 *
 * Scores are kept in integer hundredths of a point: each part's points are weight × value rounded to
 * the nearest hundredth, and a pair's score is the exact sum of its parts (compare `Math.round(x * 100)`
 * of each; the floats shown are those integers / 100). Ties: people are taken in id order (so where
 * two mentees would score the same in a contested place, the lower id generally keeps it), and the
 * same input always gives the same drafts, whatever order it came in. Memory: about 6 bytes per mentee–mentor pair (18 MB for 2,000 × 1,500).
 */
import { solveAssignment } from './matching-flow.ts';
import {
  type Encoded,
  encode,
  newRating,
  pairRules,
  type Rating,
  rate,
  ruleReasonKeys,
} from './matching-rules.ts';

export type RuleName = 'aspiration' | 'skills' | 'language' | 'availability' | 'distance' | 'capacity';
export const ruleNames: readonly RuleName[] = [...pairRules, 'capacity'];

export interface Weights {
  aspiration: number;
  skills: number;
  language: number;
  availability: number;
  distance: number;
  capacity: number;
}
/**
 * What a new programme starts with: sector fit and skills count most. On the weights form's scale
 * (0 to 10 each), so a perfect pair scores 12; the engine itself accepts any weight up to maxWeight.
 */
export const defaultWeights: Weights = {
  aspiration: 3,
  skills: 3,
  language: 2,
  availability: 2,
  distance: 1,
  capacity: 1,
};
/** The largest weight matching accepts (it refuses anything else with a RangeError). */
export const maxWeight = 100;

export interface Mentor {
  id: string;
  organisationIds: string[];
  sectors: string[];
  skills: string[];
  languages: string[];
  /** Times of the week, e.g. 'mon-am', 'tue-pm', 'sat-eve'; any strings, compared case-insensitively. */
  availability: string[];
  mode: 'online' | 'in_person' | 'either';
  point: { lat: number; lng: number } | null;
  maxTravelKm: number;
  /** How many mentees at once (1–3 in practice; any whole number ≥ 0 works). */
  capacity: number;
  /** Mentee ids the mentor declared a conflict of interest with. */
  conflicts: string[];
}

export interface Mentee {
  id: string;
  organisationIds: string[];
  /** Sectors she aims at, her first choice first. */
  aspirations: string[];
  goalSkills: string[];
  languages: string[];
  interpreterAvailable: boolean;
  availability: string[];
  mode: 'online' | 'in_person' | 'either';
  point: { lat: number; lng: number } | null;
}

export interface Part {
  rule: RuleName;
  weight: number;
  /** 0..1 */
  value: number;
  /** weight × value, rounded to the hundredth (the capacity part: this pair's share of the mentor's load points). */
  points: number;
  /** An i18n key (see reasonKeys), with `detail` for its interpolation. */
  reason: string;
  detail?: Record<string, string | number>;
}

export type DisqualifierCode =
  | 'same_organisation'
  | 'conflict'
  | 'ended_badly'
  | 'excluded'
  | 'no_shared_language'
  | 'no_availability_overlap'
  | 'too_far'
  /** One side meets only online, the other only in person. */
  | 'mode_mismatch';
export const disqualifierCodes: readonly DisqualifierCode[] = [
  'same_organisation',
  'conflict',
  'ended_badly',
  'excluded',
  'no_shared_language',
  'no_availability_overlap',
  'too_far',
  'mode_mismatch',
];
export interface Disqualifier {
  code: DisqualifierCode;
  detail?: Record<string, string | number>;
}

export type Pair = [menteeId: string, mentorId: string];

export interface MatchInput {
  mentees: Mentee[];
  mentors: Mentor[];
  weights: Weights;
  /** Pairs the manager fixed: made first, counted against capacity; never against a disqualifier. */
  pinned: Pair[];
  excluded: Pair[];
  endedBadly: Pair[];
  /** Pairs kept as they are on a re-pair run (made first, like pins). */
  held?: Pair[];
}

export interface MatchedPair {
  menteeId: string;
  mentorId: string;
  score: number;
  parts: Part[];
  pinned: boolean;
  held: boolean;
}

export interface UnmatchedMentee {
  id: string;
  /**
   * 'capacity': she could be paired, but the places went where they scored more (or there are none).
   * Otherwise why no mentor qualifies: each disqualifier with the number of mentors it ruled out
   * (detail.mentors), most first; or, for a pin or held pair the rules refused, that pair's own reasons.
   */
  why: Disqualifier[] | 'capacity';
  /** Set when she was pinned (or held) to this mentor and the pair could not be made. */
  refusedMentorId?: string;
}

export interface MatchResult {
  /** By mentee id. */
  pairs: MatchedPair[];
  unmatchedMentees: UnmatchedMentee[];
  /** `why` is an i18n key (unusedReasonKeys). */
  unusedMentors: Array<{ id: string; why: string }>;
  /** The sum of the pairs' scores (exact in hundredths). */
  total: number;
}

export const unusedReasonKeys = {
  noCapacity: 'mentoring.matchReasons.unused.noCapacity',
  noneQualified: 'mentoring.matchReasons.unused.noneQualified',
  notNeeded: 'mentoring.matchReasons.unused.notNeeded',
} as const;
/** The i18n key of a disqualifier (its detail, if any, interpolates into it). */
export const disqualifierKey = (code: DisqualifierCode) => `mentoring.matchReasons.disqualified.${code}`;
/** Every i18n key matching can return, for a locale test. */
export const reasonKeys: readonly string[] = [
  ...Object.values(ruleReasonKeys),
  ...Object.values(unusedReasonKeys),
  ...disqualifierCodes.map(disqualifierKey),
];

export interface MatchOptions {
  /** Mentors kept per mentee in the first sparse graph (default 32; see matchCohort); the answer does not depend on it, only the time. */
  candidates?: number;
}

function weightsInHundredths(w: Weights): Float64Array {
  return Float64Array.from(ruleNames, (rule) => {
    const v = w[rule];
    if (!Number.isFinite(v) || v < 0 || v > maxWeight)
      throw new RangeError(`weight ${rule} must be a number from 0 to ${maxWeight}`);
    return v * 100;
  });
}

const places = (capacity: number) => (Number.isFinite(capacity) ? Math.max(0, Math.floor(capacity)) : 0);

/** The capacity rule: a mentor's l-th place (from 0) is worth 1 − l/capacity, so load is spread. */
const slotPoints = (cap100: number, l: number, capacity: number) => Math.round(cap100 * (1 - l / capacity));

const BLOCK = { same_organisation: 1, conflict: 2, ended_badly: 4, excluded: 8 } as const;
const blockCodes = Object.keys(BLOCK) as (keyof typeof BLOCK)[];

function blockMatrix(
  mentees: readonly Mentee[],
  mentors: readonly Mentor[],
  lists: { endedBadly: Pair[]; excluded: Pair[] },
): Uint8Array {
  const n = mentees.length;
  const m = mentors.length;
  const block = new Uint8Array(n * m);
  const menteeAt = new Map(mentees.map((e, i) => [e.id, i]));
  const mentorAt = new Map(mentors.map((r, j) => [r.id, j]));
  const orgs = new Map<string, { e: Set<number>; r: Set<number> }>();
  const org = (id: string) => {
    let o = orgs.get(id);
    if (!o) {
      o = { e: new Set(), r: new Set() };
      orgs.set(id, o);
    }
    return o;
  };
  mentees.forEach((e, i) => {
    for (const id of e.organisationIds) org(id).e.add(i);
  });
  mentors.forEach((r, j) => {
    for (const id of r.organisationIds) org(id).r.add(j);
    for (const id of r.conflicts) {
      const i = menteeAt.get(id);
      if (i !== undefined) block[i * m + j]! |= BLOCK.conflict;
    }
  });
  for (const { e, r } of orgs.values())
    for (const i of e) for (const j of r) block[i * m + j]! |= BLOCK.same_organisation;
  const mark = (pairs: Pair[], bit: number) => {
    for (const [menteeId, mentorId] of pairs) {
      const i = menteeAt.get(menteeId);
      const j = mentorAt.get(mentorId);
      if (i !== undefined && j !== undefined) block[i * m + j]! |= bit;
    }
  };
  mark(lists.endedBadly, BLOCK.ended_badly);
  mark(lists.excluded, BLOCK.excluded);
  return block;
}

/** A cohort ready to rate: sorted people, encoded lists, blocks and weights. */
class Cohort {
  readonly n: number;
  readonly m: number;
  readonly x: Encoded;
  readonly block: Uint8Array;
  readonly w100: Float64Array;
  constructor(
    readonly mentees: readonly Mentee[],
    readonly mentors: readonly Mentor[],
    weights: Weights,
    lists: { endedBadly: Pair[]; excluded: Pair[] },
  ) {
    this.n = mentees.length;
    this.m = mentors.length;
    this.w100 = weightsInHundredths(weights);
    this.x = encode(mentees, mentors);
    this.block = blockMatrix(mentees, mentors, lists);
  }
  /** The five pair rules' points in hundredths, or -1 when disqualified. */
  base(i: number, j: number): number {
    return this.block[i * this.m + j] ? -1 : rate(this.x, i, j, this.w100, null);
  }
  /** Every rule and every disqualifier of the pair. */
  explain(i: number, j: number, detailed = true): Rating {
    const out = newRating(detailed);
    const b = this.block[i * this.m + j]!;
    if (b) {
      const blocks: Disqualifier[] = [];
      for (const code of blockCodes)
        if (b & BLOCK[code]) {
          if (code === 'same_organisation' && detailed) {
            const mine = new Set(this.mentors[j]!.organisationIds);
            const shared = this.mentees[i]!.organisationIds.find((o) => mine.has(o))!;
            blocks.push({ code, detail: { organisation: shared } });
          } else blocks.push({ code });
        }
      out.disqualifiers.push(...blocks);
    }
    rate(this.x, i, j, this.w100, out);
    return out;
  }
  parts(rating: Rating): { parts: Part[]; points: number } {
    const parts: Part[] = [];
    let points = 0;
    pairRules.forEach((rule, k) => {
      const p = rating.points[k]!;
      points += p;
      const part: Part = {
        rule,
        weight: this.w100[k]! / 100,
        value: rating.values[k]!,
        points: p / 100,
        reason: rating.reasons[k]!,
      };
      if (rating.details[k]) part.detail = rating.details[k];
      parts.push(part);
    });
    return { parts, points };
  }
  capacityPart(j: number, load: number, share: number): Part {
    const capacity = places(this.mentors[j]!.capacity);
    let value = 0;
    for (let l = 0; l < load; l++) value += capacity > 0 ? 1 - l / capacity : 0;
    return {
      rule: 'capacity',
      weight: this.w100[5]! / 100,
      value: value / load,
      points: share / 100,
      reason: ruleReasonKeys.capacityLoad,
      detail: { mentees: load, capacity },
    };
  }
}

const byId = <T extends { id: string }>(list: readonly T[], what: string): T[] => {
  const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let k = 1; k < sorted.length; k++)
    if (sorted[k]!.id === sorted[k - 1]!.id) throw new RangeError(`two ${what} share one id`);
  return sorted;
};

/**
 * One pair on its own: the five pair rules plus the capacity rule as if she were the mentor's only
 * mentee; or every reason it is disqualified (same organisation and declared conflicts included;
 * excluded and ended-badly pairs are cohort lists, so matchCohort adds those).
 */
export function scorePair(
  mentee: Mentee,
  mentor: Mentor,
  weights: Weights,
): { score: number; parts: Part[] } | { disqualified: Disqualifier[] } {
  const c = new Cohort([mentee], [mentor], weights, { endedBadly: [], excluded: [] });
  const rating = c.explain(0, 0);
  if (rating.disqualifiers.length) return { disqualified: rating.disqualifiers };
  const { parts, points } = c.parts(rating);
  const share = places(mentor.capacity) > 0 ? slotPoints(c.w100[5]!, 0, places(mentor.capacity)) : 0;
  parts.push(c.capacityPart(0, 1, share));
  return { score: (points + share) / 100, parts };
}

/**
 * The optimal drafts for a whole cohort. Fixed pairs first (held, then pinned over held), in mentee id
 * order, each checked against the rules and the mentor's places; then every other mentee is placed so
 * that the total score is the largest possible, and among assignments with that total, the one with
 * the most pairs.
 *
 * Speed at scale: every pair is rated (fast bit-set rules), but the flow graph first keeps only each
 * mentee's best `candidates` mentors (a sparse graph, solved exactly). That answer is then checked
 * against every left-out pair with the solver's dual prices: a left-out pair could only improve the
 * total if its reduced cost were negative. Any such pair is added and the graph solved again, until
 * none is left: so the result is the optimum over the FULL graph, not only the sparse one.
 */
export function matchCohort(input: MatchInput, options: MatchOptions = {}): MatchResult {
  const mentees = byId(input.mentees, 'mentees');
  const mentors = byId(input.mentors, 'mentors');
  const c = new Cohort(mentees, mentors, input.weights, input);
  const { n, m } = c;
  const menteeAt = new Map(mentees.map((e, i) => [e.id, i]));
  const mentorAt = new Map(mentors.map((r, j) => [r.id, j]));
  const cap = Int32Array.from(mentors, (r) => places(r.capacity));
  const cap100 = c.w100[5]!;

  // Fixed pairs: held ones, with pins taking precedence; the first pin per mentee (by mentor id) counts.
  const fixes = new Map<number, { j: number; pinned: boolean; held: boolean }>();
  const sortPairs = (pairs: Pair[]) =>
    [...pairs].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  for (const [menteeId, mentorId] of sortPairs(input.held ?? [])) {
    const i = menteeAt.get(menteeId);
    const j = mentorAt.get(mentorId);
    if (i !== undefined && j !== undefined && !fixes.has(i)) fixes.set(i, { j, pinned: false, held: true });
  }
  const pinnedSeen = new Set<number>();
  for (const [menteeId, mentorId] of sortPairs(input.pinned)) {
    const i = menteeAt.get(menteeId);
    const j = mentorAt.get(mentorId);
    if (i === undefined || j === undefined || pinnedSeen.has(i)) continue;
    pinnedSeen.add(i);
    fixes.set(i, { j, pinned: true, held: fixes.get(i)?.j === j });
  }
  const fixedTo = new Int32Array(n).fill(-1);
  const load0 = new Int32Array(m);
  const unmatched: UnmatchedMentee[] = [];
  for (const i of [...fixes.keys()].sort((a, b) => a - b)) {
    const { j } = fixes.get(i)!;
    const refused = { id: mentees[i]!.id, refusedMentorId: mentors[j]!.id };
    if (c.base(i, j) < 0) unmatched.push({ ...refused, why: c.explain(i, j).disqualifiers });
    else if (load0[j]! >= cap[j]!) unmatched.push({ ...refused, why: 'capacity' });
    else {
      fixedTo[i] = j;
      load0[j]!++;
    }
  }
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!fixes.has(i)) free.push(i);
  const { matchedTo, base } = optimise(
    c,
    free,
    cap,
    load0,
    Math.max(1, Math.floor(options.candidates ?? 32)),
  );
  const qualifies = (f: number, j: number) => base[f * m + j]! >= 0;

  // Every pair, with the capacity rule's points for each mentor shared between its mentees.
  const byMentor: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < n; i++) if (fixedTo[i]! >= 0) byMentor[fixedTo[i]!]!.push(i);
  free.forEach((i, f) => {
    if (matchedTo[f]! >= 0) byMentor[matchedTo[f]!]!.push(i);
  });
  const pairs: MatchedPair[] = [];
  let total = 0;
  byMentor.forEach((list, j) => {
    list.sort((a, b) => a - b);
    const k = list.length;
    let slots = 0;
    for (let l = 0; l < k; l++) slots += slotPoints(cap100, l, cap[j]!);
    const even = Math.floor(slots / k);
    list.forEach((i, rank) => {
      const share = even + (rank < slots - even * k ? 1 : 0);
      const { parts, points } = c.parts(c.explain(i, j));
      parts.push(c.capacityPart(j, k, share));
      total += points + share;
      const fix = fixes.get(i);
      pairs.push({
        menteeId: mentees[i]!.id,
        mentorId: mentors[j]!.id,
        score: (points + share) / 100,
        parts,
        pinned: fix?.pinned ?? false,
        held: fix?.held ?? false,
      });
    });
  });
  pairs.sort((a, b) => (a.menteeId < b.menteeId ? -1 : 1));

  free.forEach((i, f) => {
    if (matchedTo[f]! >= 0) return;
    let anyone = m === 0;
    for (let j = 0; j < m && !anyone; j++) anyone = qualifies(f, j);
    unmatched.push({ id: mentees[i]!.id, why: anyone ? 'capacity' : whyNoMentor(c, i) });
  });
  unmatched.sort((a, b) => (a.id < b.id ? -1 : 1));

  const unusedMentors: MatchResult['unusedMentors'] = [];
  byMentor.forEach((list, j) => {
    if (list.length) return;
    let why: string = unusedReasonKeys.noneQualified;
    if (cap[j] === 0) why = unusedReasonKeys.noCapacity;
    else if (free.some((_, f) => qualifies(f, j))) why = unusedReasonKeys.notNeeded;
    unusedMentors.push({ id: mentors[j]!.id, why });
  });
  return { pairs, unmatchedMentees: unmatched, unusedMentors, total: total / 100 };
}

/** Why no mentor qualifies for her: each disqualifier with how many mentors it ruled out. */
function whyNoMentor(c: Cohort, i: number): Disqualifier[] {
  const counts = new Map<Disqualifier['code'], number>();
  for (let j = 0; j < c.m; j++)
    for (const d of c.explain(i, j, false).disqualifiers) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || disqualifierCodes.indexOf(a[0]) - disqualifierCodes.indexOf(b[0]))
    .map(([code, mentors]) => ({ code, detail: { mentors } }));
}

/** A 20-bit hash of a pair (mentee and mentor indexes): a fixed, well-spread order among equals. */
function tie(i: number, j: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(j + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) & 0xfffff;
}

/**
 * The free mentees' mentors (index into `free` → mentor, or -1), maximising total score, then pairs.
 * Gains are scaled so that score always wins: gain = points × K + 1 per pair with K > number of free
 * mentees, so the "+1 per pair" can never outweigh a hundredth of a point.
 */
function optimise(
  c: Cohort,
  free: number[],
  cap: Int32Array,
  load0: Int32Array,
  candidates: number,
): { matchedTo: Int32Array; base: Int32Array } {
  const nf = free.length;
  const { m, block, x, w100 } = c;
  const K = nf + 1;
  const open = (j: number) => load0[j]! < cap[j]!;
  const base = new Int32Array(nf * m);
  const chosen = new Uint8Array(nf * m);
  const cand: number[][] = [];
  for (let f = 0; f < nf; f++) {
    const i = free[f]!;
    const row = f * m;
    // The best `candidates` mentors by points, kept sorted best first. Equal points are ordered by a
    // fixed hash of the pair, not by index: otherwise mentees alike would all list the same few
    // mentors, fill them, and leave the dual check to add most of the graph back.
    const top: number[] = [];
    const keys: number[] = [];
    for (let j = 0; j < m; j++) {
      const b = block[i * m + j] ? -1 : rate(x, i, j, w100, null);
      base[row + j] = b;
      if (b < 0 || !open(j)) continue;
      const k = b * 1_048_576 + tie(i, j);
      if (top.length === candidates && k <= keys[keys.length - 1]!) continue;
      let at = top.length;
      while (at > 0 && keys[at - 1]! < k) at--;
      top.splice(at, 0, j);
      keys.splice(at, 0, k);
      if (top.length > candidates) {
        top.pop();
        keys.pop();
      }
    }
    for (const j of top) chosen[row + j] = 1;
    cand.push(top);
  }

  const slotStart = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) slotStart[j + 1] = slotStart[j]! + cap[j]!;
  const slotGain = new Float64Array(slotStart[m]!);
  for (let j = 0; j < m; j++)
    for (let l = 0; l < cap[j]!; l++) slotGain[slotStart[j]! + l] = slotPoints(c.w100[5]!, l, cap[j]!) * K;

  for (;;) {
    const start = new Int32Array(nf + 1);
    for (let f = 0; f < nf; f++) start[f + 1] = start[f]! + cand[f]!.length;
    const mentor = new Int32Array(start[nf]!);
    const gain = new Float64Array(start[nf]!);
    for (let f = 0; f < nf; f++)
      cand[f]!.forEach((j, k) => {
        mentor[start[f]! + k] = j;
        gain[start[f]! + k] = base[f * m + j]! * K + 1;
      });
    const { matchedTo, potential } = solveAssignment({
      n: nf,
      m,
      start,
      mentor,
      gain,
      cap,
      load0,
      slotStart,
      slotGain,
    });
    // Optimality over every pair: a left-out pair with negative reduced cost joins the graph.
    let added = 0;
    for (let f = 0; f < nf; f++) {
      const row = f * m;
      for (let j = 0; j < m; j++) {
        const b = base[row + j]!;
        if (b < 0 || chosen[row + j] || !open(j)) continue;
        if (-(b * K + 1) + potential[f]! - potential[nf + j]! < 0) {
          chosen[row + j] = 1;
          cand[f]!.push(j);
          added++;
        }
      }
    }
    if (!added) return { matchedTo, base };
  }
}

/**
 * Re-pairing after a poor start: every pair in `input.held` stays as it is except hers; she is matched
 * again with anyone but the mentor(s) she had (a pin for her to a new mentor is honoured). Mentees not
 * held and not her are left out of this run.
 */
export function rematchPair(input: MatchInput, menteeId: string, options: MatchOptions = {}): MatchResult {
  const held = input.held ?? [];
  const hers = held.filter(([e]) => e === menteeId);
  const rest = held.filter(([e]) => e !== menteeId);
  const keep = new Set(rest.map(([e]) => e));
  const restKey = new Set(rest.map(([e, r]) => `${e}\u0000${r}`));
  const formerly = new Set(hers.map(([, r]) => r));
  return matchCohort(
    {
      ...input,
      mentees: input.mentees.filter((e) => e.id === menteeId || keep.has(e.id)),
      pinned: input.pinned.filter(
        ([e, r]) => (e === menteeId && !formerly.has(r)) || restKey.has(`${e}\u0000${r}`),
      ),
      excluded: [...input.excluded, ...hers],
      held: rest,
    },
    options,
  );
}
