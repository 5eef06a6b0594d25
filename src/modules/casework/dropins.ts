import { and, asc, count, eq, gte, notExists } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { inPersonSlotOverlaps } from './appointments/slots.ts';
import { audit, type CaseworkDeps, isUuid, ownerAccess } from './deps.ts';
import { contacts, contactVersions, dropInAttendance, dropInSessions } from './schema.ts';

export interface SessionInput {
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
}

export async function createSession(deps: CaseworkDeps, actor: Actor, input: SessionInput) {
  authorise(actor, 'participant:write');
  if (input.endsAt <= input.startsAt) throw new ValidationError({ endTime: 'casework.errors.endTime' });
  return deps.db.transaction(async (tx) => {
    if (await inPersonSlotOverlaps(tx, actor.organisationId, input.place, input.startsAt, input.endsAt))
      throw new ValidationError({ startTime: 'appointments.errors.slotOverlap' });
    const [row] = await tx
      .insert(dropInSessions)
      .values({ ...input, organisationId: actor.organisationId, createdByUserId: actor.userId })
      .returning({ id: dropInSessions.id });
    await audit(deps, tx, actor, 'dropin.created', 'drop_in_session', row!.id, { capacity: input.capacity });
    return row!.id;
  });
}

/** The organisation's drop-ins from a week ago on, with how many came. */
export async function listSessions(deps: CaseworkDeps, actor: Actor) {
  authorise(actor, 'participant:read');
  const since = new Date(Date.now() - 7 * 86_400_000);
  const rows = await deps.db
    .select({
      id: dropInSessions.id,
      place: dropInSessions.place,
      startsAt: dropInSessions.startsAt,
      endsAt: dropInSessions.endsAt,
      capacity: dropInSessions.capacity,
    })
    .from(dropInSessions)
    .where(and(eq(dropInSessions.organisationId, actor.organisationId), gte(dropInSessions.endsAt, since)))
    .orderBy(asc(dropInSessions.startsAt))
    .limit(200);
  return rows;
}

async function sessionFor(tx: DbOrTx, actor: Actor, sessionId: string, lock = false) {
  if (!isUuid(sessionId)) throw new NotFoundError();
  const q = tx.select().from(dropInSessions).where(eq(dropInSessions.id, sessionId));
  const [s] = lock ? await q.for('update') : await q;
  requireOwn(actor, s);
  return s;
}

/** The attendance register: who came (names the actor may see), and places left. */
export async function sessionRegister(deps: CaseworkDeps, actor: Actor, sessionId: string) {
  authorise(actor, 'participant:read');
  return deps.db.transaction(async (tx) => {
    const session = await sessionFor(tx, actor, sessionId);
    const rows = await tx
      .select()
      .from(dropInAttendance)
      .where(eq(dropInAttendance.sessionId, sessionId))
      .orderBy(asc(dropInAttendance.addedAt));
    const attendees = [];
    for (const r of rows) {
      try {
        const h = await deps.participants.header(actor, r.participantId, 'read', tx);
        attendees.push({ participantId: r.participantId, preferredName: h.preferredName, walkIn: r.walkIn });
      } catch (err) {
        // Erased or moved to another organisation since: counted, not named.
        if (!(err instanceof NotFoundError)) throw err;
        attendees.push({ participantId: null, preferredName: null, walkIn: r.walkIn });
      }
    }
    await audit(deps, tx, actor, 'dropin.register-viewed', 'drop_in_session', sessionId, {
      attendees: rows.length,
    });
    return { session, attendees, placesLeft: Math.max(0, session.capacity - rows.length) };
  });
}

/**
 * Adds her to the register (once), refused when the session is full; the visit goes on her contacts
 * timeline and moves her last-contact date on.
 */
export async function attend(
  deps: CaseworkDeps,
  actor: Actor,
  sessionId: string,
  participantId: string,
  walkIn = false,
  /** The caller's transaction (a walk-in registered and added in one). */
  outer?: DbOrTx,
) {
  authorise(actor, 'participant:write');
  const inTransaction = (fn: (tx: DbOrTx) => Promise<void>) => (outer ? fn(outer) : deps.db.transaction(fn));
  await inTransaction(async (tx) => {
    const session = await sessionFor(tx, actor, sessionId, true);
    const access = await ownerAccess(deps, tx, actor, participantId, 'write');
    const [{ n }] = (await tx
      .select({ n: count() })
      .from(dropInAttendance)
      .where(eq(dropInAttendance.sessionId, sessionId))) as [{ n: number }];
    const [already] = await tx
      .select({ id: dropInAttendance.id })
      .from(dropInAttendance)
      .where(
        and(eq(dropInAttendance.sessionId, sessionId), eq(dropInAttendance.participantId, participantId)),
      );
    if (already) return;
    if (n >= session.capacity) throw new ValidationError({ participantId: 'casework.errors.full' });
    await tx
      .insert(dropInAttendance)
      .values({ sessionId, participantId, walkIn, addedByUserId: actor.userId });
    await tx.insert(contacts).values({
      participantId,
      organisationId: access.organisationId,
      authorUserId: actor.userId,
      kind: 'drop_in',
      happenedAt: session.startsAt,
      notes: null,
    });
    await deps.participants.touchLastContact(tx, participantId, session.startsAt);
    await audit(deps, tx, actor, 'dropin.attended', 'participant', participantId, { sessionId, walkIn });
  });
}

/**
 * Takes her off the register when she was added by mistake, with the drop-in visit it put on her
 * contacts timeline (unless that contact has since been edited: then it is hers to keep). Audited;
 * removing someone not on the register changes nothing.
 */
export async function removeAttendance(
  deps: CaseworkDeps,
  actor: Actor,
  sessionId: string,
  participantId: string,
) {
  authorise(actor, 'participant:write');
  await deps.db.transaction(async (tx) => {
    const session = await sessionFor(tx, actor, sessionId, true);
    await ownerAccess(deps, tx, actor, participantId, 'write');
    const gone = await tx
      .delete(dropInAttendance)
      .where(
        and(eq(dropInAttendance.sessionId, sessionId), eq(dropInAttendance.participantId, participantId)),
      )
      .returning({ id: dropInAttendance.id });
    if (!gone.length) return;
    const visit = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(
          eq(contacts.participantId, participantId),
          eq(contacts.kind, 'drop_in'),
          eq(contacts.happenedAt, session.startsAt),
          notExists(tx.select().from(contactVersions).where(eq(contactVersions.contactId, contacts.id))),
        ),
      )
      .limit(1);
    if (visit[0]) await tx.delete(contacts).where(eq(contacts.id, visit[0].id));
    await audit(deps, tx, actor, 'dropin.attendance-removed', 'participant', participantId, {
      sessionId,
      visitRemoved: Boolean(visit[0]),
    });
  });
}

/**
 * Places left, checked before a walk-in is registered so she is not registered for a full session.
 * Inside the walk-in's transaction the session is locked until it ends, so two walk-ins cannot both
 * take its last place.
 */
export async function placesLeft(deps: CaseworkDeps, actor: Actor, sessionId: string, tx?: DbOrTx) {
  authorise(actor, 'participant:write');
  const db = tx ?? deps.db;
  const session = await sessionFor(db, actor, sessionId, Boolean(tx));
  const [{ n }] = (await db
    .select({ n: count() })
    .from(dropInAttendance)
    .where(eq(dropInAttendance.sessionId, sessionId))) as [{ n: number }];
  return session.capacity - n;
}
