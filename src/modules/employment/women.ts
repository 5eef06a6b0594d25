import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { audit, type EmploymentDeps, today } from './deps.ts';
import { jsonRows } from './json-rows.ts';
import { type LazyProfile, womenForLazily } from './match.ts';
import { NEAR_MISS } from './matching.ts';
import { FASTEST_KM_PER_MINUTE, getOpportunity } from './opportunities.ts';
import type { RightToWork } from './profiles.ts';
import { cefrLevels, workProfiles } from './schema.ts';

type Opportunity = Awaited<ReturnType<typeof getOpportunity>>;

/** What matching reads of her profile, and nothing else (her care notes are never read here). */
const profileColumns = {
  participantId: workProfiles.participantId,
  skills: workProfiles.skills,
  sectors: workProfiles.sectors,
  qualificationLevel: workProfiles.qualificationLevel,
  spokenEnglish: workProfiles.spokenEnglish,
  writtenEnglish: workProfiles.writtenEnglish,
  availability: workProfiles.availability,
  schoolHoursOnly: workProfiles.schoolHoursOnly,
  termTimeOnly: workProfiles.termTimeOnly,
  latitude: workProfiles.latitude,
  longitude: workProfiles.longitude,
  maxJourneyMinutes: workProfiles.maxJourneyMinutes,
  modes: workProfiles.modes,
  payNeededPence: workProfiles.payNeededPence,
  aspirations: workProfiles.aspirations,
  rightToWorkEnc: workProfiles.rightToWorkEnc,
};

type ProfileRow = { [K in keyof typeof profileColumns]: (typeof workProfiles.$inferSelect)[K] };

/** The level one step below (a near miss is one CEFR step short). */
const stepBelow = (level: NonNullable<Opportunity['minSpokenEnglish']>) =>
  cefrLevels[Math.max(cefrLevels.indexOf(level) - 1, 0)]!;

/**
 * The hard gates the database can decide from the opportunity alone, each kept within its near
 * miss's margin, so what is left out could never be listed: term time, English, qualification, and
 * a box around the place no journey within her limit (plus the margin, at the fastest speed) leaves.
 */
function prefilter(o: Opportunity): SQL | undefined {
  const w = workProfiles;
  const box = () => {
    if (o.remote === 'remote' || o.latitude === null || o.longitude === null) return undefined;
    // Minutes are rounded, so half a minute more. A degree of latitude is at least 111 km; one of
    // longitude at least that times the cosine of the furthest latitude the box reaches.
    const km = sql`((${w.maxJourneyMinutes} + ${NEAR_MISS.journeyMinutes + 0.5}::float8) * ${FASTEST_KM_PER_MINUTE}::float8)`;
    const lat = Math.abs(o.latitude);
    return sql`(${w.maxJourneyMinutes} is null or ${w.latitude} is null or
      (abs(${w.latitude} - ${o.latitude}::float8) * 111.0 <= ${km}
       and abs(${w.longitude} - ${o.longitude}::float8) * 111.0
           * cos(radians(least(89.0, ${lat}::float8 + ${km} / 111.0))) <= ${km}))`;
  };
  return and(
    o.termTimeOnly || o.kind === 'recruitment_day' ? undefined : eq(w.termTimeOnly, false),
    o.minSpokenEnglish ? sql`${w.spokenEnglish} >= ${stepBelow(o.minSpokenEnglish)}` : undefined,
    o.minWrittenEnglish ? sql`${w.writtenEnglish} >= ${stepBelow(o.minWrittenEnglish)}` : undefined,
    o.minQualificationLevel === null
      ? undefined
      : sql`${w.qualificationLevel} >= ${o.minQualificationLevel - 1}`,
    box(),
  );
}

/**
 * The women of the actor's organisation who fit an opportunity: only records this user may open as
 * her organisation's staff, and only with her current consent to matching, both checked for the
 * whole list in one query before any profile is matched. Her right to work is decrypted only for the
 * few ranked high enough to be shown (match.ts womenForLazily). Employers never reach this (they
 * cannot search women).
 */
export async function womenWhoFit(
  deps: EmploymentDeps,
  actor: Actor,
  opportunityId: string,
  now = new Date(),
) {
  authorise(actor, 'participant:read');
  const opportunity = await getOpportunity(deps, actor, opportunityId);
  const rows = await jsonRows<ProfileRow>(
    deps.db,
    profileColumns,
    workProfiles,
    and(eq(workProfiles.organisationId, actor.organisationId), prefilter(opportunity)),
  );
  const consenting = await deps.participants.womenWithConsent(
    actor,
    rows.map((r) => r.participantId),
    'matching',
  );
  const profiles: LazyProfile[] = [];
  for (const { rightToWorkEnc, ...row } of rows) {
    if (!consenting.has(row.participantId)) continue;
    profiles.push({
      ...row,
      rightToWork: () => {
        const rtw = rightToWorkEnc ? (JSON.parse(deps.cipher.decrypt(rightToWorkEnc)) as RightToWork) : null;
        return { basis: rtw?.basis ?? 'unknown', expires: rtw?.expires ?? null };
      },
    });
  }
  const ranked = womenForLazily(opportunity, profiles, today(now), { fits: 30, nearMisses: 15 });
  const named = (list: typeof ranked.fits) =>
    list.map((match) => ({
      match,
      id: match.profileId,
      name: consenting.get(match.profileId)!.preferredName,
    }));
  const fits = named(ranked.fits);
  const nearMisses = named(ranked.nearMisses);
  await audit(deps, deps.db, actor, 'opportunity.women-viewed', 'opportunity', opportunityId, {
    // Whose profiles were shown, so her subject access request can answer who saw her matched.
    participantIds: [...fits, ...nearMisses].map((w) => w.id),
  });
  return { fits, nearMisses };
}
