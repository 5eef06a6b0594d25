import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { audit, type MentoringDeps } from './deps.ts';
import { mentoringCohorts, mentoringMentees, mentoringPairs, mentoringProgrammes } from './schema.ts';

/**
 * Alumnae: women who completed a mentoring and agreed to join the alumni community (recorded at
 * closure). Managers list them, invite them (only through her safe messages: consent, safe methods,
 * safe times), and see who agreed to mentor leaders in a reverse-mentoring cohort.
 */
const alumnaRows = (db: DbOrTx, organisationId: string) =>
  db
    .select({
      id: mentoringMentees.id,
      participantId: mentoringMentees.participantId,
      chosenName: mentoringMentees.chosenName,
      reverseMentor: mentoringMentees.reverseMentor,
      cohort: mentoringCohorts.name,
      programme: mentoringProgrammes.name,
      completedAt: sql<Date | null>`(select max(p.ended_at) from ${mentoringPairs} p where p.mentee_id = "mentoring_mentees"."id" and p.closure_reason = 'completed')`,
    })
    .from(mentoringMentees)
    .innerJoin(mentoringCohorts, eq(mentoringCohorts.id, mentoringMentees.cohortId))
    .innerJoin(mentoringProgrammes, eq(mentoringProgrammes.id, mentoringCohorts.programmeId))
    .where(
      and(
        eq(mentoringMentees.organisationId, organisationId),
        eq(mentoringMentees.alumna, true),
        eq(mentoringMentees.status, 'completed'),
      ),
    )
    .orderBy(desc(mentoringMentees.createdAt));

/** The alumni list for the organisation's managers; audited as a view. */
export async function alumni(deps: MentoringDeps, actor: Actor) {
  authorise(actor, 'mentoring:manage');
  return deps.db.transaction(async (tx) => {
    const rows = await alumnaRows(tx, actor.organisationId);
    await audit(deps, tx, actor, 'mentorship.alumni-viewed', 'organisation', actor.organisationId, {
      alumnae: rows.length,
    });
    return rows.map((r) => ({ ...r, completedAt: r.completedAt ? new Date(r.completedAt) : null }));
  });
}

/** Alumnae who agreed to mentor leaders: the pool a reverse-mentoring cohort draws on. */
export async function reversePool(db: DbOrTx, organisationId: string) {
  return (await alumnaRows(db, organisationId)).filter((r) => r.reverseMentor);
}

export interface Invitation {
  menteeIds: string[];
  event: string;
  on: string;
}

/**
 * Invites the chosen alumnae to an event, each through her safe messages (in her language, by the
 * methods and at the times she allows; a refused channel is counted, never forced). Inviting the
 * same woman to the same event twice queues nothing new.
 */
export async function invite(deps: MentoringDeps, actor: Actor, input: Invitation) {
  authorise(actor, 'mentoring:manage');
  const { outboxIds, invited, notSent } = await deps.db.transaction(async (tx) => {
    const chosen = input.menteeIds.length
      ? (await alumnaRows(tx, actor.organisationId)).filter((r) => input.menteeIds.includes(r.id))
      : [];
    if (!chosen.length) throw new ValidationError({ menteeIds: 'mentoring.errors.chooseAlumnae' });
    const event = createHash('sha256').update(`${input.event}\n${input.on}`).digest('hex').slice(0, 16);
    const outboxIds: string[] = [];
    let notSent = 0;
    const women = new Map(chosen.map((c) => [c.participantId, c]));
    for (const [participantId] of women) {
      const queued = await deps.participants.messageHer(
        tx,
        actor,
        participantId,
        {
          kind: 'mentorship.invitation',
          template: 'mentoring.message.invitation',
          subject: 'mentoring.message.invitationSubject',
          values: (lang) => ({
            event: input.event,
            date: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
              new Date(`${input.on}T00:00:00Z`),
            ),
          }),
        },
        { idempotencyKey: `mentoring:invitation:${participantId}:${event}` },
      );
      outboxIds.push(...queued.filter((q) => q.status === 'pending').map((q) => q.outboxId));
      if (!queued.some((q) => q.status === 'pending')) notSent++;
      await audit(deps, tx, actor, 'mentorship.alumna-invited', 'participant', participantId, {
        event,
        queued: queued.filter((q) => q.status === 'pending').length,
      });
    }
    return { outboxIds, invited: women.size, notSent };
  });
  if (outboxIds.length) await deps.participants.deliverMessages({ ids: outboxIds });
  return { invited, notSent };
}
