import { and, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, type MentoringDeps } from './deps.ts';
import {
  mentoringCohorts,
  mentoringLeaderSessions,
  mentoringLeaders,
  mentoringMentees,
  mentoringProgrammes,
  mentoringSurveyLinks,
} from './schema.ts';
import { spendLink, surveyQuestions } from './surveys.ts';

/**
 * A reverse-mentoring leader's own pages (/leader). A leader is an external person: they reach
 * only the leader record their account was invited from (never by id in a path), their alumna
 * mentor's chosen name and nothing else of her, their own sessions and their own end survey.
 * Nothing about any woman's casework is ever read here.
 */
export async function selfLeader(deps: MentoringDeps, actor: Actor, db: DbOrTx) {
  authorise(actor, 'mentoring:leader');
  const row =
    (await ownRow(actor, db)) ?? ((await linkByEmail(deps, actor, db)) ? await ownRow(actor, db) : null);
  if (!row) throw new NotFoundError(undefined, { reason: 'record' });
  return row;
}

async function ownRow(actor: Actor, db: DbOrTx) {
  const [row] = await db
    .select({ leader: mentoringLeaders, cohort: mentoringCohorts, programme: mentoringProgrammes })
    .from(mentoringLeaders)
    .innerJoin(mentoringCohorts, eq(mentoringCohorts.id, mentoringLeaders.cohortId))
    .innerJoin(mentoringProgrammes, eq(mentoringProgrammes.id, mentoringCohorts.programmeId))
    .where(
      and(
        eq(mentoringLeaders.userId, actor.userId),
        eq(mentoringLeaders.organisationId, actor.organisationId),
        isNull(mentoringLeaders.erasedAt),
      ),
    )
    .orderBy(desc(mentoringLeaders.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * An account an admin made with role leader (not through the manager's invitation) is linked on
 * its first visit to the leader recorded with the same email in the same organisation, as mentors
 * are; audited.
 */
async function linkByEmail(deps: MentoringDeps, actor: Actor, db: DbOrTx) {
  const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (!me) return false;
  const linked = await db
    .update(mentoringLeaders)
    .set({ userId: actor.userId })
    .where(
      and(
        eq(mentoringLeaders.organisationId, actor.organisationId),
        isNull(mentoringLeaders.userId),
        isNull(mentoringLeaders.erasedAt),
        sql`lower(${mentoringLeaders.email}) = lower(${me.email})`,
      ),
    )
    .returning({ id: mentoringLeaders.id, cohortId: mentoringLeaders.cohortId });
  for (const l of linked)
    await audit(deps, db, actor, 'mentorship.leader-linked', 'mentoring_cohort', l.cohortId, {
      leaderId: l.id,
    });
  return linked.length > 0;
}

/** Their end-survey link waiting to be answered (sent by the manager, unused, not expired). */
async function waitingLink(db: DbOrTx, leaderId: string) {
  const [link] = await db
    .select()
    .from(mentoringSurveyLinks)
    .where(
      and(
        eq(mentoringSurveyLinks.leaderId, leaderId),
        isNull(mentoringSurveyLinks.usedAt),
        gt(mentoringSurveyLinks.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(mentoringSurveyLinks.createdAt))
    .limit(1);
  return link ?? null;
}

async function answered(db: DbOrTx, leaderId: string) {
  const [row] = await db
    .select({ id: mentoringSurveyLinks.id })
    .from(mentoringSurveyLinks)
    .where(and(eq(mentoringSurveyLinks.leaderId, leaderId), isNotNull(mentoringSurveyLinks.usedAt)))
    .limit(1);
  return Boolean(row);
}

/**
 * The leader's pairing: programme and cohort, their alumna mentor's chosen name (audited on her
 * record as a view), the next meeting, their sessions and their survey's state.
 */
export async function myPairing(deps: MentoringDeps, actor: Actor) {
  return deps.db.transaction(async (tx) => {
    const { leader, cohort, programme } = await selfLeader(deps, actor, tx);
    const [alumna] = leader.alumnaMenteeId
      ? await tx
          .select({ participantId: mentoringMentees.participantId, chosenName: mentoringMentees.chosenName })
          .from(mentoringMentees)
          .where(eq(mentoringMentees.id, leader.alumnaMenteeId))
      : [];
    if (alumna)
      await audit(
        deps,
        tx,
        actor,
        'mentorship.alumna-viewed-by-leader',
        'participant',
        alumna.participantId,
        {
          leaderId: leader.id,
          fields: ['chosen_name'],
        },
      );
    const sessions = await tx
      .select({
        heldOn: mentoringLeaderSessions.heldOn,
        mode: mentoringLeaderSessions.mode,
        minutes: mentoringLeaderSessions.minutes,
        nextMeetingOn: mentoringLeaderSessions.nextMeetingOn,
      })
      .from(mentoringLeaderSessions)
      .where(eq(mentoringLeaderSessions.leaderId, leader.id))
      .orderBy(desc(mentoringLeaderSessions.heldOn), desc(mentoringLeaderSessions.createdAt));
    return {
      leader: { name: leader.name, employer: leader.employer },
      programme: programme.name,
      cohort: { name: cohort.name, startsOn: cohort.startsOn, endsOn: cohort.endsOn },
      alumna: alumna ? { chosenName: alumna.chosenName } : null,
      nextMeetingOn: sessions[0]?.nextMeetingOn ?? null,
      sessions,
      survey: (await answered(tx, leader.id))
        ? ('answered' as const)
        : (await waitingLink(tx, leader.id))
          ? ('waiting' as const)
          : ('not_yet' as const),
    };
  });
}

export interface LeaderSessionLog {
  heldOn: string;
  mode: 'online' | 'in_person';
  minutes: number;
  covered: string | null;
  nextMeetingOn: string | null;
}

/** Logs a session with their alumna mentor; refused until the manager has paired them. */
export async function logLeaderSession(deps: MentoringDeps, actor: Actor, input: LeaderSessionLog) {
  return deps.db.transaction(async (tx) => {
    const { leader } = await selfLeader(deps, actor, tx);
    if (!leader.alumnaMenteeId) throw new ValidationError({ heldOn: 'mentoring.errors.notPaired' });
    const [row] = await tx
      .insert(mentoringLeaderSessions)
      .values({
        ...input,
        organisationId: leader.organisationId,
        leaderId: leader.id,
        loggedByUserId: actor.userId,
      })
      .returning({ id: mentoringLeaderSessions.id });
    await audit(deps, tx, actor, 'mentorship.leader-session-logged', 'mentoring_cohort', leader.cohortId, {
      leaderId: leader.id,
      sessionId: row!.id,
      minutes: input.minutes,
    });
  });
}

/** Their end survey's questions while it waits for them (sent by the manager); else null. */
export async function leaderSurvey(deps: MentoringDeps, actor: Actor) {
  const { leader } = await selfLeader(deps, actor, deps.db);
  const link = await waitingLink(deps.db, leader.id);
  return link ? { survey: link.survey, questions: surveyQuestions[link.survey] } : null;
}

/** Answers their end survey, signed in: the waiting link is spent in the same transaction (once). */
export async function answerLeaderSurvey(deps: MentoringDeps, actor: Actor, answers: Record<string, number>) {
  await deps.db.transaction(async (tx) => {
    const { leader } = await selfLeader(deps, actor, tx);
    const link = await waitingLink(tx, leader.id);
    if (!link) throw new NotFoundError();
    await spendLink(deps, tx, actor, link, leader.cohortId, answers);
  });
}
