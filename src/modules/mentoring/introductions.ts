import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import { audit, type MentoringDeps } from './deps.ts';
import { loadCohort } from './programmes.ts';
import { mentoringCohorts, mentoringMentees, mentoringMentors, mentoringPairs } from './schema.ts';

/**
 * Publishes a cohort's drafts: each pair becomes live, she is told through her safe messages
 * (participants.messageHer: her consent, safe methods and safe hours decide), her mentor by email.
 * The cohort moves to running. Emails go after commit; one that fails is logged as a count only.
 */
export async function publish(deps: MentoringDeps, actor: Actor, cohortId: string) {
  const { cohort, programme } = await loadCohort(deps, actor, cohortId);
  const { outboxIds, emails } = await deps.db.transaction(async (tx) => {
    const drafts = await tx
      .select({
        pair: mentoringPairs,
        participantId: mentoringMentees.participantId,
        chosenName: mentoringMentees.chosenName,
        mentorName: mentoringMentors.name,
        mentorEmail: mentoringMentors.email,
      })
      .from(mentoringPairs)
      .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
      .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
      .where(and(eq(mentoringPairs.cohortId, cohort.id), eq(mentoringPairs.status, 'draft')))
      .for('update', { of: mentoringPairs });
    if (!drafts.length) return { outboxIds: [] as string[], emails: [] as { to: string; name: string }[] };
    await tx
      .update(mentoringPairs)
      .set({ status: 'published', publishedAt: new Date() })
      .where(
        inArray(
          mentoringPairs.id,
          drafts.map((d) => d.pair.id),
        ),
      );
    await tx
      .update(mentoringMentees)
      .set({ status: 'matched' })
      .where(
        inArray(
          mentoringMentees.id,
          drafts.map((d) => d.pair.menteeId),
        ),
      );
    await tx.update(mentoringCohorts).set({ status: 'running' }).where(eq(mentoringCohorts.id, cohort.id));
    const outboxIds: string[] = [];
    for (const d of drafts) {
      const queued = await deps.participants.messageHer(
        tx,
        actor,
        d.participantId,
        {
          kind: 'mentorship.introduction',
          template: 'mentoring.message.introduction',
          subject: 'mentoring.message.introductionSubject',
          values: { mentor: d.mentorName.split(' ')[0] ?? d.mentorName, programme: programme.name },
        },
        { idempotencyKey: `mentoring:${d.pair.id}:introduction` },
      );
      outboxIds.push(...queued.filter((q) => q.status === 'pending').map((q) => q.outboxId));
    }
    await audit(deps, tx, actor, 'mentorship.pairs-published', 'mentoring_cohort', cohort.id, {
      pairs: drafts.length,
    });
    return { outboxIds, emails: drafts.map((d) => ({ to: d.mentorEmail, name: d.mentorName })) };
  });
  if (outboxIds.length) await deps.participants.deliverMessages({ ids: outboxIds });
  const t = (await platformI18n()).t('en');
  let failed = 0;
  for (const e of emails) {
    try {
      await deps.mailer.send({
        to: e.to,
        subject: t('mentoring.email.introductionSubject', { programme: programme.name }),
        text: t('mentoring.email.introduction', {
          name: e.name,
          programme: programme.name,
          link: `${deps.publicBaseUrl}/mentor`,
        }),
      });
    } catch {
      failed++;
    }
  }
  return { published: emails.length, emailsFailed: failed };
}
