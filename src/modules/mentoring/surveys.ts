import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { audit, type MentoringDeps } from './deps.ts';
import {
  mentoringLeaders,
  mentoringMentees,
  mentoringPairs,
  mentoringSurveyAnswers,
  mentoringSurveyLinks,
  type SurveyKind,
  type surveyRespondents,
} from './schema.ts';

/** The questions of each end-of-programme survey, each answered from 1 (not at all) to 5 (very much). */
export const surveyQuestions: Record<SurveyKind, readonly string[]> = {
  mentee_end: ['skills', 'confidence', 'networks'],
  mentor_end: ['openMinded', 'coaching'],
  leader_end: ['confidence', 'leadership', 'timeManagement', 'approaching'],
};

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const LINK_DAYS = 30;

/**
 * A single-use survey link: a random token, of which only its hash is kept. Issuing a new one for
 * the same pair and respondent withdraws the unused earlier one.
 */
export async function issueLink(
  tx: DbOrTx,
  pair: { id: string; organisationId: string },
  respondent: (typeof surveyRespondents)[number],
  survey: SurveyKind,
  lang = 'en',
) {
  await tx
    .delete(mentoringSurveyLinks)
    .where(
      and(
        eq(mentoringSurveyLinks.pairId, pair.id),
        eq(mentoringSurveyLinks.respondent, respondent),
        isNull(mentoringSurveyLinks.usedAt),
      ),
    );
  const token = randomBytes(24).toString('base64url');
  await tx.insert(mentoringSurveyLinks).values({
    organisationId: pair.organisationId,
    pairId: pair.id,
    respondent,
    survey,
    tokenHash: hash(token),
    lang,
    expiresAt: new Date(Date.now() + LINK_DAYS * 86_400_000),
  });
  return token;
}

/** A reverse-mentoring leader's single-use link to their end survey (a new one withdraws the unused one). */
export async function issueLeaderLink(tx: DbOrTx, leader: { id: string; organisationId: string }) {
  await tx
    .delete(mentoringSurveyLinks)
    .where(and(eq(mentoringSurveyLinks.leaderId, leader.id), isNull(mentoringSurveyLinks.usedAt)));
  const token = randomBytes(24).toString('base64url');
  await tx.insert(mentoringSurveyLinks).values({
    organisationId: leader.organisationId,
    leaderId: leader.id,
    respondent: 'leader',
    survey: 'leader_end',
    tokenHash: hash(token),
    expiresAt: new Date(Date.now() + LINK_DAYS * 86_400_000),
  });
  return token;
}

async function openLink(db: DbOrTx, token: string) {
  if (!/^[\w-]{20,64}$/.test(token)) throw new NotFoundError();
  const [link] = await db
    .select({
      link: mentoringSurveyLinks,
      cohortId: sql<string>`coalesce(${mentoringPairs.cohortId}, ${mentoringLeaders.cohortId})`,
    })
    .from(mentoringSurveyLinks)
    .leftJoin(mentoringPairs, eq(mentoringPairs.id, mentoringSurveyLinks.pairId))
    .leftJoin(mentoringLeaders, eq(mentoringLeaders.id, mentoringSurveyLinks.leaderId))
    .where(
      and(
        eq(mentoringSurveyLinks.tokenHash, hash(token)),
        isNull(mentoringSurveyLinks.usedAt),
        gt(mentoringSurveyLinks.expiresAt, new Date()),
      ),
    );
  if (!link) throw new NotFoundError();
  return link;
}

/** The survey a link opens (an unknown, used or expired link: not found). */
export async function surveyFor(deps: MentoringDeps, token: string) {
  const { link } = await openLink(deps.db, token);
  return { survey: link.survey, questions: surveyQuestions[link.survey], lang: link.lang };
}

/**
 * Records the answers once: the link is stamped used in the same transaction (a second answer
 * finds no link). The answers are kept with the cohort and survey only, not the person.
 */
export async function answer(deps: MentoringDeps, token: string, answers: Record<string, number>) {
  await deps.db.transaction(async (tx) => {
    const { link, cohortId } = await openLink(tx, token);
    await spendLink(deps, tx, null, link, cohortId, answers);
  });
}

/**
 * Stamps the link used and keeps the answers with the cohort and survey only, in the caller's
 * transaction; a link already used (a second answer at the same moment) is not found.
 */
export async function spendLink(
  deps: MentoringDeps,
  tx: DbOrTx,
  actor: Actor | null,
  link: { id: string; organisationId: string; survey: SurveyKind },
  cohortId: string,
  answers: Record<string, number>,
) {
  const used = await tx
    .update(mentoringSurveyLinks)
    .set({ usedAt: new Date() })
    .where(and(eq(mentoringSurveyLinks.id, link.id), isNull(mentoringSurveyLinks.usedAt)))
    .returning({ id: mentoringSurveyLinks.id });
  if (!used.length) throw new NotFoundError();
  await tx.insert(mentoringSurveyAnswers).values({
    organisationId: link.organisationId,
    cohortId,
    survey: link.survey,
    answers,
  });
  await audit(deps, tx, actor, 'mentorship.survey-answered', 'mentoring_cohort', cohortId, {
    survey: link.survey,
  });
}

/** Her end-survey links not yet answered (for her mentoring page and for answering it with her). */
export async function waitingSurvey(db: DbOrTx, organisationId: string, participantId: string) {
  const [row] = await db
    .select({ pairId: mentoringSurveyLinks.pairId, organisationId: mentoringSurveyLinks.organisationId })
    .from(mentoringSurveyLinks)
    .innerJoin(mentoringPairs, eq(mentoringPairs.id, mentoringSurveyLinks.pairId))
    .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
    .where(
      and(
        eq(mentoringSurveyLinks.organisationId, organisationId),
        eq(mentoringMentees.participantId, participantId),
        eq(mentoringSurveyLinks.respondent, 'mentee'),
        isNull(mentoringSurveyLinks.usedAt),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Her key worker answers the end survey with her, on the spot: a new single-use link replaces the
 * one sent to her (which stops working), and opens at once.
 */
export async function surveyWithHer(deps: MentoringDeps, actor: Actor, participantId: string) {
  authorise(actor, 'mentoring:enrol');
  return deps.db.transaction(async (tx) => {
    const header = await deps.participants.header(actor, participantId, 'write', tx);
    if (header.access.level !== 'owner') throw new NotFoundError();
    const waiting = await waitingSurvey(tx, header.organisationId, participantId);
    if (!waiting) throw new NotFoundError();
    const token = await issueLink(
      tx,
      { id: waiting.pairId!, organisationId: waiting.organisationId },
      'mentee',
      'mentee_end',
    );
    await audit(deps, tx, actor, 'mentorship.survey-with-her', 'participant', participantId, {
      pairId: waiting.pairId,
    });
    return token;
  });
}
