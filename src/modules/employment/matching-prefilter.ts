/**
 * What the database may decide before the matcher runs: for each opportunity and each work profile,
 * a box in a few numeric dimensions (stored as a `cube`, with a GiST index), so that one indexed
 * overlap test (`&&`) leaves out pairs that fail a hard gate by more than its near-miss margin. Pure,
 * no database: the service stores these boxes when a row is saved and builds the query box here.
 *
 * The rule: the boxes are conservative. A pair whose boxes do not overlap fails some gate beyond its
 * margin, so the matcher would never list it as a fit or a near miss (matching-prefilter.test.ts
 * checks this on generated pairs; prefilter.test.ts checks the pages against the matcher alone).
 * What is kept may still fail: the matcher (matching.ts) decides, names the reasons and scores.
 *
 * Dimensions, the same order on both sides (an opportunity also has the closing date):
 *   0, 1  latitude, longitude: her reach (a box around her district within her journey limit plus
 *         the near-miss margin, at the fastest of her modes) against the opportunity's place;
 *         remote work, a place not known, or no limit: the whole range.
 *   2, 3  spoken, written English: her CEFR rank (1–6, 0 not recorded) against the ranks the
 *         opportunity accepts (one step short is a near miss; none asked: any).
 *   4     qualification: her RQF level (-1 not recorded) against the levels accepted.
 *   5     term time only: 1 if she can work in term time only; a year-round opportunity accepts 0.
 *   6, 7  hours: her earliest start and latest finish on any day against the opportunity's earliest
 *         start and latest finish, each allowed the near-miss margin (an opportunity whose shortest
 *         window is within the margin, or with no hours, or her with no constraint: any).
 *   8     (opportunity only) closing date as a day number, none: far in the future.
 * The days of the week are a bit mask beside the box (`hoursDays`, `availableDays`), tested apart.
 */

import { NEAR_MISS } from './matching-gates.ts';
import { Availability, Spans } from './matching-hours.ts';
import { JOURNEY, type Mode, type Point } from './matching-journey.ts';
import type { Cefr, OpportunityForMatch, WorkProfile } from './matching-types.ts';

/** Stands for "any value" at either end of a dimension. */
export const ANY = 1e7;

export interface Box {
  lo: number[];
  hi: number[];
}

/** An opportunity's hours, summarised: days as bits (Monday 1, Tuesday 2 ... Sunday 64), minutes. */
export interface HoursSummary {
  days: number;
  from: number;
  to: number;
  /** The shortest window: one no longer than the hours margin can never alone fail beyond it. */
  shortest: number;
}

/** Her availability, summarised the same way; null when nothing is recorded (no constraint). */
export interface AvailabilitySummary {
  days: number;
  from: number;
  to: number;
}

const spans = new Spans();
const av = new Availability();

/** Null when no window can be read (the hours gate then passes). */
export function hoursSummary(hours: OpportunityForMatch['hours']): HoursSummary | null {
  const { v, n } = spans.load(hours);
  if (n === 0) return null;
  let days = 0;
  let from = 24 * 60;
  let to = 0;
  let shortest = 24 * 60;
  for (let i = 0; i < n; i += 3) {
    days |= 1 << v[i]!;
    from = Math.min(from, v[i + 1]!);
    to = Math.max(to, v[i + 2]!);
    shortest = Math.min(shortest, v[i + 2]! - v[i + 1]!);
  }
  return { days, from, to, shortest };
}

export function availabilitySummary(
  availability: WorkProfile['availability'],
  schoolHoursOnly: boolean,
): AvailabilitySummary | null {
  const a = av.load(availability, schoolHoursOnly);
  if (a.unconstrained) return null;
  let days = 0;
  let from = 24 * 60;
  let to = 0;
  for (let d = 0; d < 7; d++) {
    const k = a.count[d]!;
    if (!k) continue;
    days |= 1 << d;
    from = Math.min(from, a.at[d * a.cap * 2]!);
    to = Math.max(to, a.at[(d * a.cap + k - 1) * 2 + 1]!);
  }
  return { days, from, to };
}

/**
 * The furthest straight line (km) any journey of hers within her limit plus the near-miss margin
 * could go: journeyMinutes rounds, so under limit + margin + ½ minute, by the fastest of her modes.
 * Null when the journey gate cannot fail (no limit, her place not known, no mode it knows).
 */
export function reachKm(limit: number | null, point: Point | null, modes: readonly Mode[]): number | null {
  if (limit === null || point === null) return null;
  const minutes = limit + NEAR_MISS.journeyMinutes + 0.5;
  let km = -1;
  for (const m of modes.length ? modes : JOURNEY.defaultModes) {
    const s = JOURNEY.speed[m];
    if (s) km = Math.max(km, (((minutes - s.fixed) / 60) * s.kmh) / JOURNEY.detour);
  }
  return km < 0 ? null : Math.max(km, 0);
}

/**
 * The latitude/longitude box within `km` of a point. A degree of latitude is at least 111 km on the
 * matcher's sphere (6,371 km); one of longitude at least that times the cosine of the furthest
 * latitude the box reaches. A little more all round, so rounding never cuts a place on the edge.
 */
function around(p: Point, km: number): [number, number, number, number] {
  const dLat = (km * 1.001) / 111 + 1e-6;
  const far = Math.abs(p.lat) + dLat;
  if (far >= 89) return [-ANY, ANY, -ANY, ANY];
  const dLng = (km * 1.001) / (111 * Math.cos((far * Math.PI) / 180)) + 1e-6;
  return [p.lat - dLat, p.lat + dLat, p.lng - dLng, p.lng + dLng];
}

const cefrRank = (level: Cefr | null) => (level === null ? 0 : 'A1A2B1B2C1C2'.indexOf(level) / 2 + 1);
/** The ranks an opportunity accepts: at least one step short of its level; none asked: any. */
const accepts = (level: Cefr | null): [number, number] =>
  level === null ? [0, 6] : [Math.max(1, cefrRank(level) - NEAR_MISS.cefrSteps), 6];

const DAY_ZERO = Date.UTC(2000, 0, 1);
/** 'YYYY-MM-DD' -> days since 2000-01-01. */
export const dayNumber = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - DAY_ZERO) / 864e5);

/** Her side of the hours dimensions: the earliest start and latest finish she can work. */
function herHours(a: AvailabilitySummary | null): [number, number] {
  return a ? [a.from, a.to] : [-ANY, ANY];
}

/** The opportunity's dimensions 2–7: what it accepts of her, and when its hours start and end. */
function opportunityTerms(o: OpportunityForMatch, h: HoursSummary | null) {
  const spoken = accepts(o.minSpokenEnglish);
  const written = accepts(o.minWrittenEnglish);
  const q = o.minQualificationLevel;
  const qual: [number, number] = q === null ? [-1, ANY] : [q - NEAR_MISS.qualificationLevels, ANY];
  const yearRound = !o.termTimeOnly && o.kind !== 'recruitment_day';
  const timed = h !== null && h.shortest > NEAR_MISS.hoursMinutes;
  return { spoken, written, qual, term: [0, yearRound ? 0 : 1] as [number, number], h: timed ? h : null };
}

/** Stored with an opportunity: its place, what it accepts, its hours, its closing date. */
export function opportunityBox(o: OpportunityForMatch): Box {
  const t = opportunityTerms(o, hoursSummary(o.hours));
  const placed = o.remote !== 'remote' && o.point !== null;
  const lat = placed ? [o.point!.lat, o.point!.lat] : [-ANY, ANY];
  const lng = placed ? [o.point!.lng, o.point!.lng] : [-ANY, ANY];
  const start = t.h ? [t.h.from, t.h.from] : [-ANY, ANY];
  const end = t.h ? [t.h.to, t.h.to] : [-ANY, ANY];
  const closing = o.closingDate === null ? ANY : dayNumber(o.closingDate);
  return {
    lo: [lat[0]!, lng[0]!, t.spoken[0], t.written[0], t.qual[0], t.term[0], start[0]!, end[0]!, closing],
    hi: [lat[1]!, lng[1]!, t.spoken[1], t.written[1], t.qual[1], t.term[1], start[1]!, end[1]!, closing],
  };
}

/** The box an opportunity's candidates for her must overlap (dimension 8: not closed before today). */
export function queryBoxForHer(p: WorkProfile, today: string): Box {
  const km = reachKm(p.maxJourneyMinutes, p.point, p.modes);
  const [la0, la1, ln0, ln1] = km === null ? [-ANY, ANY, -ANY, ANY] : around(p.point!, km);
  const s = cefrRank(p.spokenEnglish);
  const w = cefrRank(p.writtenEnglish);
  const q = p.qualificationLevel ?? -1;
  const term = p.termTimeOnly ? 1 : 0;
  const [from, to] = herHours(availabilitySummary(p.availability, p.schoolHoursOnly));
  const m = NEAR_MISS.hoursMinutes;
  return {
    lo: [la0, ln0, s, w, q, term, from === -ANY ? -ANY : from - m, -ANY, dayNumber(today)],
    hi: [la1, ln1, s, w, q, term, ANY, to === ANY ? ANY : to + m, ANY],
  };
}

/** Stored with her work profile: her reach, her levels, and the hours she can work. */
export function profileBox(p: WorkProfile): Box {
  const km = reachKm(p.maxJourneyMinutes, p.point, p.modes);
  const [la0, la1, ln0, ln1] = km === null ? [-ANY, ANY, -ANY, ANY] : around(p.point!, km);
  const s = cefrRank(p.spokenEnglish);
  const w = cefrRank(p.writtenEnglish);
  const q = p.qualificationLevel ?? -1;
  const term = p.termTimeOnly ? 1 : 0;
  const a = availabilitySummary(p.availability, p.schoolHoursOnly);
  return {
    lo: [la0, ln0, s, w, q, term, a ? a.from : -ANY, a ? a.to : -ANY],
    hi: [la1, ln1, s, w, q, term, a ? a.from : ANY, a ? a.to : ANY],
  };
}

/** The box the women who could take this opportunity must overlap. */
export function queryBoxForOpportunity(o: OpportunityForMatch): Box {
  const t = opportunityTerms(o, hoursSummary(o.hours));
  const placed = o.remote !== 'remote' && o.point !== null;
  const m = NEAR_MISS.hoursMinutes;
  return {
    lo: [
      placed ? o.point!.lat : -ANY,
      placed ? o.point!.lng : -ANY,
      t.spoken[0],
      t.written[0],
      t.qual[0],
      t.term[0],
      -ANY,
      t.h ? t.h.to - m : -ANY,
    ],
    hi: [
      placed ? o.point!.lat : ANY,
      placed ? o.point!.lng : ANY,
      t.spoken[1],
      t.written[1],
      t.qual[1],
      t.term[1],
      t.h ? t.h.from + m : ANY,
      ANY,
    ],
  };
}

/** The days an opportunity's windows need her on (0 when no window could fail the hours alone). */
export function hoursDays(o: OpportunityForMatch): number {
  const h = hoursSummary(o.hours);
  return h && h.shortest > NEAR_MISS.hoursMinutes ? h.days : 0;
}

/** The days she can work (all seven when nothing is recorded). */
export function availableDays(p: WorkProfile): number {
  return availabilitySummary(p.availability, p.schoolHoursOnly)?.days ?? 127;
}

/** Whether two boxes overlap (as cube's `&&`), in the dimensions both have. */
export function overlaps(a: Box, b: Box): boolean {
  const n = Math.min(a.lo.length, b.lo.length);
  for (let i = 0; i < n; i++) if (a.lo[i]! > b.hi[i]! || b.lo[i]! > a.hi[i]!) return false;
  return true;
}

/** The prefilter in full, as the database applies it: the boxes overlap and she works those days. */
export function mayMatch(p: WorkProfile, o: OpportunityForMatch, today: string): boolean {
  return (
    overlaps(profileBox(p), queryBoxForOpportunity(o)) &&
    overlaps(opportunityBox(o), queryBoxForHer(p, today)) &&
    (hoursDays(o) & ~availableDays(p)) === 0
  );
}

/** A box that overlaps every query: what a row holds until its own is derived (conservative). */
export const anyBox = (dimensions: number): Box => ({
  lo: Array(dimensions).fill(-ANY),
  hi: Array(dimensions).fill(ANY),
});
export const OPPORTUNITY_DIMENSIONS = 9;
export const PROFILE_DIMENSIONS = 8;

/** The cube's text form, '(lo, ...),(hi, ...)'. */
export const cubeText = (b: Box) => `(${b.lo.join(',')}),(${b.hi.join(',')})`;
