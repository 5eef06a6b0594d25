import { and, asc, eq, or, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { audit, type MentoringDeps } from './deps.ts';
import { selfLeader } from './leader-self.ts';
import { managedLeader } from './leaders.ts';
import {
  mentoringCohorts,
  mentoringLeaderSessions,
  type mentoringLeaders,
  mentoringMentees,
  mentoringProgrammes,
  mentoringSurveyLinks,
} from './schema.ts';

/**
 * A reverse-mentoring leader's subject access (UK GDPR Art. 15), shaped like hers
 * (participants/rights.ts): everything Wayfinder holds about one leader, as JSON. A manager of the
 * programme's organisation downloads it from the cohort page; the leader downloads their own at
 * /leader. Their alumna mentor appears by her chosen name only (the one thing of her the leader
 * ever sees), and that it went out is audited on her record. Of their sign-in only facts are given
 * (role, dates, whether a second factor is set up), never the password hash or the TOTP secret.
 */
type Leader = typeof mentoringLeaders.$inferSelect;

export type LeaderExport = Awaited<ReturnType<typeof loadExport>>;

/** A manager's download of one leader's data; audited. */
export async function leaderExport(deps: MentoringDeps, actor: Actor, leaderId: string) {
  return deps.db.transaction(async (tx) => {
    const leader = await managedLeader(deps, actor, leaderId, tx);
    return exportAudited(deps, tx, actor, leader, 'manager');
  });
}

/** The signed-in leader's download of their own data; audited. */
export async function myLeaderExport(deps: MentoringDeps, actor: Actor) {
  return deps.db.transaction(async (tx) => {
    const { leader } = await selfLeader(deps, actor, tx);
    return exportAudited(deps, tx, actor, leader, 'leader');
  });
}

async function exportAudited(
  deps: MentoringDeps,
  tx: DbOrTx,
  actor: Actor,
  leader: Leader,
  by: 'manager' | 'leader',
) {
  const { data, alumnaParticipantId } = await loadExport(tx, leader);
  await audit(deps, tx, actor, 'mentorship.leader-exported', 'mentoring_cohort', leader.cohortId, {
    leaderId: leader.id,
    by,
  });
  if (alumnaParticipantId)
    await audit(deps, tx, actor, 'mentorship.alumna-in-leader-export', 'participant', alumnaParticipantId, {
      leaderId: leader.id,
      fields: ['chosen_name'],
    });
  return data;
}

async function loadExport(tx: DbOrTx, leader: Leader) {
  const [where] = await tx
    .select({
      programme: { name: mentoringProgrammes.name, kind: mentoringProgrammes.kind },
      cohort: {
        name: mentoringCohorts.name,
        startsOn: mentoringCohorts.startsOn,
        endsOn: mentoringCohorts.endsOn,
      },
    })
    .from(mentoringCohorts)
    .innerJoin(mentoringProgrammes, eq(mentoringProgrammes.id, mentoringCohorts.programmeId))
    .where(eq(mentoringCohorts.id, leader.cohortId));
  const [alumna] = leader.alumnaMenteeId
    ? await tx
        .select({ participantId: mentoringMentees.participantId, chosenName: mentoringMentees.chosenName })
        .from(mentoringMentees)
        .where(eq(mentoringMentees.id, leader.alumnaMenteeId))
    : [];
  const sessions = await tx
    .select({
      heldOn: mentoringLeaderSessions.heldOn,
      mode: mentoringLeaderSessions.mode,
      minutes: mentoringLeaderSessions.minutes,
      covered: mentoringLeaderSessions.covered,
      nextMeetingOn: mentoringLeaderSessions.nextMeetingOn,
      loggedAt: mentoringLeaderSessions.createdAt,
    })
    .from(mentoringLeaderSessions)
    .where(eq(mentoringLeaderSessions.leaderId, leader.id))
    .orderBy(asc(mentoringLeaderSessions.heldOn), asc(mentoringLeaderSessions.createdAt));
  // Each end survey sent to them and when they answered it. Their answers are not here: they are
  // kept with the cohort and survey only (surveys.ts spendLink), so nothing ties them to the leader.
  const surveys = await tx
    .select({
      survey: mentoringSurveyLinks.survey,
      sentAt: mentoringSurveyLinks.createdAt,
      expiresAt: mentoringSurveyLinks.expiresAt,
      answeredAt: mentoringSurveyLinks.usedAt,
    })
    .from(mentoringSurveyLinks)
    .where(eq(mentoringSurveyLinks.leaderId, leader.id))
    .orderBy(asc(mentoringSurveyLinks.createdAt));
  // Facts of their sign-in, chosen column by column so no secret can slip in.
  const [signIn] = leader.userId
    ? await tx
        .select({
          name: users.name,
          email: users.email,
          role: users.role,
          active: users.active,
          createdAt: users.createdAt,
          secondFactorSetUpAt: users.totpEnabledAt,
          lastSignInAt: users.lastSignInAt,
        })
        .from(users)
        .where(eq(users.id, leader.userId))
    : [];
  // What was done about them (events naming them, on their cohort: the audit index finds these)
  // and by them (their own sign-in): when and what, as her export gives her access log.
  const activity = await tx
    .select({ at: auditEvents.at, action: auditEvents.action })
    .from(auditEvents)
    .where(
      or(
        and(
          eq(auditEvents.recordType, 'mentoring_cohort'),
          eq(auditEvents.recordId, leader.cohortId),
          sql`${auditEvents.details}->>'leaderId' = ${leader.id}`,
        ),
        leader.userId ? eq(auditEvents.actorUserId, leader.userId) : sql`false`,
      ),
    )
    .orderBy(asc(auditEvents.seq));
  return {
    alumnaParticipantId: alumna?.participantId ?? null,
    data: {
      exportedAt: new Date().toISOString(),
      leader: {
        id: leader.id,
        name: leader.name,
        email: leader.email,
        employer: leader.employer,
        recordedAt: leader.createdAt,
        erasedAt: leader.erasedAt,
      },
      programme: where!.programme,
      cohort: where!.cohort,
      alumnaMentor: alumna ? { chosenName: alumna.chosenName } : null,
      sessions,
      surveys,
      signIn: signIn ?? null,
      accessLog: activity,
    },
  };
}
