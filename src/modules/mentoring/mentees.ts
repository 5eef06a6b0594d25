import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import type { ConsentWithdrawnEvent, ParticipantHeader } from '../participants/index.ts';
import { audit, type MentoringDeps } from './deps.ts';
import { openRequest } from './repair-requests.ts';
import {
  type MeetingMode,
  type MenteeSharedField,
  mentoringCohorts,
  mentoringConcerns,
  mentoringLeaderSessions,
  mentoringLeaders,
  mentoringMentees,
  mentoringMentors,
  mentoringPairs,
  mentoringProgrammes,
  mentoringRepairRequests,
  mentoringSessions,
} from './schema.ts';
import { openMentee, seal } from './secrets.ts';
import { waitingSurvey } from './surveys.ts';

export interface Enrolment {
  cohortId: string;
  sharedFields: MenteeSharedField[];
  chosenName: string;
  languages: string[];
  availability: string[];
  goals: string | null;
  /** Goals of her support plan this mentoring works towards (checked against her plan). */
  planGoalIds?: string[];
  aspirations: string[];
  goalSkills: string[];
  interpreterAvailable: boolean;
  mode: MeetingMode;
}

/** Her record header under the owner rule: mentoring is her own organisation's work (others: 404). */
async function ownerHeader(
  deps: MentoringDeps,
  tx: DbOrTx,
  actor: Actor,
  participantId: string,
  need: 'read' | 'write',
) {
  authorise(actor, 'mentoring:enrol');
  const header = await deps.participants.header(actor, participantId, need, tx);
  if (header.access.level !== 'owner') throw new NotFoundError();
  return header;
}

/**
 * Her mentoring page: her consent, her enrolments with their mentor and sessions, every concern a
 * mentor raised about her (at once, for her key worker), and the cohorts she could join.
 */
export async function herMentoring(deps: MentoringDeps, actor: Actor, participantId: string) {
  authorise(actor, 'mentoring:enrol');
  const plan = await deps.casework.planGoalTitles(actor, participantId, 'mentoring');
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'read');
    const consent = await deps.participants.hasConsent(participantId, 'mentoring', undefined, tx);
    const enrolments = await tx
      .select({
        mentee: mentoringMentees,
        cohort: mentoringCohorts.name,
        programme: mentoringProgrammes.name,
        mentor: mentoringMentors.name,
        pairId: mentoringPairs.id,
      })
      .from(mentoringMentees)
      .innerJoin(mentoringCohorts, eq(mentoringCohorts.id, mentoringMentees.cohortId))
      .innerJoin(mentoringProgrammes, eq(mentoringProgrammes.id, mentoringCohorts.programmeId))
      .leftJoin(
        mentoringPairs,
        and(eq(mentoringPairs.menteeId, mentoringMentees.id), eq(mentoringPairs.status, 'published')),
      )
      .leftJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
      .where(
        and(
          eq(mentoringMentees.organisationId, header.organisationId),
          eq(mentoringMentees.participantId, participantId),
        ),
      )
      .orderBy(desc(mentoringMentees.createdAt));
    const pairIds = enrolments.flatMap((e) => (e.pairId ? [e.pairId] : []));
    const sessions = pairIds.length
      ? await tx
          .select()
          .from(mentoringSessions)
          .where(inArray(mentoringSessions.pairId, pairIds))
          .orderBy(desc(mentoringSessions.heldOn))
      : [];
    const concerns = await tx
      .select()
      .from(mentoringConcerns)
      .where(
        and(
          eq(mentoringConcerns.organisationId, header.organisationId),
          eq(mentoringConcerns.participantId, participantId),
        ),
      )
      .orderBy(desc(mentoringConcerns.raisedAt));
    const cohorts = await tx
      .select({ id: mentoringCohorts.id, name: mentoringCohorts.name, programme: mentoringProgrammes.name })
      .from(mentoringCohorts)
      .innerJoin(mentoringProgrammes, eq(mentoringProgrammes.id, mentoringCohorts.programmeId))
      .where(
        and(
          eq(mentoringCohorts.organisationId, header.organisationId),
          inArray(mentoringCohorts.status, ['recruiting', 'matching']),
          eq(mentoringProgrammes.kind, 'one_to_one'),
        ),
      )
      .orderBy(mentoringCohorts.startsOn);
    const asked = new Set<string>();
    for (const id of pairIds) if (await openRequest(tx, id)) asked.add(id);
    const surveyWaiting = Boolean(await waitingSurvey(tx, header.organisationId, participantId));
    await audit(deps, tx, actor, 'mentorship.her-page-viewed', 'participant', participantId, {
      enrolments: enrolments.length,
      concerns: concerns.length,
    });
    // A concern is safeguarding information: its words only for her key worker and the managers.
    const mayRead = header.access.isKeyWorker || actor.role === 'manager';
    return {
      header,
      consent,
      // Her key worker's page shows no goals: the ciphertext stays out of the view's data.
      enrolments: enrolments.map((e) => ({
        ...e,
        mentee: { ...e.mentee, goalsEnc: null },
        repairAsked: e.pairId ? asked.has(e.pairId) : false,
        planGoals: plan.filter((g) => e.mentee.planGoalIds.includes(g.id)).map((g) => g.goal),
      })),
      planGoals: plan.filter((g) => g.status === 'open'),
      sessions,
      concerns: concerns.map((c) => ({ ...c, concern: mayRead ? c.concern : null })),
      cohorts,
      surveyWaiting,
    };
  });
}

/** The enrolment form's header (her chosen name prefilled), after the same access rule. */
export async function enrolHeader(
  deps: MentoringDeps,
  actor: Actor,
  participantId: string,
): Promise<ParticipantHeader> {
  return ownerHeader(deps, deps.db, actor, participantId, 'write');
}

/**
 * Her key worker enrols her in a cohort. Her "mentoring" consent must stand (recorded on her
 * consent page, or given with this form); only the fields she chose are ever shown to a mentor.
 */
export async function enrol(
  deps: MentoringDeps,
  actor: Actor,
  participantId: string,
  input: Enrolment,
  consentGivenNow: 'verbal' | 'written' | null,
) {
  authorise(actor, 'mentoring:enrol');
  const planGoalIds = [...new Set(input.planGoalIds ?? [])];
  if (planGoalIds.length) {
    const open = new Set(
      (await deps.casework.planGoalTitles(actor, participantId, 'mentoring'))
        .filter((g) => g.status === 'open')
        .map((g) => g.id),
    );
    if (!planGoalIds.every((id) => open.has(id)))
      throw new ValidationError({ planGoalIds: 'mentoring.errors.planGoal' });
  }
  if (consentGivenNow)
    await deps.participants.recordConsent(actor, participantId, {
      purpose: 'mentoring',
      organisationId: null,
      given: true,
      method: consentGivenNow,
    });
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'write');
    if (!(await deps.participants.hasConsent(participantId, 'mentoring', undefined, tx)))
      throw new ValidationError({ consent: 'mentoring.errors.consent' });
    const [cohort] = await tx
      .select({ id: mentoringCohorts.id })
      .from(mentoringCohorts)
      .where(
        and(
          eq(mentoringCohorts.id, input.cohortId),
          eq(mentoringCohorts.organisationId, header.organisationId),
          inArray(mentoringCohorts.status, ['recruiting', 'matching']),
        ),
      );
    if (!cohort) throw new ValidationError({ cohortId: 'mentoring.errors.cohort' });
    const { goals, ...rest } = input;
    const [row] = await tx
      .insert(mentoringMentees)
      .values({
        ...rest,
        planGoalIds,
        goalsEnc: seal(deps.cipher, goals),
        participantId,
        organisationId: header.organisationId,
        enrolledByUserId: actor.userId,
      })
      .onConflictDoNothing()
      .returning({ id: mentoringMentees.id });
    if (!row) throw new ValidationError({ cohortId: 'mentoring.errors.alreadyEnrolled' });
    await audit(deps, tx, actor, 'mentorship.mentee-enrolled', 'participant', participantId, {
      cohortId: cohort.id,
      menteeId: row.id,
      sharedFields: input.sharedFields,
      planGoals: planGoalIds.length,
    });
    return row.id;
  });
}

/** Her "mentoring" consent withdrawn: she leaves every cohort, her pairs end; mentors see her no more. */
export async function onMentoringWithdrawn(deps: MentoringDeps, tx: DbOrTx, event: ConsentWithdrawnEvent) {
  if (event.purpose !== 'mentoring') return;
  const mine = await tx
    .update(mentoringMentees)
    .set({ status: 'withdrawn' })
    .where(eq(mentoringMentees.participantId, event.participantId))
    .returning({ id: mentoringMentees.id });
  if (!mine.length) return;
  const ids = mine.map((m) => m.id);
  // No longer mentoring leaders either: her pairings with them end (the leader then sees none).
  await tx
    .update(mentoringLeaders)
    .set({ alumnaMenteeId: null })
    .where(inArray(mentoringLeaders.alumnaMenteeId, ids));
  await tx
    .update(mentoringPairs)
    .set({
      status: 'ended',
      endedAt: new Date(),
      closureReason: 'ended_early',
      closureNote: 'consent withdrawn',
    })
    .where(
      and(inArray(mentoringPairs.menteeId, ids), inArray(mentoringPairs.status, ['draft', 'published'])),
    );
  await audit(deps, tx, event.actor, 'mentorship.consent-withdrawn', 'participant', event.participantId, {
    mentees: ids.length,
  });
}

/** Her mentoring data for a subject access request (her goals decrypted: they are hers). */
export async function mentoringExport(cipher: FieldCipher, tx: DbOrTx, participantId: string) {
  const mentees = (
    await tx.select().from(mentoringMentees).where(eq(mentoringMentees.participantId, participantId))
  ).map((m) => openMentee(cipher, m));
  const concerns = await tx
    .select()
    .from(mentoringConcerns)
    .where(eq(mentoringConcerns.participantId, participantId));
  const ids = mentees.map((m) => m.id);
  const pairs = ids.length
    ? await tx.select().from(mentoringPairs).where(inArray(mentoringPairs.menteeId, ids))
    : [];
  const sessions = pairs.length
    ? await tx
        .select()
        .from(mentoringSessions)
        .where(
          inArray(
            mentoringSessions.pairId,
            pairs.map((p) => p.id),
          ),
        )
    : [];
  const repairRequests = pairs.length
    ? await tx
        .select()
        .from(mentoringRepairRequests)
        .where(
          inArray(
            mentoringRepairRequests.pairId,
            pairs.map((p) => p.id),
          ),
        )
    : [];
  return { enrolments: mentees, pairs, sessions, concerns, repairRequests };
}

/** Erasure: her enrolments (and, by cascade, pairs, sessions and reviews) and concerns go. */
export async function mentoringErase(tx: DbOrTx, participantId: string) {
  await tx.delete(mentoringConcerns).where(eq(mentoringConcerns.participantId, participantId));
  // A leader she mentored may have written about her in their session notes: blanked; the pairing
  // itself goes with her enrolment (alumna_mentee_id is set null).
  await tx
    .update(mentoringLeaderSessions)
    .set({ covered: null })
    .where(
      inArray(
        mentoringLeaderSessions.leaderId,
        tx
          .select({ id: mentoringLeaders.id })
          .from(mentoringLeaders)
          .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringLeaders.alumnaMenteeId))
          .where(eq(mentoringMentees.participantId, participantId)),
      ),
    );
  await tx.delete(mentoringMentees).where(eq(mentoringMentees.participantId, participantId));
}

/** Caseload column: the date of the latest concern a mentor raised about her not yet acknowledged. */
export async function openConcernDates(db: DbOrTx, participantIds: string[]) {
  const out = new Map<string, Date | null>();
  if (!participantIds.length) return out;
  const rows = await db
    .select({ participantId: mentoringConcerns.participantId, raisedAt: mentoringConcerns.raisedAt })
    .from(mentoringConcerns)
    .where(
      and(inArray(mentoringConcerns.participantId, participantIds), isNull(mentoringConcerns.acknowledgedAt)),
    )
    .orderBy(desc(mentoringConcerns.raisedAt));
  for (const r of rows) if (!out.has(r.participantId)) out.set(r.participantId, r.raisedAt);
  return out;
}

/** Her key worker (or a manager) has read a concern and acted on it: it leaves the open lists. */
export async function acknowledgeConcern(
  deps: MentoringDeps,
  actor: Actor,
  participantId: string,
  concernId: string,
) {
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'write');
    const done = await tx
      .update(mentoringConcerns)
      .set({ acknowledgedAt: new Date(), acknowledgedByUserId: actor.userId })
      .where(
        and(
          eq(mentoringConcerns.id, concernId),
          eq(mentoringConcerns.participantId, participantId),
          eq(mentoringConcerns.organisationId, header.organisationId),
          isNull(mentoringConcerns.acknowledgedAt),
        ),
      )
      .returning({ id: mentoringConcerns.id });
    if (!done.length) throw new NotFoundError();
    await audit(deps, tx, actor, 'mentorship.concern-acknowledged', 'participant', participantId, {
      concernId,
    });
  });
}
