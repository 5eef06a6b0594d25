import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import { ownPair } from './mentor-self.ts';
import {
  mentoringMentees,
  mentoringMentors,
  mentoringPairs,
  mentoringRepairRequests,
  mentoringSessions,
} from './schema.ts';

/**
 * A mentor asks for a new pairing after a poor first meeting: only on their own live pair, only once
 * a session is logged, one open request at a time. The organisation's managers are told by email (no
 * names in it: the reason is read on the cohort page); the manager's re-pair resolves the request.
 */
export async function askRepair(deps: MentoringDeps, actor: Actor, pairId: string, reason: string) {
  const cohortId = await deps.db.transaction(async (tx) => {
    const { pair, mentee } = await ownPair(deps, actor, pairId, tx as never);
    await record(deps, tx, actor, { pair, participantId: mentee.participantId }, 'mentor', reason);
    return pair.cohortId;
  });
  await tellManagers(deps, actor.organisationId, cohortId);
}

/**
 * Her side: her key worker records that she asks for a new pairing (on her mentoring page), under
 * the owner rule of her record; the same checks and the same notice to the managers.
 */
export async function askRepairForHer(
  deps: MentoringDeps,
  actor: Actor,
  participantId: string,
  pairId: string,
  reason: string,
) {
  authorise(actor, 'mentoring:enrol');
  const cohortId = await deps.db.transaction(async (tx) => {
    const header = await deps.participants.header(actor, participantId, 'write', tx);
    if (header.access.level !== 'owner' || !isUuid(pairId)) throw new NotFoundError();
    const [row] = await tx
      .select({ pair: mentoringPairs })
      .from(mentoringPairs)
      .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
      .where(
        and(
          eq(mentoringPairs.id, pairId),
          eq(mentoringPairs.status, 'published'),
          eq(mentoringMentees.participantId, participantId),
          eq(mentoringMentees.organisationId, header.organisationId),
        ),
      );
    if (!row) throw new NotFoundError();
    await record(deps, tx, actor, { pair: row.pair, participantId }, 'mentee', reason);
    return row.pair.cohortId;
  });
  await tellManagers(deps, actor.organisationId, cohortId);
}

async function record(
  deps: MentoringDeps,
  tx: DbOrTx,
  actor: Actor,
  { pair, participantId }: { pair: { id: string; organisationId: string }; participantId: string },
  askedBy: 'mentor' | 'mentee',
  reason: string,
) {
  const [held] = await tx
    .select({ n: count() })
    .from(mentoringSessions)
    .where(eq(mentoringSessions.pairId, pair.id));
  if (!held?.n) throw new ValidationError({ reason: 'mentoring.errors.repairBeforeSession' });
  if (await openRequest(tx, pair.id)) throw new ValidationError({ reason: 'mentoring.errors.repairAsked' });
  const [row] = await tx
    .insert(mentoringRepairRequests)
    .values({
      organisationId: pair.organisationId,
      pairId: pair.id,
      askedBy,
      reason,
      askedByUserId: actor.userId,
    })
    .returning({ id: mentoringRepairRequests.id });
  await audit(deps, tx, actor, 'mentorship.repair-requested', 'participant', participantId, {
    pairId: pair.id,
    requestId: row!.id,
    askedBy,
  });
}

/** The organisation's managers are told by email: a link only, no names, no reason. */
async function tellManagers(deps: MentoringDeps, organisationId: string, cohortId: string) {
  const managers = await deps.db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'manager'), eq(users.active, true)));
  const t = (await platformI18n()).t('en');
  const link = `${deps.publicBaseUrl}/mentoring/cohorts/${cohortId}#repair-requests`;
  for (const m of managers)
    await deps.mailer
      .send({
        to: m.email,
        subject: t('mentoring.email.repairSubject'),
        text: t('mentoring.email.repair', { link }),
      })
      .catch(() => undefined);
}

export async function openRequest(db: DbOrTx, pairId: string) {
  const [open] = await db
    .select({ id: mentoringRepairRequests.id })
    .from(mentoringRepairRequests)
    .where(and(eq(mentoringRepairRequests.pairId, pairId), isNull(mentoringRepairRequests.resolvedAt)));
  return open ?? null;
}

/** The cohort page's open requests: who asked, why, when; her chosen name only. */
export async function openRequests(db: DbOrTx, cohortId: string) {
  return db
    .select({
      id: mentoringRepairRequests.id,
      pairId: mentoringRepairRequests.pairId,
      askedBy: mentoringRepairRequests.askedBy,
      reason: mentoringRepairRequests.reason,
      createdAt: mentoringRepairRequests.createdAt,
      mentee: mentoringMentees.chosenName,
      mentor: mentoringMentors.name,
    })
    .from(mentoringRepairRequests)
    .innerJoin(mentoringPairs, eq(mentoringPairs.id, mentoringRepairRequests.pairId))
    .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
    .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
    .where(
      and(
        eq(mentoringPairs.cohortId, cohortId),
        inArray(mentoringPairs.status, ['published']),
        isNull(mentoringRepairRequests.resolvedAt),
      ),
    )
    .orderBy(desc(mentoringRepairRequests.createdAt));
}

/** The manager re-paired (or closed) the pair: its open requests are answered. */
export async function resolveRequests(db: DbOrTx, pairId: string) {
  await db
    .update(mentoringRepairRequests)
    .set({ resolvedAt: new Date() })
    .where(and(eq(mentoringRepairRequests.pairId, pairId), isNull(mentoringRepairRequests.resolvedAt)));
}
