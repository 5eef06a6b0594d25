import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import { loadCohort } from './programmes.ts';
import { mentoringLeaders, mentoringSurveyLinks } from './schema.ts';
import { issueLeaderLink } from './surveys.ts';

/**
 * Leaders of a corporate partner in a reverse-mentoring cohort: external people recorded by staff
 * (name, email, their organisation), with no casework record and no sign-in. Their end survey
 * (confidence, leadership, time management, approaching new people professionally) goes to them by
 * email as a single-use link.
 */
export interface LeaderInput {
  name: string;
  email: string;
  employer: string;
}

export async function addLeader(deps: MentoringDeps, actor: Actor, cohortId: string, input: LeaderInput) {
  const { cohort, programme } = await loadCohort(deps, actor, cohortId);
  if (programme.kind !== 'reverse') throw new ValidationError({ name: 'mentoring.errors.notReverse' });
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mentoringLeaders)
      .values({
        ...input,
        organisationId: cohort.organisationId,
        cohortId: cohort.id,
        createdByUserId: actor.userId,
      })
      .returning({ id: mentoringLeaders.id });
    await audit(deps, tx, actor, 'mentorship.leader-added', 'mentoring_cohort', cohort.id, {
      leaderId: row!.id,
    });
    return row!.id;
  });
}

/** The cohort's leaders, with whether their survey was sent and answered (for the cohort page). */
export async function leadersOf(db: MentoringDeps['db'], cohortId: string) {
  return db
    .select({
      id: mentoringLeaders.id,
      name: mentoringLeaders.name,
      employer: mentoringLeaders.employer,
      surveySent: sql<boolean>`exists (select 1 from ${mentoringSurveyLinks} l where l.leader_id = "mentoring_leaders"."id")`,
      surveyAnswered: sql<boolean>`exists (select 1 from ${mentoringSurveyLinks} l where l.leader_id = "mentoring_leaders"."id" and l.used_at is not null)`,
    })
    .from(mentoringLeaders)
    .where(eq(mentoringLeaders.cohortId, cohortId))
    .orderBy(asc(mentoringLeaders.createdAt));
}

/** Emails a leader the single-use link to their end survey (a new link withdraws an unused one). */
export async function sendLeaderSurvey(deps: MentoringDeps, actor: Actor, leaderId: string) {
  authorise(actor, 'mentoring:manage');
  if (!isUuid(leaderId)) throw new NotFoundError();
  const [leader] = await deps.db.select().from(mentoringLeaders).where(eq(mentoringLeaders.id, leaderId));
  requireOwn(actor, leader);
  const { programme } = await loadCohort(deps, actor, leader.cohortId);
  const [answered] = await deps.db
    .select({ id: mentoringSurveyLinks.id })
    .from(mentoringSurveyLinks)
    .where(and(eq(mentoringSurveyLinks.leaderId, leader.id), isNotNull(mentoringSurveyLinks.usedAt)));
  // Answered already: nothing to send (a second link would let them answer twice).
  if (answered) return { cohortId: leader.cohortId, sent: false };
  const token = await deps.db.transaction(async (tx) => {
    const token = await issueLeaderLink(tx, leader);
    await audit(deps, tx, actor, 'mentorship.leader-survey-sent', 'mentoring_cohort', leader.cohortId, {
      leaderId: leader.id,
    });
    return token;
  });
  const t = (await platformI18n()).t('en');
  const values = {
    name: leader.name,
    programme: programme.name,
    link: `${deps.publicBaseUrl}/survey/${token}`,
  };
  await deps.mailer.send({
    to: leader.email,
    subject: t('mentoring.email.leaderSurveySubject', values),
    text: t('mentoring.email.leaderSurvey', values),
  });
  return { cohortId: leader.cohortId, sent: true };
}
