import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { reversePool } from './alumni.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import { leadersOf } from './leaders.ts';
import {
  disqualifierKey,
  type MatchInput,
  type Mentee,
  type Mentor,
  matchCohort,
  type Part,
  rematchPair,
  type Weights,
} from './matching-adapter.ts';
import { type Cohort, loadCohort } from './programmes.ts';
import { openRequests, resolveRequests } from './repair-requests.ts';
import { mentoringExclusions, mentoringMentees, mentoringMentors, mentoringPairs } from './schema.ts';

const point = (r: { lat: number | null; lng: number | null }) =>
  r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null;

/**
 * The matching page: the weights in use, the draft and published pairs with every rule's part,
 * exclusions, and who is waiting. Mentee names are her chosen name only (no record is read).
 */
export async function matchingPage(deps: MentoringDeps, actor: Actor, cohortId: string) {
  const { cohort, programme, weights } = await loadCohort(deps, actor, cohortId);
  return deps.db.transaction(async (tx) => {
    const pairs = await tx
      .select({
        pair: mentoringPairs,
        mentee: mentoringMentees.chosenName,
        mentor: mentoringMentors.name,
      })
      .from(mentoringPairs)
      .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
      .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
      .where(
        and(eq(mentoringPairs.cohortId, cohort.id), inArray(mentoringPairs.status, ['draft', 'published'])),
      )
      .orderBy(sql`${mentoringPairs.status} desc`, sql`${mentoringPairs.score} desc`);
    const mentees = await tx
      .select({
        id: mentoringMentees.id,
        chosenName: mentoringMentees.chosenName,
        status: mentoringMentees.status,
      })
      .from(mentoringMentees)
      .where(eq(mentoringMentees.cohortId, cohort.id));
    const excluded = await tx
      .select({
        id: mentoringExclusions.id,
        mentee: mentoringMentees.chosenName,
        mentor: mentoringMentors.name,
      })
      .from(mentoringExclusions)
      .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringExclusions.menteeId))
      .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringExclusions.mentorId))
      .where(eq(mentoringExclusions.cohortId, cohort.id));
    const paired = new Set(pairs.map((p) => p.pair.menteeId));
    // Why each one still waiting would not be matched now: the engine run in memory, nothing written.
    const dry = matchCohort(await buildInput(tx, cohort, weights));
    const why = new Map(
      dry.unmatchedMentees.map((u) => [
        u.id,
        u.why === 'capacity'
          ? ('capacity' as const)
          : u.why.map((d) => ({ key: disqualifierKey(d.code), detail: d.detail })),
      ]),
    );
    await audit(deps, tx, actor, 'mentorship.matching-viewed', 'mentoring_cohort', cohort.id, {
      pairs: pairs.length,
    });
    return {
      cohort,
      programme,
      weights,
      pairs: pairs.map((p) => ({ ...p, parts: p.pair.parts as Part[] })),
      waiting: mentees
        .filter((m) => !paired.has(m.id) && m.status === 'waiting')
        .map((m) => ({ ...m, why: why.get(m.id) ?? null })),
      excluded,
      repairRequests: await openRequests(tx, cohort.id),
      // A reverse-mentoring cohort draws its mentors from alumnae who agreed.
      reversePool: programme.kind === 'reverse' ? await reversePool(tx, cohort.organisationId) : null,
      leaders: programme.kind === 'reverse' ? await leadersOf(tx as never, cohort.id) : null,
    };
  });
}

/** What the engine is given for a cohort: waiting mentees, approved mentors' capacity left, pins and exclusions. */
async function buildInput(tx: DbOrTx, cohort: Cohort, weights: Weights): Promise<MatchInput> {
  const drafts = await tx
    .select()
    .from(mentoringPairs)
    .where(and(eq(mentoringPairs.cohortId, cohort.id), eq(mentoringPairs.status, 'draft')));
  const pinned = drafts.filter((d) => d.pinned).map((d): [string, string] => [d.menteeId, d.mentorId]);
  const menteeRows = await tx
    .select()
    .from(mentoringMentees)
    .where(and(eq(mentoringMentees.cohortId, cohort.id), eq(mentoringMentees.status, 'waiting')));
  const mentorRows = await tx
    .select({
      mentor: mentoringMentors,
      busy: sql<number>`(select count(*)::int from ${mentoringPairs} p where p.mentor_id = ${mentoringMentors.id} and p.status = 'published')`,
    })
    .from(mentoringMentors)
    .where(
      and(
        eq(mentoringMentors.organisationId, cohort.organisationId),
        eq(mentoringMentors.status, 'approved'),
      ),
    );
  const excluded = await tx
    .select({ menteeId: mentoringExclusions.menteeId, mentorId: mentoringExclusions.mentorId })
    .from(mentoringExclusions)
    .where(eq(mentoringExclusions.cohortId, cohort.id));
  const endedBadly = await tx
    .select({ menteeId: mentoringPairs.menteeId, mentorId: mentoringPairs.mentorId })
    .from(mentoringPairs)
    .where(and(eq(mentoringPairs.cohortId, cohort.id), eq(mentoringPairs.endedBadly, true)));
  // The programme's own organisation runs the matching: "same organisation" means the mentor's
  // employer is where she is supported, which staff record as a declared conflict instead.
  const mentees: Mentee[] = menteeRows.map((e) => ({
    id: e.id,
    organisationIds: [],
    aspirations: e.aspirations,
    goalSkills: e.goalSkills,
    languages: e.languages,
    interpreterAvailable: e.interpreterAvailable,
    availability: e.availability,
    mode: e.mode,
    point: point(e),
  }));
  const mentors: Mentor[] = mentorRows
    .filter((r) => r.mentor.capacity - r.busy > 0)
    .map(({ mentor: m, busy }) => ({
      id: m.id,
      organisationIds: [],
      sectors: m.sectors,
      skills: m.skills,
      languages: m.languages,
      availability: m.availability,
      mode: m.mode,
      point: point(m),
      maxTravelKm: m.maxTravelKm,
      capacity: m.capacity - busy,
      conflicts: m.conflicts,
    }));
  return {
    mentees,
    mentors,
    weights,
    pinned,
    excluded: excluded.map((x) => [x.menteeId, x.mentorId]),
    endedBadly: endedBadly.map((x) => [x.menteeId, x.mentorId]),
  };
}

/**
 * Runs matching over the whole cohort: every approved mentor of the organisation (with the capacity
 * left after their published pairs) and every waiting mentee. Earlier drafts are replaced, pinned
 * drafts kept as pins; published pairs are untouched. Returns who stayed unmatched and why.
 */
export async function runMatching(deps: MentoringDeps, actor: Actor, cohortId: string) {
  const { cohort, weights } = await loadCohort(deps, actor, cohortId);
  return deps.db.transaction(async (tx) => {
    const input = await buildInput(tx, cohort, weights);
    const result = matchCohort(input);
    const mentees = input.mentees;
    const mentors = input.mentors;
    await tx
      .delete(mentoringPairs)
      .where(and(eq(mentoringPairs.cohortId, cohort.id), eq(mentoringPairs.status, 'draft')));
    if (result.pairs.length)
      await tx.insert(mentoringPairs).values(
        result.pairs.map((p) => ({
          organisationId: cohort.organisationId,
          cohortId: cohort.id,
          menteeId: p.menteeId,
          mentorId: p.mentorId,
          score: p.score,
          parts: p.parts,
          pinned: p.pinned,
        })),
      );
    await audit(deps, tx, actor, 'mentorship.matching-run', 'mentoring_cohort', cohort.id, {
      mentees: mentees.length,
      mentors: mentors.length,
      pairs: result.pairs.length,
      total: result.total,
    });
    return result;
  });
}

async function loadDraft(deps: MentoringDeps, actor: Actor, pairId: string) {
  if (!isUuid(pairId)) throw new NotFoundError();
  const [pair] = await deps.db.select().from(mentoringPairs).where(eq(mentoringPairs.id, pairId));
  if (!pair) throw new NotFoundError();
  await loadCohort(deps, actor, pair.cohortId);
  if (pair.status !== 'draft') throw new ValidationError({ pair: 'mentoring.errors.notDraft' });
  return pair;
}

export const draftActions = ['pin', 'unpin', 'exclude'] as const;
export type DraftAction = (typeof draftActions)[number];
type DraftPair = Awaited<ReturnType<typeof loadDraft>>;

/**
 * What each manager's action does to a draft pair: pinning holds it through the next matching run;
 * excluding removes it now and never proposes these two again in this cohort.
 */
const draftChanges: Record<
  DraftAction,
  { action: string; change(tx: DbOrTx, pair: DraftPair, actor: Actor): Promise<unknown> }
> = {
  pin: {
    action: 'mentorship.pair-pinned',
    change: (tx, pair) =>
      tx.update(mentoringPairs).set({ pinned: true }).where(eq(mentoringPairs.id, pair.id)),
  },
  unpin: {
    action: 'mentorship.pair-unpinned',
    change: (tx, pair) =>
      tx.update(mentoringPairs).set({ pinned: false }).where(eq(mentoringPairs.id, pair.id)),
  },
  exclude: {
    action: 'mentorship.pair-excluded',
    change: async (tx, pair, actor) => {
      await tx
        .insert(mentoringExclusions)
        .values({
          organisationId: pair.organisationId,
          cohortId: pair.cohortId,
          menteeId: pair.menteeId,
          mentorId: pair.mentorId,
          createdByUserId: actor.userId,
        })
        .onConflictDoNothing();
      await tx.delete(mentoringPairs).where(eq(mentoringPairs.id, pair.id));
    },
  },
};

/** Pins, unpins or excludes a draft pair: the change and its audit in one transaction; returns its cohort. */
export async function changeDraft(deps: MentoringDeps, actor: Actor, pairId: string, action: DraftAction) {
  const pair = await loadDraft(deps, actor, pairId);
  const { action: audited, change } = draftChanges[action];
  await deps.db.transaction(async (tx) => {
    await change(tx, pair, actor);
    await audit(deps, tx, actor, audited, 'mentoring_cohort', pair.cohortId, { pairId: pair.id });
  });
  return pair.cohortId;
}

/**
 * Re-pairing after a poor first meeting (asked for by either side, recorded by the manager): the
 * live pair ends, these two are never proposed again in this cohort, and matching re-runs for her
 * alone with every other pair held as it is; her new proposal is a draft to publish.
 */
export async function repair(deps: MentoringDeps, actor: Actor, pairId: string) {
  if (!isUuid(pairId)) throw new NotFoundError();
  const [pair] = await deps.db.select().from(mentoringPairs).where(eq(mentoringPairs.id, pairId));
  if (!pair) throw new NotFoundError();
  const { cohort, weights } = await loadCohort(deps, actor, pair.cohortId);
  if (pair.status !== 'published') throw new ValidationError({ reason: 'mentoring.errors.notLive' });
  return deps.db.transaction(async (tx) => {
    await tx
      .update(mentoringPairs)
      .set({ status: 'ended', endedAt: new Date(), closureReason: 'ended_early', closureNote: 're-paired' })
      .where(eq(mentoringPairs.id, pair.id));
    await resolveRequests(tx, pair.id);
    await tx
      .insert(mentoringExclusions)
      .values({
        organisationId: pair.organisationId,
        cohortId: pair.cohortId,
        menteeId: pair.menteeId,
        mentorId: pair.mentorId,
        createdByUserId: actor.userId,
      })
      .onConflictDoNothing();
    await tx
      .update(mentoringMentees)
      .set({ status: 'waiting' })
      .where(eq(mentoringMentees.id, pair.menteeId));
    await tx
      .delete(mentoringPairs)
      .where(and(eq(mentoringPairs.menteeId, pair.menteeId), eq(mentoringPairs.status, 'draft')));
    // Live pairs already take their mentors' places (buildInput counts them), so they are held.
    const result = rematchPair(await buildInput(tx, cohort, weights), pair.menteeId);
    const mine = result.pairs.filter((p) => p.menteeId === pair.menteeId);
    if (mine.length)
      await tx.insert(mentoringPairs).values(
        mine.map((p) => ({
          organisationId: cohort.organisationId,
          cohortId: cohort.id,
          menteeId: p.menteeId,
          mentorId: p.mentorId,
          score: p.score,
          parts: p.parts,
        })),
      );
    await audit(deps, tx, actor, 'mentorship.pair-repaired', 'mentoring_cohort', cohort.id, {
      pairId: pair.id,
      proposed: mine.length,
    });
    return { cohortId: cohort.id, proposed: mine.length };
  });
}
