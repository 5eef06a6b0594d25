/**
 * The one place the mentoring module calls the pure matching engine (matching.ts, written on its own
 * branch). Until that file lands this holds a small stand-in with the same interface (greedy, not
 * optimal, so the pages can run); when it lands, the lead replaces this whole file with:
 *
 *   export * from './matching.ts';
 *
 * Nothing else in the module changes: every caller imports from here.
 */

export type RuleName = 'aspiration' | 'skills' | 'language' | 'availability' | 'distance' | 'capacity';
export type Weights = Record<RuleName, number>;
export const defaultWeights: Weights = {
  aspiration: 3,
  skills: 3,
  language: 2,
  availability: 2,
  distance: 1,
  capacity: 1,
};
export type Mode = 'online' | 'in_person' | 'either';
export interface Point {
  lat: number;
  lng: number;
}
export interface Mentor {
  id: string;
  organisationIds: string[];
  sectors: string[];
  skills: string[];
  languages: string[];
  availability: string[];
  mode: Mode;
  point: Point | null;
  maxTravelKm: number;
  capacity: number;
  conflicts: string[];
}
export interface Mentee {
  id: string;
  organisationIds: string[];
  aspirations: string[];
  goalSkills: string[];
  languages: string[];
  interpreterAvailable: boolean;
  availability: string[];
  mode: Mode;
  point: Point | null;
}
export interface Part {
  rule: RuleName;
  weight: number;
  value: number;
  points: number;
  /** An i18n key, with `detail` for its interpolation. */
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
  | 'mode_mismatch';
export interface Disqualifier {
  code: DisqualifierCode;
  detail?: Record<string, string | number>;
}
/** The i18n key of a disqualifier (matching.ts has its own, under mentoring.matchReasons). */
export const disqualifierKey = (code: DisqualifierCode) => `mentoring.rules.disqualified.${code}`;
export interface MatchInput {
  mentees: Mentee[];
  mentors: Mentor[];
  weights: Weights;
  pinned: [string, string][];
  excluded: [string, string][];
  endedBadly: [string, string][];
  held?: [string, string][];
}
export interface MatchPair {
  menteeId: string;
  mentorId: string;
  score: number;
  parts: Part[];
  pinned: boolean;
  held: boolean;
}
export interface MatchResult {
  pairs: MatchPair[];
  unmatchedMentees: { id: string; why: Disqualifier[] | 'capacity'; refusedMentorId?: string }[];
  unusedMentors: { id: string; why: string }[];
  total: number;
}

const R = 'mentoring.rules';
const overlap = (a: string[], b: string[]) => {
  const set = new Set(a.map((x) => x.toLowerCase()));
  return b.filter((x) => set.has(x.toLowerCase())).length;
};
const share = (wanted: string[], offered: string[]) =>
  wanted.length ? overlap(wanted, offered) / wanted.length : 0;
function km(a: Point, b: Point) {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.sqrt(h));
}

/** Why a pair may not be made at all, or the parts of its score. */
function score(input: MatchInput, e: Mentee, m: Mentor): DisqualifierCode | Part[] {
  const key = (x: [string, string]) => x[0] === e.id && x[1] === m.id;
  if (input.excluded.some(key)) return 'excluded';
  if (input.endedBadly.some(key)) return 'ended_badly';
  if (m.conflicts.includes(e.id)) return 'conflict';
  if (e.organisationIds.some((o) => m.organisationIds.includes(o))) return 'same_organisation';
  const sharedLanguage = overlap(e.languages, m.languages) > 0;
  if (!sharedLanguage && !e.interpreterAvailable) return 'no_shared_language';
  const online = e.mode !== 'in_person' && m.mode !== 'in_person';
  const distance = e.point && m.point ? km(e.point, m.point) : null;
  const near = distance !== null && distance <= m.maxTravelKm && e.mode !== 'online' && m.mode !== 'online';
  if (!online && !near) return 'too_far';
  const w = input.weights;
  const part = (rule: RuleName, value: number, reason: string): Part => ({
    rule,
    weight: w[rule],
    value,
    points: Math.round(value * w[rule] * 100) / 100,
    reason,
  });
  return [
    part('aspiration', share(e.aspirations, m.sectors), `${R}.aspiration`),
    part('skills', share(e.goalSkills, m.skills), `${R}.skills`),
    part('language', sharedLanguage ? 1 : 0.5, sharedLanguage ? `${R}.language` : `${R}.interpreter`),
    part('availability', share(e.availability, m.availability), `${R}.availability`),
    part(
      'distance',
      online ? 1 : 1 - (distance ?? 0) / Math.max(1, m.maxTravelKm),
      online ? `${R}.online` : `${R}.near`,
    ),
    part('capacity', m.capacity > 1 ? 1 : 0.5, `${R}.capacity`),
  ];
}

/** Stand-in: pinned pairs first, then the best remaining pairs greedily, within each mentor's capacity. */
export function matchCohort(input: MatchInput): MatchResult {
  const left = new Map(input.mentors.map((m) => [m.id, m.capacity]));
  const byId = new Map(input.mentors.map((m) => [m.id, m]));
  const done = new Set<string>();
  const pairs: MatchPair[] = [];
  const why = new Map<string, Disqualifier[]>();
  const take = (e: Mentee, m: Mentor, parts: Part[], pinned: boolean) => {
    const total = parts.reduce((s, p) => s + p.points, 0);
    pairs.push({
      menteeId: e.id,
      mentorId: m.id,
      score: Math.round(total * 100) / 100,
      parts,
      pinned,
      held: false,
    });
    done.add(e.id);
    left.set(m.id, (left.get(m.id) ?? 0) - 1);
  };
  for (const [eid, mid] of [...(input.held ?? []), ...input.pinned]) {
    const e = input.mentees.find((x) => x.id === eid);
    const m = byId.get(mid);
    if (!e || !m || done.has(eid)) continue;
    const s = score({ ...input, excluded: [], endedBadly: [] }, e, m);
    take(e, m, typeof s === 'string' ? [] : s, true);
  }
  const options: { e: Mentee; m: Mentor; parts: Part[]; total: number }[] = [];
  for (const e of input.mentees) {
    if (done.has(e.id)) continue;
    const reasons: DisqualifierCode[] = [];
    for (const m of input.mentors) {
      const s = score(input, e, m);
      if (typeof s === 'string') reasons.push(s);
      else options.push({ e, m, parts: s, total: s.reduce((a, p) => a + p.points, 0) });
    }
    why.set(
      e.id,
      [...new Set(reasons)].map((code) => ({
        code,
        detail: { mentors: reasons.filter((r) => r === code).length },
      })),
    );
  }
  options.sort((a, b) => b.total - a.total);
  for (const o of options)
    if (!done.has(o.e.id) && (left.get(o.m.id) ?? 0) > 0) take(o.e, o.m, o.parts, false);
  const hadOption = new Set(options.map((o) => o.e.id));
  return {
    pairs,
    unmatchedMentees: input.mentees
      .filter((e) => !done.has(e.id))
      .map((e) => ({ id: e.id, why: hadOption.has(e.id) ? ('capacity' as const) : (why.get(e.id) ?? []) })),
    unusedMentors: input.mentors
      .filter((m) => left.get(m.id) === m.capacity)
      .map((m) => ({ id: m.id, why: `${R}.noSuitableMentee` })),
    total: Math.round(pairs.reduce((s, p) => s + p.score, 0) * 100) / 100,
  };
}

/** Re-pairs one mentee with the rest of the cohort held as they are. */
export function rematchPair(input: MatchInput, menteeId: string): MatchResult {
  return matchCohort({ ...input, mentees: input.mentees.filter((e) => e.id === menteeId) });
}
