import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import { loadCohort } from './programmes.ts';
import { resolveRequests } from './repair-requests.ts';
import {
  mentoringMentees,
  mentoringMentors,
  mentoringPairs,
  mentoringReviews,
  mentoringSessions,
  mentoringSurveyAnswers,
  mentoringSurveyLinks,
  type reviewKinds,
  type SurveyKind,
} from './schema.ts';
import { issueLink, surveyQuestions } from './surveys.ts';

async function loadPair(deps: MentoringDeps, actor: Actor, pairId: string) {
  authorise(actor, 'mentoring:manage');
  if (!isUuid(pairId)) throw new NotFoundError();
  const [row] = await deps.db
    .select({
      pair: mentoringPairs,
      mentee: mentoringMentees,
      mentorName: mentoringMentors.name,
      mentorEmail: mentoringMentors.email,
    })
    .from(mentoringPairs)
    .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
    .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
    .where(eq(mentoringPairs.id, pairId));
  if (!row) throw new NotFoundError();
  const cohort = await loadCohort(deps, actor, row.pair.cohortId);
  return { ...row, ...cohort };
}

/** A live or ended pair for its programme manager: sessions, reviews, closure and survey links. */
export async function pairPage(deps: MentoringDeps, actor: Actor, pairId: string) {
  const row = await loadPair(deps, actor, pairId);
  if (row.pair.status === 'draft') throw new NotFoundError();
  return deps.db.transaction(async (tx) => {
    const sessions = await tx
      .select()
      .from(mentoringSessions)
      .where(eq(mentoringSessions.pairId, row.pair.id))
      .orderBy(desc(mentoringSessions.heldOn));
    const reviews = await tx
      .select()
      .from(mentoringReviews)
      .where(eq(mentoringReviews.pairId, row.pair.id))
      .orderBy(desc(mentoringReviews.heldOn));
    const links = await tx
      .select({ respondent: mentoringSurveyLinks.respondent, usedAt: mentoringSurveyLinks.usedAt })
      .from(mentoringSurveyLinks)
      .where(eq(mentoringSurveyLinks.pairId, row.pair.id));
    await audit(deps, tx, actor, 'mentorship.pair-viewed', 'participant', row.mentee.participantId, {
      pairId: row.pair.id,
    });
    return {
      pair: row.pair,
      cohort: row.cohort,
      programme: row.programme,
      menteeName: row.mentee.chosenName,
      mentorName: row.mentorName,
      sessions,
      reviews,
      links,
    };
  });
}

export async function addReview(
  deps: MentoringDeps,
  actor: Actor,
  pairId: string,
  input: { kind: (typeof reviewKinds)[number]; heldOn: string; notes: string | null },
) {
  const row = await loadPair(deps, actor, pairId);
  if (row.pair.status !== 'published') throw new ValidationError({ kind: 'mentoring.errors.notLive' });
  await deps.db.transaction(async (tx) => {
    await tx.insert(mentoringReviews).values({
      ...input,
      organisationId: row.pair.organisationId,
      pairId: row.pair.id,
      recordedByUserId: actor.userId,
    });
    await audit(deps, tx, actor, 'mentorship.review-recorded', 'participant', row.mentee.participantId, {
      pairId: row.pair.id,
      kind: input.kind,
    });
  });
}

export interface Closure {
  reason: 'completed' | 'ended_early';
  note: string | null;
  endedBadly: boolean;
  alumna: boolean;
  /** She also agrees to mentor leaders of a partner (reverse mentoring); only as an alumna. */
  reverseMentor?: boolean;
}

/**
 * Closes a live pair with its reason. A completed pairing makes her an alumna when she agrees, and
 * sends the programme's end surveys: hers through her safe messages (in her language), the
 * mentor's by email; each through its own single-use link. A pairing that ended badly is never
 * proposed again.
 */
export async function closePair(deps: MentoringDeps, actor: Actor, pairId: string, input: Closure) {
  const row = await loadPair(deps, actor, pairId);
  if (row.pair.status !== 'published') throw new ValidationError({ reason: 'mentoring.errors.notLive' });
  const surveys = new Set<SurveyKind>(input.reason === 'completed' ? row.programme.surveys : []);
  const { outboxIds, mentorToken } = await deps.db.transaction(async (tx) => {
    await tx
      .update(mentoringPairs)
      .set({
        status: 'ended',
        endedAt: new Date(),
        closureReason: input.reason,
        closureNote: input.note,
        endedBadly: input.endedBadly,
      })
      .where(eq(mentoringPairs.id, row.pair.id));
    // A closed pair answers any request for a new pairing.
    await resolveRequests(tx, row.pair.id);
    await tx
      .update(mentoringMentees)
      .set({
        status: input.reason,
        alumna: input.reason === 'completed' && input.alumna,
        reverseMentor: input.reason === 'completed' && input.alumna && Boolean(input.reverseMentor),
      })
      .where(eq(mentoringMentees.id, row.mentee.id));
    if (input.reason === 'completed')
      await deps.outcomes?.recordEvent(
        {
          participantId: row.mentee.participantId,
          kind: 'programme_completed',
          occurredOn: new Date().toISOString().slice(0, 10),
          source: 'mentoring',
          sourceRef: row.pair.id,
          details: { programmeId: row.programme.id, cohortId: row.cohort.id },
          recordedBy: actor.userId,
        },
        tx,
      );
    const outboxIds: string[] = [];
    if (surveys.has('mentee_end')) {
      const token = await issueLink(tx, row.pair, 'mentee', 'mentee_end');
      const queued = await deps.participants.messageHer(
        tx,
        actor,
        row.mentee.participantId,
        {
          kind: 'mentorship.survey',
          template: 'mentoring.message.survey',
          subject: 'mentoring.message.surveySubject',
          // The link opens the survey in the language her message is written in.
          values: (lang) => ({ link: `${deps.publicBaseUrl}/survey/${token}?lang=${lang}` }),
        },
        { idempotencyKey: `mentoring:${row.pair.id}:survey` },
      );
      outboxIds.push(...queued.filter((q) => q.status === 'pending').map((q) => q.outboxId));
    }
    const mentorToken = surveys.has('mentor_end')
      ? await issueLink(tx, row.pair, 'mentor', 'mentor_end')
      : null;
    await audit(deps, tx, actor, 'mentorship.pair-closed', 'participant', row.mentee.participantId, {
      pairId: row.pair.id,
      reason: input.reason,
      endedBadly: input.endedBadly,
      alumna: input.alumna,
      surveys: [...surveys],
    });
    return { outboxIds, mentorToken };
  });
  if (outboxIds.length) await deps.participants.deliverMessages({ ids: outboxIds });
  if (mentorToken) {
    const t = (await platformI18n()).t('en');
    const values = {
      name: row.mentorName,
      programme: row.programme.name,
      link: `${deps.publicBaseUrl}/survey/${mentorToken}`,
    };
    await deps.mailer
      .send({
        to: row.mentorEmail,
        subject: t('mentoring.email.surveySubject', values),
        text: t('mentoring.email.survey', values),
      })
      .catch(() => undefined);
  }
}

/** Answers of 4 or 5 count as "more"; fewer than 5 answers to a survey are not shown (suppressed). */
export const SUPPRESS_UNDER = 5;

/**
 * The programme view of a cohort: the funnel (applied, screened, trained, matched, completed),
 * sessions per pair, pairs at risk (live, with no session in three weeks), and survey results.
 */
export async function cohortReport(deps: MentoringDeps, actor: Actor, cohortId: string) {
  const { cohort } = await loadCohort(deps, actor, cohortId);
  const db = deps.db;
  const [mentors] = await db
    .select({
      applied: count(),
      screened: sql<number>`count(*) filter (where ${mentoringMentors.screenedOn} is not null)::int`,
      trained: sql<number>`count(*) filter (where ${mentoringMentors.trainingDone} @> array['induction','safeguarding']::text[])::int`,
      approved: sql<number>`count(*) filter (where ${mentoringMentors.status} = 'approved')::int`,
    })
    .from(mentoringMentors)
    .where(
      and(
        eq(mentoringMentors.organisationId, cohort.organisationId),
        eq(mentoringMentors.programmeId, cohort.programmeId),
      ),
    );
  const [mentees] = await db
    .select({
      enrolled: count(),
      matched: sql<number>`count(*) filter (where ${mentoringMentees.status} in ('matched','completed','ended_early'))::int`,
      completed: sql<number>`count(*) filter (where ${mentoringMentees.status} = 'completed')::int`,
      alumnae: sql<number>`count(*) filter (where ${mentoringMentees.alumna})::int`,
    })
    .from(mentoringMentees)
    .where(eq(mentoringMentees.cohortId, cohort.id));
  const pairs = await db
    .select({
      id: mentoringPairs.id,
      status: mentoringPairs.status,
      mentee: mentoringMentees.chosenName,
      mentor: mentoringMentors.name,
      publishedAt: mentoringPairs.publishedAt,
      sessions: sql<number>`(select count(*)::int from ${mentoringSessions} s where s.pair_id = ${mentoringPairs.id})`,
      lastSession: sql<
        string | null
      >`(select max(s.held_on)::text from ${mentoringSessions} s where s.pair_id = ${mentoringPairs.id})`,
    })
    .from(mentoringPairs)
    .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
    .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
    .where(
      and(eq(mentoringPairs.cohortId, cohort.id), inArray(mentoringPairs.status, ['published', 'ended'])),
    );
  const threeWeeksAgo = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10);
  const atRisk = (p: (typeof pairs)[number]) =>
    p.status === 'published' &&
    (p.lastSession
      ? p.lastSession < threeWeeksAgo
      : (p.publishedAt?.toISOString().slice(0, 10) ?? '') < threeWeeksAgo);
  const answers = await db
    .select({ survey: mentoringSurveyAnswers.survey, answers: mentoringSurveyAnswers.answers })
    .from(mentoringSurveyAnswers)
    .where(eq(mentoringSurveyAnswers.cohortId, cohort.id));
  const surveys = (Object.keys(surveyQuestions) as SurveyKind[]).map((survey) => {
    const mine = answers.filter((a) => a.survey === survey);
    const suppressed = mine.length < SUPPRESS_UNDER;
    return {
      survey,
      answered: mine.length,
      suppressed,
      questions: surveyQuestions[survey].map((q) => ({
        question: q,
        more: suppressed
          ? null
          : Math.round((100 * mine.filter((a) => (a.answers[q] ?? 0) >= 4).length) / mine.length),
      })),
    };
  });
  return {
    funnel: { ...mentors!, ...mentees! },
    pairs: pairs.map((p) => ({ ...p, atRisk: atRisk(p) })),
    surveys: surveys.filter((s) => s.answered > 0 || cohort.status === 'closed'),
  };
}
