/**
 * The one adapter between this module's rows and the pure matching logic (matching.ts): every call
 * to it goes through here, so the rows' shapes and the matcher's can change apart.
 */
import {
  type Match,
  matchOne,
  type OpportunityForMatch,
  orderWomen,
  fitsSchoolHours as pureFitsSchoolHours,
  rankOpportunities,
  rankWomen,
  type WorkProfile,
} from './matching.ts';
import {
  availableDays,
  hoursDays,
  opportunityBox,
  profileBox,
  queryBoxForHer,
  queryBoxForOpportunity,
} from './matching-prefilter.ts';
import type { opportunities, RightToWorkBasis, Window } from './schema.ts';

export type { GateFailure, Match, OpportunityForMatch, ScorePart } from './matching.ts';

/** The columns of an opportunity matching reads (opportunities.ts matchColumns selects these). */
type OpportunityRow = Pick<
  typeof opportunities.$inferSelect,
  | 'id'
  | 'kind'
  | 'sector'
  | 'skills'
  | 'hours'
  | 'termTimeOnly'
  | 'remote'
  | 'latitude'
  | 'longitude'
  | 'hourlyPayPence'
  | 'closingDate'
  | 'startDate'
  | 'minSpokenEnglish'
  | 'minWrittenEnglish'
  | 'minQualificationLevel'
  | 'rightToWorkAllowed'
  | 'onImmigrationSalaryList'
  | 'dbsLevel'
>;

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

export const toWorkProfile = (p: ProfileForMatch): WorkProfile =>
  profileWith(p, p.rightToWork, p.rightToWorkExpires);

/** Her profile as matching reads it, with this right to work (no copy of her row made first). */
function profileWith(
  p: Omit<ProfileForMatch, 'rightToWork' | 'rightToWorkExpires'>,
  rightToWork: RightToWorkBasis,
  rightToWorkExpires: string | null,
): WorkProfile {
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
    rightToWork,
    rightToWorkExpires,
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

/** What an opportunity's row stores for the database's prefilter, derived when it is saved. */
export function opportunityDerived(o: OpportunityRow) {
  const opp = toOpportunity(o);
  return { hoursDays: hoursDays(opp), matchBox: opportunityBox(opp) };
}

/** What her profile's row stores for the prefilter (her right to work plays no part in it). */
export function profileDerived(p: Omit<ProfileForMatch, 'rightToWork' | 'rightToWorkExpires'>) {
  const w = toWorkProfile({ ...p, rightToWork: 'unknown', rightToWorkExpires: null });
  return { availableDays: availableDays(w), matchBox: profileBox(w) };
}

/** The prefilter's query for her candidates (overlap the box; the opportunity's days in hers). */
export function candidatesQueryFor(p: ProfileForMatch, today: string) {
  const w = toWorkProfile(p);
  return { box: queryBoxForHer(w, today), days: availableDays(w) };
}

/** The prefilter's query for the women an opportunity could suit. */
export function womenQueryFor(o: OpportunityRow) {
  const opp = toOpportunity(o);
  return { box: queryBoxForOpportunity(opp), days: hoursDays(opp) };
}

export function opportunitiesFor(p: ProfileForMatch, rows: OpportunityRow[], today: string) {
  return rankOpportunities(toWorkProfile(p), rows.map(toOpportunity), today);
}

/** As opportunitiesFor, over opportunities already in the matcher's form (kept so in memory). */
export function opportunitiesForPrepared(
  p: ProfileForMatch,
  opps: OpportunityForMatch[],
  today: string,
  limit: number,
) {
  return rankOpportunities(toWorkProfile(p), opps, today, { limit });
}

/** How many of these women fit, without explaining any (the monthly digest's count). */
export function fitCount(o: OpportunityRow, profiles: ProfileForMatch[], today: string): number {
  return rankWomen(toOpportunity(o), profiles.map(toWorkProfile), today, { limit: 0 }).counts.fits;
}

/** One woman against one opportunity (the put-forward page's check). */
export function matchPair(p: ProfileForMatch, o: OpportunityRow, today: string): Match {
  return matchOne(toWorkProfile(p), toOpportunity(o), today);
}

/** Her profile as read, before her consent is checked and her right to work decrypted. */
export type UncheckedProfile = Omit<ProfileForMatch, 'rightToWork' | 'rightToWorkExpires'>;

/**
 * What `check` says of the women asked about: for each who may be matched (her current consent, a
 * record this user may open), her name and her right to work; a woman left out is not matched.
 */
export interface CheckedWoman {
  name: string;
  rightToWork: RightToWorkBasis;
  expires: string | null;
}
export type CheckWomen = (ids: string[]) => Promise<Map<string, CheckedWoman>>;

/**
 * For an opportunity, the best `want` women who fit and nearly fit, checking consent and decrypting
 * the right to work of only the few ranked high enough to be shown. Exact, because neither can move
 * a woman between the lists or change her score: the right-to-work gate is never a near miss and no
 * score part reads it, and without consent she is simply not there. So the women are ranked first
 * as if every one consented and passed (an opportunity asking for the settled basis, and every woman
 * settled), and keep that order; then the best of each list (its own pool) are checked and ranked
 * for real, and the pool of a list grows until it has `want` or holds every woman of the first
 * ranking's list (a woman checked only leaves a list, never moves to the other or up it).
 */
export async function womenForLazily(
  o: OpportunityRow,
  profiles: UncheckedProfile[],
  today: string,
  want: { fits: number; nearMisses: number },
  check: CheckWomen,
) {
  const opp = toOpportunity(o);
  const assumed = { ...opp, rightToWorkAllowed: ['settled' as const] };
  const settled = profiles.map((p) => profileWith(p, 'settled', null));
  const byId = new Map(profiles.map((p) => [p.participantId, p]));
  const checked = new Map<string, CheckedWoman | null>();
  // Four times each list at first (most consent, many have the right to work), then each list
  // still short grows its own pool by the share its checks kept, so a late list costs a round or
  // two of checks, not hundreds of women.
  const pool = { fits: want.fits * 4, nearMisses: want.nearMisses * 4 };
  for (;;) {
    const first = orderWomen(assumed, settled, today, { limit: Math.max(pool.fits, pool.nearMisses) });
    const ids = [...first.fits.slice(0, pool.fits), ...first.nearMisses.slice(0, pool.nearMisses)];
    const unchecked = ids.filter((id) => !checked.has(id));
    if (unchecked.length) {
      const found = await check(unchecked);
      for (const id of unchecked) checked.set(id, found.get(id) ?? null);
    }
    const real: WorkProfile[] = [];
    for (const id of ids) {
      const c = checked.get(id);
      if (!c) continue;
      real.push(profileWith(byId.get(id)!, c.rightToWork, c.expires));
    }
    const ranked = rankWomen(opp, real, today, { limit: Math.max(want.fits, want.nearMisses) });
    const fitsDone = ranked.fits.length >= want.fits || first.counts.fits <= pool.fits;
    const nearDone =
      ranked.nearMisses.length >= want.nearMisses || first.counts.nearMisses <= pool.nearMisses;
    const enough = fitsDone && nearDone;
    if (enough) {
      const named = (list: Match[]) =>
        list.map((match) => ({ match, name: checked.get(match.profileId)!.name }));
      return {
        fits: named(ranked.fits.slice(0, want.fits)),
        nearMisses: named(ranked.nearMisses.slice(0, want.nearMisses)),
      };
    }
    // A short list grows by what its checks so far found (a quarter to spare), at least twofold.
    const grow = (size: number, found: number, wanted: number) =>
      Math.max(size * 2, Math.ceil(((wanted * 1.25) / Math.max(found, 1)) * size));
    if (!fitsDone) pool.fits = grow(pool.fits, ranked.counts.fits, want.fits);
    if (!nearDone) pool.nearMisses = grow(pool.nearMisses, ranked.counts.nearMisses, want.nearMisses);
  }
}
