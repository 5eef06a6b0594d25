/**
 * The matching rules, on an encoded cohort: every list (sectors, skills, languages, availability) is
 * turned once into bit sets over a shared vocabulary, so rating one of the millions of pairs in a big
 * cohort is a handful of AND and popcount operations. The same `rate` function serves the fast pass
 * (no explanation, stops at the first disqualifier) and the explanation (every rule's value, reason
 * and detail, every disqualifier), so the score the optimiser used and the one a manager reads cannot
 * drift apart.
 *
 * Each rule gives a value from 0 to 1; its points are weight × value in hundredths of a point,
 * rounded to the nearest integer (Math.round). The capacity rule depends on the whole assignment
 * (how many mentees a mentor ends up with), so matching.ts adds it.
 */
import type { Disqualifier, Mentee, Mentor } from './matching.ts';

/** The five pair rules, in the order their parts are shown; capacity (index 5) comes from matching.ts. */
export const pairRules = ['aspiration', 'skills', 'language', 'availability', 'distance'] as const;

const key = 'mentoring.matchReasons';
/** Every reason key a part can carry (locales must have them all: see reasonKeys in matching.ts). */
export const ruleReasonKeys = {
  aspirationFirst: `${key}.aspiration.first`,
  aspirationOther: `${key}.aspiration.other`,
  aspirationNoMatch: `${key}.aspiration.noMatch`,
  aspirationNone: `${key}.aspiration.none`,
  skillsShared: `${key}.skills.shared`,
  skillsNoMatch: `${key}.skills.noMatch`,
  skillsNoGoals: `${key}.skills.noGoals`,
  languageShared: `${key}.language.shared`,
  languageInterpreter: `${key}.language.interpreter`,
  availabilityOverlap: `${key}.availability.overlap`,
  availabilityNotStated: `${key}.availability.notStated`,
  distanceInPerson: `${key}.distance.inPerson`,
  distanceOnline: `${key}.distance.online`,
  distanceUnknown: `${key}.distance.unknown`,
  capacityLoad: `${key}.capacity.load`,
} as const;

/** Meeting online is worth this much of the distance rule; meeting in person, 1 at the same place down to 0.5 at the mentor's limit. */
export const onlineValue = 0.75;
/** Her second or later aspiration (in her order) counts for this much of the aspiration rule. */
export const laterAspirationValue = 0.5;
/** A shared language counts 1; none, with an interpreter available, this much. */
export const interpreterValue = 0.5;

const ONLINE = 1;
const IN_PERSON = 2;
const modeBits = { online: ONLINE, in_person: IN_PERSON, either: ONLINE | IN_PERSON } as const;

class Vocabulary {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  /** 32-bit words per set: fixed by seal(), once every item is added. */
  words = 1;
  add(items: readonly string[]) {
    for (const raw of items) {
      const name = raw.trim();
      const k = name.toLowerCase();
      if (k && !this.index.has(k)) {
        this.index.set(k, this.names.length);
        this.names.push(name);
      }
    }
  }
  seal() {
    this.words = Math.max(1, Math.ceil(this.names.length / 32));
  }
  /** Writes the set of `items` into bits[row*words ..] and returns how many distinct items it has. */
  fill(bits: Uint32Array, row: number, items: readonly string[]): number {
    const w = this.words;
    let count = 0;
    for (const raw of items) {
      const i = this.index.get(raw.trim().toLowerCase());
      if (i === undefined) continue;
      const slot = row * w + (i >>> 5);
      const bit = 1 << (i & 31);
      if (!(bits[slot]! & bit)) {
        bits[slot] = bits[slot]! | bit;
        count++;
      }
    }
    return count;
  }
  /** The names in a & b, in vocabulary order. */
  shared(a: Uint32Array, ra: number, b: Uint32Array, rb: number): string[] {
    const out: string[] = [];
    const w = this.words;
    for (let k = 0; k < w; k++) {
      let x = a[ra * w + k]! & b[rb * w + k]!;
      while (x) {
        const low = x & -x;
        out.push(this.names[k * 32 + (31 - Math.clz32(low))]!);
        x ^= low;
      }
    }
    return out;
  }
}

/** The cohort as arrays: mentees (e*) and mentors (r*). */
export interface Encoded {
  sectors: Vocabulary;
  skills: Vocabulary;
  languages: Vocabulary;
  slots: Vocabulary;
  eAsp: Uint32Array;
  eAspFirst: Int32Array;
  eAspCount: Int32Array;
  eGoal: Uint32Array;
  eGoalCount: Int32Array;
  eLang: Uint32Array;
  eInterpreter: Uint8Array;
  eAvail: Uint32Array;
  eAvailCount: Int32Array;
  eMode: Uint8Array;
  /** Places as points on the unit sphere (x, y, z per person; NaN when unknown). */
  eXyz: Float64Array;
  rSectors: Uint32Array;
  rSkills: Uint32Array;
  rLang: Uint32Array;
  rAvail: Uint32Array;
  rAvailCount: Int32Array;
  rMode: Uint8Array;
  rXyz: Float64Array;
  rMaxKm: Float64Array;
}

export function encode(mentees: readonly Mentee[], mentors: readonly Mentor[]): Encoded {
  const sectors = new Vocabulary();
  const skills = new Vocabulary();
  const languages = new Vocabulary();
  const slots = new Vocabulary();
  for (const e of mentees) {
    sectors.add(e.aspirations);
    skills.add(e.goalSkills);
    languages.add(e.languages);
    slots.add(e.availability);
  }
  for (const r of mentors) {
    sectors.add(r.sectors);
    skills.add(r.skills);
    languages.add(r.languages);
    slots.add(r.availability);
  }
  for (const v of [sectors, skills, languages, slots]) v.seal();
  const n = mentees.length;
  const m = mentors.length;
  const x: Encoded = {
    sectors,
    skills,
    languages,
    slots,
    eAsp: new Uint32Array(n * sectors.words),
    eAspFirst: new Int32Array(n).fill(-1),
    eAspCount: new Int32Array(n),
    eGoal: new Uint32Array(n * skills.words),
    eGoalCount: new Int32Array(n),
    eLang: new Uint32Array(n * languages.words),
    eInterpreter: new Uint8Array(n),
    eAvail: new Uint32Array(n * slots.words),
    eAvailCount: new Int32Array(n),
    eMode: new Uint8Array(n),
    eXyz: new Float64Array(n * 3).fill(Number.NaN),
    rSectors: new Uint32Array(m * sectors.words),
    rSkills: new Uint32Array(m * skills.words),
    rLang: new Uint32Array(m * languages.words),
    rAvail: new Uint32Array(m * slots.words),
    rAvailCount: new Int32Array(m),
    rMode: new Uint8Array(m),
    rXyz: new Float64Array(m * 3).fill(Number.NaN),
    rMaxKm: new Float64Array(m),
  };
  mentees.forEach((e, i) => {
    x.eAspCount[i] = sectors.fill(x.eAsp, i, e.aspirations);
    const first = e.aspirations
      .map((a) => sectors.index.get(a.trim().toLowerCase()))
      .find((v) => v !== undefined);
    x.eAspFirst[i] = first ?? -1;
    x.eGoalCount[i] = skills.fill(x.eGoal, i, e.goalSkills);
    languages.fill(x.eLang, i, e.languages);
    x.eInterpreter[i] = e.interpreterAvailable ? 1 : 0;
    x.eAvailCount[i] = slots.fill(x.eAvail, i, e.availability);
    x.eMode[i] = modeBits[e.mode];
    if (e.point) toXyz(x.eXyz, i, e.point);
  });
  mentors.forEach((r, j) => {
    sectors.fill(x.rSectors, j, r.sectors);
    skills.fill(x.rSkills, j, r.skills);
    languages.fill(x.rLang, j, r.languages);
    x.rAvailCount[j] = slots.fill(x.rAvail, j, r.availability);
    x.rMode[j] = modeBits[r.mode];
    if (r.point) toXyz(x.rXyz, j, r.point);
    x.rMaxKm[j] = Number.isFinite(r.maxTravelKm) ? Math.max(0, r.maxTravelKm) : 0;
  });
  return x;
}

function intersects(a: Uint32Array, ra: number, b: Uint32Array, rb: number, w: number): boolean {
  for (let k = 0; k < w; k++) if (a[ra * w + k]! & b[rb * w + k]!) return true;
  return false;
}

function popcount(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function overlap(a: Uint32Array, ra: number, b: Uint32Array, rb: number, w: number): number {
  if (w === 1) return popcount(a[ra]! & b[rb]!);
  let count = 0;
  for (let k = 0; k < w; k++) count += popcount(a[ra * w + k]! & b[rb * w + k]!);
  return count;
}

function toXyz(out: Float64Array, row: number, p: { lat: number; lng: number }) {
  if (!Number.isFinite(p.lat) || !Number.isFinite(p.lng)) return;
  const lat = (p.lat * Math.PI) / 180;
  const lng = (p.lng * Math.PI) / 180;
  out[row * 3] = Math.cos(lat) * Math.cos(lng);
  out[row * 3 + 1] = Math.cos(lat) * Math.sin(lng);
  out[row * 3 + 2] = Math.sin(lat);
}

/**
 * Great-circle distance in km between two encoded places (mean Earth radius 6,371 km), from the
 * straight chord between them: one square root and one arcsine, where haversine needs four trig calls.
 */
function distanceKm(a: Float64Array, i: number, b: Float64Array, j: number): number {
  const dx = a[i * 3]! - b[j * 3]!;
  const dy = a[i * 3 + 1]! - b[j * 3 + 1]!;
  const dz = a[i * 3 + 2]! - b[j * 3 + 2]!;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(dx * dx + dy * dy + dz * dz) / 2));
}

/** What `rate` writes when asked to explain: the five pair rules by index, and every disqualifier. */
export interface Rating {
  values: number[];
  points: number[];
  reasons: string[];
  details: (Record<string, string | number> | undefined)[];
  disqualifiers: Disqualifier[];
  /** Whether to write details (shared names, distances): false when only the reasons are counted. */
  detailed: boolean;
}

export const newRating = (detailed = true): Rating => ({
  values: [],
  points: [],
  reasons: [],
  details: [],
  disqualifiers: [],
  detailed,
});

const km1 = (km: number) => Math.round(km * 10) / 10;
const list = (names: string[]) => names.join(', ');

function put(
  out: Rating | null,
  rule: number,
  value: number,
  points: number,
  reason: string,
  detail?: Record<string, string | number>,
) {
  if (!out) return;
  out.values[rule] = value;
  out.points[rule] = points;
  out.reasons[rule] = reason;
  out.details[rule] = detail;
}

/**
 * Mentee i with mentor j: the five pair rules' points in hundredths, summed, or -1 when a rule
 * disqualifies the pair. `w100` holds the weights × 100 in rule order. With `out`, every rule and
 * every disqualifier is written there (and the sum is still returned, or -1). No closures in here:
 * it runs for every pair of a cohort (3 million at the benchmark's size).
 */
export function rate(x: Encoded, i: number, j: number, w100: Float64Array, out: Rating | null): number {
  const say = out?.detailed === true;
  let dq = false;
  let sum = 0;
  let pts = 0;
  let value = 0;

  // Language first: the commonest disqualifier, and the cheapest to test.
  if (intersects(x.eLang, i, x.rLang, j, x.languages.words)) {
    pts = Math.round(w100[2]!);
    put(
      out,
      2,
      1,
      pts,
      ruleReasonKeys.languageShared,
      say ? { language: x.languages.shared(x.eLang, i, x.rLang, j)[0]! } : undefined,
    );
    sum += pts;
  } else if (x.eInterpreter[i]) {
    pts = Math.round(w100[2]! * interpreterValue);
    put(out, 2, interpreterValue, pts, ruleReasonKeys.languageInterpreter);
    sum += pts;
  } else {
    if (!out) return -1;
    dq = true;
    out.disqualifiers.push({ code: 'no_shared_language' });
  }

  // Availability: no shared time disqualifies; a side that gave none is not held against the pair.
  const ea = x.eAvailCount[i]!;
  const ra = x.rAvailCount[j]!;
  if (ea === 0 || ra === 0) put(out, 3, 0, 0, ruleReasonKeys.availabilityNotStated);
  else {
    const shared = overlap(x.eAvail, i, x.rAvail, j, x.slots.words);
    if (shared === 0) {
      if (!out) return -1;
      dq = true;
      out.disqualifiers.push({ code: 'no_availability_overlap' });
    } else {
      value = shared / Math.min(ea, ra);
      pts = Math.round(w100[3]! * value);
      put(
        out,
        3,
        value,
        pts,
        ruleReasonKeys.availabilityOverlap,
        say ? { shared, slots: list(x.slots.shared(x.eAvail, i, x.rAvail, j)) } : undefined,
      );
      sum += pts;
    }
  }

  // Meeting: online, or in person within the mentor's travel distance.
  const modes = x.eMode[i]! & x.rMode[j]!;
  if (modes === 0) {
    if (!out) return -1;
    dq = true;
    out.disqualifiers.push({ code: 'mode_mismatch' });
  } else {
    const maxKm = x.rMaxKm[j]!;
    let inPerson = -1;
    let km = Number.NaN;
    if (modes & IN_PERSON) {
      km = distanceKm(x.eXyz, i, x.rXyz, j);
      if (km <= maxKm) inPerson = maxKm > 0 ? 1 - (0.5 * km) / maxKm : 1;
    }
    const known = !Number.isNaN(km);
    if (inPerson >= onlineValue || (inPerson >= 0 && !(modes & ONLINE))) {
      pts = Math.round(w100[4]! * inPerson);
      put(out, 4, inPerson, pts, ruleReasonKeys.distanceInPerson, say ? { km: km1(km), maxKm } : undefined);
      sum += pts;
    } else if (modes & ONLINE) {
      pts = Math.round(w100[4]! * onlineValue);
      put(
        out,
        4,
        onlineValue,
        pts,
        ruleReasonKeys.distanceOnline,
        say && known ? { km: km1(km) } : undefined,
      );
      sum += pts;
    } else if (!known) put(out, 4, 0, 0, ruleReasonKeys.distanceUnknown);
    else {
      if (!out) return -1;
      dq = true;
      out.disqualifiers.push(say ? { code: 'too_far', detail: { km: km1(km), maxKm } } : { code: 'too_far' });
    }
  }

  // Aspiration: her first choice of sector counts fully, a later one half.
  if (x.eAspCount[i] === 0) put(out, 0, 0, 0, ruleReasonKeys.aspirationNone);
  else {
    const first = x.eAspFirst[i]!;
    const sw = x.sectors.words;
    if (x.rSectors[j * sw + (first >>> 5)]! & (1 << (first & 31))) {
      pts = Math.round(w100[0]!);
      put(
        out,
        0,
        1,
        pts,
        ruleReasonKeys.aspirationFirst,
        say ? { sector: x.sectors.names[first]! } : undefined,
      );
      sum += pts;
    } else if (intersects(x.eAsp, i, x.rSectors, j, sw)) {
      pts = Math.round(w100[0]! * laterAspirationValue);
      put(
        out,
        0,
        laterAspirationValue,
        pts,
        ruleReasonKeys.aspirationOther,
        say ? { sector: x.sectors.shared(x.eAsp, i, x.rSectors, j)[0]! } : undefined,
      );
      sum += pts;
    } else put(out, 0, 0, 0, ruleReasonKeys.aspirationNoMatch);
  }

  // Skills: the share of her goal skills the mentor can offer.
  const goals = x.eGoalCount[i]!;
  if (goals === 0) put(out, 1, 0, 0, ruleReasonKeys.skillsNoGoals);
  else {
    const shared = overlap(x.eGoal, i, x.rSkills, j, x.skills.words);
    if (shared) {
      value = shared / goals;
      pts = Math.round(w100[1]! * value);
      put(
        out,
        1,
        value,
        pts,
        ruleReasonKeys.skillsShared,
        say ? { shared, of: goals, skills: list(x.skills.shared(x.eGoal, i, x.rSkills, j)) } : undefined,
      );
      sum += pts;
    } else put(out, 1, 0, 0, ruleReasonKeys.skillsNoMatch, say ? { of: goals } : undefined);
  }
  return dq ? -1 : sum;
}
