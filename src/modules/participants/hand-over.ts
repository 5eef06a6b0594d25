import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { isUuid } from './access.ts';
import type { ParticipantsDeps } from './extensions.ts';
import { participantKeyWorkerHistory, participants } from './schema.ts';

/** An active key worker or manager of the actor's organisation (another organisation's: not found). */
async function staffMember(tx: DbOrTx, actor: Actor, userId: string) {
  if (!isUuid(userId)) throw new NotFoundError();
  const [u] = await tx
    .select({ id: users.id, name: users.name, organisationId: users.organisationId, role: users.role })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  if (!u || !['key_worker', 'manager'].includes(u.role)) throw new NotFoundError();
  authorise(actor, 'caseload:hand-over', u);
  return u;
}

/** The hand-over page: a key worker's current women, and who they could go to. Audited (names shown). */
export async function handOverPage(deps: ParticipantsDeps, actor: Actor, fromUserId: string) {
  authorise(actor, 'caseload:hand-over');
  const from = await staffMember(deps.db, actor, fromUserId);
  const women = await deps.db
    .select({ id: participants.id, name: participants.preferredName, status: participants.status })
    .from(participants)
    .where(
      and(
        eq(participants.organisationId, actor.organisationId),
        eq(participants.keyWorkerUserId, from.id),
        inArray(participants.status, ['active', 'paused']),
        isNull(participants.erasedAt),
      ),
    )
    .orderBy(asc(participants.preferredName), asc(participants.id));
  const staff = await deps.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.organisationId, actor.organisationId),
        eq(users.active, true),
        sql`${users.role} in ('key_worker', 'manager')`,
      ),
    )
    .orderBy(asc(users.name));
  await deps.audit.record({
    actor,
    action: 'participant.hand-over-viewed',
    recordType: 'user',
    recordId: from.id,
    details: { women: women.length },
  });
  return { from: { id: from.id, name: from.name }, women, to: staff.filter((s) => s.id !== from.id) };
}

/**
 * Hands the chosen women from one key worker to another, all or none, in one transaction: each
 * must be hers now (a woman handed on meanwhile, or of another organisation, refuses the lot), each
 * change goes into her key worker history and the audit trail. Managers only.
 */
export async function handOver(
  deps: ParticipantsDeps,
  actor: Actor,
  input: { fromUserId: string; toUserId: string; participantIds: string[] },
): Promise<number> {
  authorise(actor, 'caseload:hand-over');
  // Another organisation's key worker is not found, whatever else the form says.
  await staffMember(deps.db, actor, input.fromUserId);
  const ids = [...new Set(input.participantIds)];
  const errors: Record<string, string> = {};
  if (!ids.length) errors.participantIds = 'participants.handOver.errors.noneChosen';
  if (!input.toUserId) errors.toUserId = 'participants.handOver.errors.toMissing';
  else if (input.toUserId === input.fromUserId) errors.toUserId = 'participants.handOver.errors.same';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  if (!ids.every(isUuid)) throw new NotFoundError();
  return deps.db.transaction(async (tx) => {
    const from = await staffMember(tx, actor, input.fromUserId);
    const to = await staffMember(tx, actor, input.toUserId);
    const moved = await tx
      .update(participants)
      .set({ keyWorkerUserId: to.id, updatedAt: new Date() })
      .where(
        and(
          inArray(participants.id, ids),
          eq(participants.organisationId, actor.organisationId),
          eq(participants.keyWorkerUserId, from.id),
          isNull(participants.erasedAt),
        ),
      )
      .returning({ id: participants.id });
    // Not all hers (handed on meanwhile, or not in this organisation): change nothing.
    if (moved.length !== ids.length)
      throw new ValidationError({ participantIds: 'participants.handOver.errors.changed' });
    await tx.insert(participantKeyWorkerHistory).values(
      moved.map((m) => ({
        participantId: m.id,
        fromUserId: from.id,
        toUserId: to.id,
        changedByUserId: actor.userId,
      })),
    );
    for (const m of moved)
      await deps.audit.record(
        {
          actor,
          action: 'participant.key-worker-assigned',
          recordType: 'participant',
          recordId: m.id,
          details: { from: from.id, to: to.id, handOver: true },
        },
        tx,
      );
    return moved.length;
  });
}
