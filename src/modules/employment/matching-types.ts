/**
 * The plain data matching works on, agreed with the employment service: it maps its rows to these
 * (postcode districts to centroids, codes for skills, sectors and aspirations) and renders what
 * comes back (every `reason` is an i18n key, rendered with its `values`).
 */
import type { TimeWindow } from './matching-hours.ts';
import type { Mode, Point } from './matching-journey.ts';

export type { Day, TimeWindow } from './matching-hours.ts';
export type { Mode, Point } from './matching-journey.ts';

export const cefrLevels = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type Cefr = (typeof cefrLevels)[number];

export const rightToWorkBases = [
  'refugee_status',
  'settled',
  'time_limited',
  'asylum_permission_isl',
  'none',
  'unknown',
] as const;
export type RightToWork = (typeof rightToWorkBases)[number];

export const opportunityKinds = [
  'job',
  'placement',
  'volunteering',
  'course',
  'apprenticeship',
  'recruitment_day',
] as const;
export type OpportunityKind = (typeof opportunityKinds)[number];

export interface WorkProfile {
  id: string;
  /** Codes from the partnership's lists; compared exactly. */
  skills: string[];
  sectors: string[];
  /** RQF 0–8 (her highest, with a UK ENIC comparable level for overseas ones); null not recorded. */
  qualificationLevel: number | null;
  spokenEnglish: Cefr | null;
  writtenEnglish: Cefr | null;
  availability: TimeWindow[];
  /** Care commitments: she can work only between school drop-off and pick-up, on weekdays. */
  schoolHoursOnly: boolean;
  termTimeOnly: boolean;
  /** Her postcode district's centroid. */
  point: Point | null;
  maxJourneyMinutes: number | null;
  modes: Mode[];
  rightToWork: RightToWork;
  /** For time-limited leave: when it ends ('YYYY-MM-DD'). */
  rightToWorkExpires: string | null;
  payNeededPence: number | null;
  /** Codes of what she hopes to do: a sector, a kind of opportunity, or a skill/role. */
  aspirations: string[];
}

export interface OpportunityForMatch {
  id: string;
  kind: OpportunityKind;
  sector: string;
  skills: string[];
  hours: TimeWindow[];
  termTimeOnly: boolean;
  remote: 'on_site' | 'remote' | 'hybrid';
  /** The place's postcode district centroid (null when remote or not known). */
  point: Point | null;
  hourlyPayPence: number | null;
  /** 'YYYY-MM-DD': the last day to apply. */
  closingDate: string | null;
  startDate: string | null;
  minSpokenEnglish: Cefr | null;
  minWrittenEnglish: Cefr | null;
  minQualificationLevel: number | null;
  /**
   * The bases accepted. Empty: none required for a course or volunteering; for paid work (job,
   * apprenticeship, placement, recruitment day) empty means every basis that permits work.
   */
  rightToWorkAllowed: RightToWork[];
  onImmigrationSalaryList: boolean;
  /**
   * Shown, not matched: a DBS check is made for the role after an offer, so there is no level of
   * hers to compare with beforehand.
   */
  dbsLevel: 'none' | 'basic' | 'standard' | 'enhanced';
}

export const gates = [
  'closing',
  'right_to_work',
  'term_time',
  'spoken_english',
  'written_english',
  'qualification',
  'journey',
  'hours',
] as const;
export type Gate = (typeof gates)[number];

type Values = Record<string, string | number>;

export interface GateFailure {
  gate: Gate;
  /** i18n key under employment.matching.gate. */
  reason: string;
  values: Values;
  /** This gate is missed by no more than its NEAR_MISS margin. */
  nearMiss: boolean;
  /** i18n key under employment.matching.wouldFit: what would make it fit. */
  wouldFit?: string;
}

export const partNames = ['skills', 'sector', 'distance', 'pay', 'aspiration'] as const;
export type PartName = (typeof partNames)[number];

export interface ScorePart {
  part: PartName;
  /** Points the part is worth at most. */
  weight: number;
  /** 0–1: how well this part is met. */
  value: number;
  /** round(weight × value): whole points; the parts' points add up to the score. */
  points: number;
  reason: string;
  values: Values;
}

/** Worth knowing, not a reason to exclude: "closes tomorrow", "availability not recorded". */
export interface MatchNote {
  note: 'closing_soon' | 'not_checked' | 'right_to_work_review';
  reason: string;
  values: Values;
}

export interface Match {
  opportunityId: string;
  profileId: string;
  passes: boolean;
  /** Every gate that fails, in gate order. */
  failures: GateFailure[];
  /** Exactly one gate fails, and by a small margin. */
  nearMiss: boolean;
  /** Sum of the parts' points; 0 with no parts (a match that neither fits nor nearly fits). */
  score: number;
  parts: ScorePart[];
  /** Estimated minutes, 0 for remote work, null when either place is unknown. */
  journeyMinutes: number | null;
  notes: MatchNote[];
}
