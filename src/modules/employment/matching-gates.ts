/**
 * The hard gates. Each gate has a status (PASS, NEAR: missed within its margin, FAIL), read from
 * numbers, and an explanation built from the same comparisons only when someone will read it.
 *
 * What each gate asks, and what happens when something is not recorded:
 * - closing: the closing date has passed. (Closing within CLOSING_SOON_DAYS is a note, not a failure.)
 * - right_to_work: her assessed basis is one the opportunity accepts (see OpportunityForMatch);
 *   asylum seekers' permission to work covers only Immigration Salary List jobs, for paid kinds;
 *   time-limited leave must have an expiry recorded and last until the start date (or today).
 *   "unknown" (not yet assessed) fails: employers rely on every woman put forward being assessed.
 * - term_time: she can work in term time only and the opportunity runs through the holidays
 *   (a recruitment day, a single event, is exempt).
 * - spoken_english / written_english, qualification: her level is at least the one asked for; a
 *   level not recorded fails (an essential cannot be assumed).
 * - journey: the estimate (matching-journey.ts) is within her limit. No limit recorded: passes.
 *   Remote work: no journey. Hybrid: the journey counts. A place not known: passes with a note.
 * - hours: every window of the opportunity lies inside her availability (matching-hours.ts). With no
 *   availability recorded the gate passes and a note says it was not checked: her constraints,
 *   unlike the essentials, are hers to state.
 */
import {
  ANY_TIME,
  Availability,
  type HoursClash,
  SCHOOL_AVAILABILITY,
  Spans,
  worstClash,
  worstOutside,
} from './matching-hours.ts';
import { aboutMinutesOver, journeyMinutes } from './matching-journey.ts';
import type {
  Gate,
  GateFailure,
  MatchNote,
  OpportunityForMatch,
  OpportunityKind,
  RightToWork,
  WorkProfile,
} from './matching-types.ts';

/** A near miss: one gate missed by at most this much. */
export const NEAR_MISS = {
  /** One CEFR step (B1 for B2). */
  cefrSteps: 1,
  /** One RQF level: often what a UK ENIC statement of comparability settles. */
  qualificationLevels: 1,
  /** Journey over her limit by up to 15 minutes. */
  journeyMinutes: 15,
  /** Up to 30 minutes of any one window outside her availability (a 09:00 start for 09:15). */
  hoursMinutes: 30,
} as const;

export const CLOSING_SOON_DAYS = 7;
export const RIGHT_TO_WORK_REVIEW_DAYS = 90;

export const PASS = 0;
export const NEAR = 1;
export const FAIL = 2;
/** evaluate(): fails more than one gate, or one by more than its margin. */
export const OUT = 2;

/** A1 1 … C2 6, and 0 for none: from the two characters, as it runs for every pair ranked. */
function rank(level: string | null): number {
  if (level === null || level.length !== 2) return 0;
  const letter = level.charCodeAt(0) - 65; // A, B, C
  const step = level.charCodeAt(1) - 49; // 1, 2
  return letter >>> 0 <= 2 && step >>> 0 <= 1 ? letter * 2 + step + 1 : 0;
}

/** Kinds that are paid work: the right to work is always required, and the ISL restriction applies. */
const isPaid = (kind: OpportunityKind) => kind !== 'volunteering' && kind !== 'course';
const basesPermittingWork: readonly RightToWork[] = [
  'refugee_status',
  'settled',
  'time_limited',
  'asylum_permission_isl',
];

/**
 * One woman and one opportunity, with what is derived from each prepared once and kept while that
 * side stays the same (ranking changes one side at a time).
 */
export class Pair {
  p!: WorkProfile;
  o!: OpportunityForMatch;
  private readonly av = new Availability();
  private readonly sp = new Spans();
  private avFor: WorkProfile | null = null;
  private spFor: OpportunityForMatch | null = null;
  private jP: WorkProfile | null = null;
  private jO: OpportunityForMatch | null = null;
  /** Minutes, or -1 for not known: always a small integer, so setting it allocates nothing. */
  private j = -1;

  setProfile(p: WorkProfile) {
    this.p = p;
  }
  setOpp(o: OpportunityForMatch) {
    this.o = o;
  }
  availability(): Availability {
    const p = this.p;
    if (!p.availability.length) return p.schoolHoursOnly ? SCHOOL_AVAILABILITY : ANY_TIME;
    if (this.avFor !== p) {
      this.av.load(p.availability, p.schoolHoursOnly);
      this.avFor = p;
    }
    return this.av;
  }
  spans(): Spans {
    if (this.spFor !== this.o) {
      this.sp.load(this.o.hours);
      this.spFor = this.o;
    }
    return this.sp;
  }
  /** Estimated minutes; 0 for remote work; null when a place is not known. */
  journey(): number | null {
    if (this.jP !== this.p || this.jO !== this.o) {
      this.j =
        this.o.remote === 'remote' ? 0 : (journeyMinutes(this.p.point, this.o.point, this.p.modes) ?? -1);
      this.jP = this.p;
      this.jO = this.o;
    }
    return this.j < 0 ? null : this.j;
  }
}

type RightToWorkProblem =
  | 'notAssessed'
  | 'none'
  | 'notAccepted'
  | 'islOnly'
  | 'expiryUnknown'
  | 'expired'
  | 'endsBeforeStart';

function rightToWorkProblem(
  p: WorkProfile,
  o: OpportunityForMatch,
  today: string,
): RightToWorkProblem | null {
  const paid = isPaid(o.kind);
  const allowed = o.rightToWorkAllowed.length ? o.rightToWorkAllowed : paid ? basesPermittingWork : null;
  if (!allowed) return null;
  const basis = p.rightToWork;
  if (basis === 'unknown') return 'notAssessed';
  if (!allowed.includes(basis)) return basis === 'none' ? 'none' : 'notAccepted';
  if (basis === 'asylum_permission_isl' && paid && !o.onImmigrationSalaryList) return 'islOnly';
  if (basis === 'time_limited') {
    const ends = p.rightToWorkExpires;
    if (!ends) return 'expiryUnknown';
    if (ends < today) return 'expired';
    if (o.startDate && ends < o.startDate) return 'endsBeforeStart';
  }
  return null;
}

const rightToWorkReasons: Record<RightToWorkProblem, string> = {
  notAssessed: 'employment.matching.gate.rightToWork.notAssessed',
  none: 'employment.matching.gate.rightToWork.none',
  notAccepted: 'employment.matching.gate.rightToWork.notAccepted',
  islOnly: 'employment.matching.gate.rightToWork.islOnly',
  expiryUnknown: 'employment.matching.gate.rightToWork.expiryUnknown',
  expired: 'employment.matching.gate.rightToWork.expired',
  endsBeforeStart: 'employment.matching.gate.rightToWork.endsBeforeStart',
};

const rightToWorkWouldFit: Partial<Record<RightToWorkProblem, string>> = {
  notAssessed: 'employment.matching.wouldFit.assessRightToWork',
  expiryUnknown: 'employment.matching.wouldFit.recordLeaveEnds',
  expired: 'employment.matching.wouldFit.recordLeaveExtended',
};

/** Her own availability, or school hours ("outside her school-hours availability", as she would say it). */
const hoursReasons: Record<HoursClash['kind'], string> = {
  day: 'employment.matching.gate.hours.day',
  starts: 'employment.matching.gate.hours.starts',
  ends: 'employment.matching.gate.hours.ends',
  gap: 'employment.matching.gate.hours.gap',
};
const hoursReasonsSchool: Record<HoursClash['kind'], string> = {
  day: 'employment.matching.gate.hours.schoolDay',
  starts: 'employment.matching.gate.hours.schoolStarts',
  ends: 'employment.matching.gate.hours.schoolEnds',
  gap: 'employment.matching.gate.hours.schoolGap',
};

const levelStatus = (has: number, needed: number, margin: number) =>
  has >= needed ? PASS : has > 0 && needed - has <= margin ? NEAR : FAIL;

// The statuses, as plain named functions: evaluate() calls them in a straight line (so the engine
// can inline them) and explainFailures() through `rules`, so both read the same comparisons.
const closingStatus = (c: Pair, today: string) =>
  c.o.closingDate !== null && c.o.closingDate < today ? FAIL : PASS;
const rightToWorkStatus = (c: Pair, today: string) => (rightToWorkProblem(c.p, c.o, today) ? FAIL : PASS);
const termTimeStatus = (c: Pair) =>
  c.p.termTimeOnly && !c.o.termTimeOnly && c.o.kind !== 'recruitment_day' ? FAIL : PASS;
function spokenStatus(c: Pair) {
  const n = rank(c.o.minSpokenEnglish);
  return n === 0 ? PASS : levelStatus(rank(c.p.spokenEnglish), n, NEAR_MISS.cefrSteps);
}
function writtenStatus(c: Pair) {
  const n = rank(c.o.minWrittenEnglish);
  return n === 0 ? PASS : levelStatus(rank(c.p.writtenEnglish), n, NEAR_MISS.cefrSteps);
}
function qualificationStatus(c: Pair) {
  const n = c.o.minQualificationLevel;
  if (n === null) return PASS;
  const has = c.p.qualificationLevel;
  // RQF 0 is entry level, a real level; +1 so "not recorded" (0 in levelStatus) is below every level.
  return has === null ? FAIL : levelStatus(has + 1, n + 1, NEAR_MISS.qualificationLevels);
}
function hoursStatus(c: Pair) {
  if (!c.o.hours.length) return PASS;
  const worst = worstOutside(c.availability(), c.spans());
  return worst === 0 ? PASS : worst <= NEAR_MISS.hoursMinutes ? NEAR : FAIL;
}
function journeyStatus(c: Pair) {
  const limit = c.p.maxJourneyMinutes;
  const j = limit === null ? null : c.journey();
  if (j === null || limit === null || j <= limit) return PASS;
  return j - limit <= NEAR_MISS.journeyMinutes ? NEAR : FAIL;
}

interface GateRule {
  gate: Gate;
  status(c: Pair, today: string): number;
  explain(c: Pair, today: string, status: number): Omit<GateFailure, 'gate' | 'nearMiss'>;
}

const englishRule = (gate: 'spoken_english' | 'written_english'): GateRule => {
  const spoken = gate === 'spoken_english';
  const needed = (o: OpportunityForMatch) => (spoken ? o.minSpokenEnglish : o.minWrittenEnglish);
  const has = (p: WorkProfile) => (spoken ? p.spokenEnglish : p.writtenEnglish);
  return {
    gate,
    status: spoken ? spokenStatus : writtenStatus,
    explain: (c, _today, status) => {
      const values = { needed: needed(c.o) ?? '', has: has(c.p) ?? '' };
      if (!has(c.p))
        return spoken
          ? {
              reason: 'employment.matching.gate.spokenEnglishUnknown',
              values,
              wouldFit: 'employment.matching.wouldFit.recordSpokenEnglish',
            }
          : {
              reason: 'employment.matching.gate.writtenEnglishUnknown',
              values,
              wouldFit: 'employment.matching.wouldFit.recordWrittenEnglish',
            };
      const wouldFit =
        status === NEAR
          ? spoken
            ? 'employment.matching.wouldFit.spokenEnglish'
            : 'employment.matching.wouldFit.writtenEnglish'
          : undefined;
      return spoken
        ? { reason: 'employment.matching.gate.spokenEnglish', values, wouldFit }
        : { reason: 'employment.matching.gate.writtenEnglish', values, wouldFit };
    },
  };
};

/** In the order they are evaluated: cheapest first, and the order failures are listed in. */
const rules: readonly GateRule[] = [
  {
    gate: 'closing',
    status: closingStatus,
    explain: (c) => ({ reason: 'employment.matching.gate.closed', values: { date: c.o.closingDate ?? '' } }),
  },
  {
    gate: 'right_to_work',
    status: rightToWorkStatus,
    explain: (c, today) => {
      const problem = rightToWorkProblem(c.p, c.o, today)!;
      const values = {
        basis: c.p.rightToWork,
        date: c.p.rightToWorkExpires ?? '',
        start: c.o.startDate ?? '',
      };
      return { reason: rightToWorkReasons[problem], values, wouldFit: rightToWorkWouldFit[problem] };
    },
  },
  {
    gate: 'term_time',
    status: termTimeStatus,
    explain: () => ({
      reason: 'employment.matching.gate.termTime',
      values: {},
      wouldFit: 'employment.matching.wouldFit.termTime',
    }),
  },
  englishRule('spoken_english'),
  englishRule('written_english'),
  {
    gate: 'qualification',
    status: qualificationStatus,
    explain: (c, _today, status) => {
      const values = { needed: c.o.minQualificationLevel ?? '', has: c.p.qualificationLevel ?? '' };
      if (c.p.qualificationLevel === null)
        return {
          reason: 'employment.matching.gate.qualificationUnknown',
          values,
          wouldFit: 'employment.matching.wouldFit.recordQualifications',
        };
      return {
        reason: 'employment.matching.gate.qualification',
        values,
        wouldFit: status === NEAR ? 'employment.matching.wouldFit.qualification' : undefined,
      };
    },
  },
  {
    gate: 'journey',
    status: journeyStatus,
    explain: (c, _today, status) => {
      const j = c.journey()!;
      return {
        reason: 'employment.matching.gate.journey',
        // Rounded up, so an estimate just over her limit never reads as "about 45 min, her limit 45".
        values: { minutes: aboutMinutesOver(j), limit: c.p.maxJourneyMinutes ?? '', estimate: j },
        wouldFit: status === NEAR ? 'employment.matching.wouldFit.journey' : undefined,
      };
    },
  },
  {
    gate: 'hours',
    status: hoursStatus,
    explain: (c, _today, status) => {
      const av = c.availability();
      const clash = worstClash(av, c.spans())!;
      return {
        reason: (av.school ? hoursReasonsSchool : hoursReasons)[clash.kind],
        values: {
          day: clash.day,
          time: clash.time,
          from: clash.from,
          to: clash.to,
          minutes: clash.minutesOutside,
        },
        wouldFit: status === NEAR ? 'employment.matching.wouldFit.hours' : undefined,
      };
    },
  },
];

/**
 * PASS, NEAR (exactly one gate missed within its margin) or OUT; stops at the first sure OUT. The
 * same gates in the same order as `rules`, written out (the test compares ranking with matchOne).
 */
export function evaluate(c: Pair, today: string): number {
  let near = false;
  let s = closingStatus(c, today);
  if (s !== PASS) return OUT; // never a near miss
  s = rightToWorkStatus(c, today);
  if (s !== PASS) return OUT; // never a near miss
  s = termTimeStatus(c);
  if (s !== PASS) return OUT; // never a near miss
  s = spokenStatus(c);
  if (s !== PASS) {
    if (s === FAIL) return OUT;
    near = true;
  }
  s = writtenStatus(c);
  if (s !== PASS) {
    if (s === FAIL || near) return OUT;
    near = true;
  }
  s = qualificationStatus(c);
  if (s !== PASS) {
    if (s === FAIL || near) return OUT;
    near = true;
  }
  s = journeyStatus(c);
  if (s !== PASS) {
    if (s === FAIL || near) return OUT;
    near = true;
  }
  s = hoursStatus(c);
  if (s !== PASS) {
    if (s === FAIL || near) return OUT;
    near = true;
  }
  return near ? NEAR : PASS;
}

/** Every failing gate, explained, in gate order. */
export function explainFailures(c: Pair, today: string): GateFailure[] {
  const out: GateFailure[] = [];
  for (const rule of rules) {
    const s = rule.status(c, today);
    if (s === PASS) continue;
    const e = rule.explain(c, today, s);
    const failure: GateFailure = {
      gate: rule.gate,
      reason: e.reason,
      values: e.values,
      nearMiss: s === NEAR,
    };
    if (e.wouldFit) failure.wouldFit = e.wouldFit;
    out.push(failure);
  }
  return out;
}

const dayNumber = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5;

/** What is worth knowing but excludes nothing. */
export function matchNotes(c: Pair, today: string, failures: GateFailure[]): MatchNote[] {
  const notes: MatchNote[] = [];
  const failed = (g: Gate) => failures.some((f) => f.gate === g);
  const closing = c.o.closingDate;
  if (closing && closing >= today) {
    const days = dayNumber(closing) - dayNumber(today);
    if (days <= CLOSING_SOON_DAYS)
      notes.push({
        note: 'closing_soon',
        reason:
          days === 0
            ? 'employment.matching.note.closesToday'
            : days === 1
              ? 'employment.matching.note.closesTomorrow'
              : 'employment.matching.note.closesInDays',
        values: { days, date: closing },
      });
  }
  if (c.o.hours.length && c.availability().unconstrained)
    notes.push({ note: 'not_checked', reason: 'employment.matching.note.availabilityUnknown', values: {} });
  if (c.p.maxJourneyMinutes !== null && c.journey() === null)
    notes.push({ note: 'not_checked', reason: 'employment.matching.note.journeyUnknown', values: {} });
  const ends = c.p.rightToWorkExpires;
  if (c.p.rightToWork === 'time_limited' && ends && !failed('right_to_work') && ends >= today) {
    if (dayNumber(ends) - dayNumber(today) <= RIGHT_TO_WORK_REVIEW_DAYS)
      notes.push({
        note: 'right_to_work_review',
        reason: 'employment.matching.note.leaveEnds',
        values: { date: ends },
      });
  }
  return notes;
}
