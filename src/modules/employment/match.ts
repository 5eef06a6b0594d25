/**
 * The one adapter between this module's rows and the pure matching logic (matching.ts): every call
 * to it goes through here, so the rows' shapes and the matcher's can change apart.
 */
import {
  type Match,
  matchOne,
  type OpportunityForMatch,
  fitsSchoolHours as pureFitsSchoolHours,
  rankOpportunities,
  rankWomen,
  type WorkProfile,
} from './matching.ts';
import type { opportunities, RightToWorkBasis, Window } from './schema.ts';

export type { GateFailure, Match, ScorePart } from './matching.ts';

type OpportunityRow = typeof opportunities.$inferSelect;

/** Her profile as matching reads it (right to work decrypted by the caller). */
export interface ProfileForMatch {
  participantId: string;
  skills: string[];
  sectors: string[];
  qualificationLevel: number | null;
  spokenEnglish: WorkProfile['spokenEnglish'];
  writtenEnglish: WorkProfile['writtenEnglish'];
  availability: Window[];
  schoolHoursOnly: boolean;
  termTimeOnly: boolean;
  latitude: number | null;
  longitude: number | null;
  maxJourneyMinutes: number | null;
  modes: WorkProfile['modes'];
  rightToWork: RightToWorkBasis;
  rightToWorkExpires: string | null;
  payNeededPence: number | null;
  aspirations: string[];
}

export const fitsSchoolHours = (hours: Window[]) => pureFitsSchoolHours(hours);

const point = (lat: number | null, lng: number | null) =>
  lat === null || lng === null ? null : { lat, lng };

export function toWorkProfile(p: ProfileForMatch): WorkProfile {
  return {
    id: p.participantId,
    skills: p.skills,
    sectors: p.sectors,
    qualificationLevel: p.qualificationLevel,
    spokenEnglish: p.spokenEnglish,
    writtenEnglish: p.writtenEnglish,
    availability: p.availability,
    schoolHoursOnly: p.schoolHoursOnly,
    termTimeOnly: p.termTimeOnly,
    point: point(p.latitude, p.longitude),
    maxJourneyMinutes: p.maxJourneyMinutes,
    modes: p.modes,
    rightToWork: p.rightToWork,
    rightToWorkExpires: p.rightToWorkExpires,
    payNeededPence: p.payNeededPence,
    aspirations: p.aspirations,
  };
}

export function toOpportunity(o: OpportunityRow): OpportunityForMatch {
  return {
    id: o.id,
    kind: o.kind,
    sector: o.sector,
    skills: o.skills,
    hours: o.hours,
    termTimeOnly: o.termTimeOnly,
    remote: o.remote,
    point: point(o.latitude, o.longitude),
    hourlyPayPence: o.hourlyPayPence,
    closingDate: o.closingDate,
    startDate: o.startDate,
    minSpokenEnglish: o.minSpokenEnglish,
    minWrittenEnglish: o.minWrittenEnglish,
    minQualificationLevel: o.minQualificationLevel,
    rightToWorkAllowed: o.rightToWorkAllowed,
    onImmigrationSalaryList: o.onImmigrationSalaryList,
    dbsLevel: o.dbsLevel,
  };
}

export function opportunitiesFor(p: ProfileForMatch, rows: OpportunityRow[], today: string) {
  return rankOpportunities(toWorkProfile(p), rows.map(toOpportunity), today);
}

export function womenFor(o: OpportunityRow, profiles: ProfileForMatch[], today: string) {
  return rankWomen(toOpportunity(o), profiles.map(toWorkProfile), today);
}

/** How many of these women fit, without explaining any (the monthly digest's count). */
export function fitCount(o: OpportunityRow, profiles: ProfileForMatch[], today: string): number {
  return rankWomen(toOpportunity(o), profiles.map(toWorkProfile), today, { limit: 0 }).counts.fits;
}

/** One woman against one opportunity (the put-forward page's check). */
export function matchPair(p: ProfileForMatch, o: OpportunityRow, today: string): Match {
  return matchOne(toWorkProfile(p), toOpportunity(o), today);
}
