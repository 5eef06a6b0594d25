import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { audit, isUuid, ownerAccess } from '../deps.ts';
import { contacts } from '../schema.ts';
import {
  exportMessages,
  messagesOf,
  nudge,
  queueMessage,
  withdrawWaiting,
  withRetryOffer,
} from './messages.ts';
import { appointmentBookings, appointmentSlots, type CancelReason } from './schema.ts';
import { type AppointmentsDeps, freeSlots, slotFor, staffNames } from './slots.ts';

/**
 * Her bookings (owner organisation only, like the rest of her casework): booking, moving,
 * cancelling and the outcome on her contacts timeline. Each change queues its message to her in
 * the same transaction; the message is sent right after commit (or by the outbox job after a crash).
 */
export type Booking = typeof appointmentBookings.$inferSelect;

/** The booking and its slot, if the booking belongs to the actor's organisation (else 404). */
export async function bookingFor(tx: DbOrTx, actor: Actor, bookingId: string, lock = false) {
  if (!isUuid(bookingId)) throw new NotFoundError();
  const q = tx.select().from(appointmentBookings).where(eq(appointmentBookings.id, bookingId));
  const [b] = lock ? await q.for('update') : await q;
  requireOwn(actor, b);
  const [slot] = await tx.select().from(appointmentSlots).where(eq(appointmentSlots.id, b.slotId));
  return { booking: b, slot: slot! };
}

/** Her appointments (newest first, with every message) and the free slots she could book. */
export async function appointmentsOf(deps: AppointmentsDeps, actor: Actor, participantId: string) {
  authorise(actor, 'participant:read');
  return deps.db.transaction(async (tx) => {
    const access = await ownerAccess(deps, tx, actor, participantId, 'read');
    const rows = await tx
      .select({ booking: appointmentBookings, slot: appointmentSlots })
      .from(appointmentBookings)
      .innerJoin(appointmentSlots, eq(appointmentSlots.id, appointmentBookings.slotId))
      .where(
        and(
          eq(appointmentBookings.participantId, participantId),
          eq(appointmentBookings.organisationId, access.organisationId),
        ),
      )
      .orderBy(desc(appointmentSlots.startsAt))
      .limit(200);
    const messages = await messagesOf(
      tx,
      rows.map((r) => r.booking.id),
    );
    const staff = await staffNames(deps, access.organisationId);
    const now = Date.now();
    const all = rows.map((r) => ({
      ...r,
      staffName: staff.get(r.slot.staffUserId) ?? '',
      messages: messages.get(r.booking.id) ?? [],
    }));
    await audit(deps, tx, actor, 'appointment.list-viewed', 'participant', participantId, {
      shown: all.length,
    });
    const upcoming = (a: (typeof all)[number]) =>
      a.booking.status === 'booked' && a.slot.endsAt.getTime() >= now;
    // A cancelled appointment that had not happened yet is listed as cancelled, not as earlier.
    const cancelledAhead = (a: (typeof all)[number]) =>
      a.booking.status === 'cancelled' && a.slot.startsAt.getTime() >= now;
    return {
      upcoming: all.filter(upcoming).reverse(),
      cancelled: all.filter(cancelledAhead).reverse(),
      past: all.filter((a) => !upcoming(a) && !cancelledAhead(a)),
      free: await freeSlots(deps, tx, access.organisationId),
    };
  });
}

async function insertBooking(
  deps: AppointmentsDeps,
  tx: DbOrTx,
  actor: Actor,
  participantId: string,
  slotId: string,
) {
  const access = await ownerAccess(deps, tx, actor, participantId, 'write');
  const slot = await slotFor(tx, actor, slotId, true);
  if (slot.startsAt.getTime() <= Date.now())
    throw new ValidationError({ slotId: 'appointments.errors.started' });
  const [taken] = await tx
    .select({ id: appointmentBookings.id })
    .from(appointmentBookings)
    .where(and(eq(appointmentBookings.slotId, slotId), ne(appointmentBookings.status, 'cancelled')));
  if (taken) throw new ValidationError({ slotId: 'appointments.errors.taken' });
  const [booking] = await tx
    .insert(appointmentBookings)
    .values({ slotId, participantId, organisationId: access.organisationId, bookedByUserId: actor.userId })
    .returning();
  await audit(deps, tx, actor, 'appointment.booked', 'participant', participantId, {
    bookingId: booking!.id,
    slotId,
  });
  return { booking: booking!, slot };
}

/** Turns the partial unique index's refusal (two bookings at once) into the same field error. */
async function once<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if ((e.code ?? e.cause?.code) === '23505')
      throw new ValidationError({ slotId: 'appointments.errors.taken' });
    throw err;
  }
}

/**
 * Books a free slot for her, with its confirmation queued in the same transaction and sent after
 * commit (`notify: false` only for the demo seed, which should not message anyone).
 */
export async function book(
  deps: AppointmentsDeps,
  actor: Actor,
  participantId: string,
  slotId: string,
  opts = { notify: true },
) {
  authorise(actor, 'participant:write');
  const { id, queued } = await once(() =>
    deps.db.transaction(async (tx) => {
      const { booking, slot } = await insertBooking(deps, tx, actor, participantId, slotId);
      const queued = opts.notify ? await queueMessage(deps, tx, actor, booking, slot, 'confirmation') : [];
      return { id: booking.id, queued };
    }),
  );
  await nudge(deps, queued);
  return id;
}

async function closeBooking(
  deps: AppointmentsDeps,
  tx: DbOrTx,
  actor: Actor,
  bookingId: string,
  status: 'cancelled' | 'attended' | 'did_not_attend',
  cancelReason: CancelReason | null = null,
) {
  const { booking, slot } = await bookingFor(tx, actor, bookingId, true);
  await ownerAccess(deps, tx, actor, booking.participantId, 'write');
  if (booking.status !== 'booked') throw new ValidationError({ form: 'appointments.errors.closed' });
  if (status !== 'cancelled' && slot.startsAt.getTime() > Date.now())
    throw new ValidationError({ form: 'appointments.errors.notYet' });
  const [closed] = await tx
    .update(appointmentBookings)
    .set({ status, closedAt: new Date(), closedByUserId: actor.userId, cancelReason })
    .where(eq(appointmentBookings.id, bookingId))
    .returning();
  await withdrawWaiting(deps, tx, bookingId);
  return { booking: closed!, slot };
}

/** Cancels her booking with the reason (the slot is free again) and tells her on the channels she allows. */
export async function cancel(deps: AppointmentsDeps, actor: Actor, bookingId: string, reason: CancelReason) {
  authorise(actor, 'participant:write');
  const { participantId, queued } = await deps.db.transaction(async (tx) => {
    const { booking, slot } = await closeBooking(deps, tx, actor, bookingId, 'cancelled', reason);
    await audit(deps, tx, actor, 'appointment.cancelled', 'participant', booking.participantId, {
      bookingId,
      reason,
    });
    const queued = await queueMessage(deps, tx, actor, booking, slot, 'cancellation');
    return { participantId: booking.participantId, queued };
  });
  await nudge(deps, queued);
  return participantId;
}

/**
 * Moves her booking to another free slot in one step: the old booking's cancellation goes to her,
 * then the new booking's own confirmation (the old time's calendar event is withdrawn first).
 */
export async function rebook(deps: AppointmentsDeps, actor: Actor, bookingId: string, slotId: string) {
  authorise(actor, 'participant:write');
  const { id, queued } = await once(() =>
    deps.db.transaction(async (tx) => {
      const old = await closeBooking(deps, tx, actor, bookingId, 'cancelled');
      await audit(deps, tx, actor, 'appointment.cancelled', 'participant', old.booking.participantId, {
        bookingId,
        rebooked: true,
      });
      const cancelled = await queueMessage(deps, tx, actor, old.booking, old.slot, 'cancellation');
      const next = await insertBooking(deps, tx, actor, old.booking.participantId, slotId);
      const confirmed = await queueMessage(deps, tx, actor, next.booking, next.slot, 'confirmation');
      return { id: next.booking.id, queued: [...cancelled, ...confirmed] };
    }),
  );
  await nudge(deps, queued);
  return id;
}

/** Attended (a 1-2-1 on her contacts timeline, her last contact moves on) or did not attend. */
export async function recordOutcome(
  deps: AppointmentsDeps,
  actor: Actor,
  bookingId: string,
  outcome: 'attended' | 'did_not_attend',
) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const { booking, slot } = await closeBooking(deps, tx, actor, bookingId, outcome);
    if (outcome === 'attended') {
      await tx.insert(contacts).values({
        participantId: booking.participantId,
        organisationId: booking.organisationId,
        authorUserId: actor.userId,
        kind: 'one_to_one',
        happenedAt: slot.startsAt,
        notes: null,
      });
      await deps.participants.touchLastContact(tx, booking.participantId, slot.startsAt);
    }
    const action = `appointment.${outcome === 'attended' ? 'attended' : 'did-not-attend'}`;
    await audit(deps, tx, actor, action, 'participant', booking.participantId, { bookingId });
    return booking.participantId;
  });
}

/** One booking with its slot and messages (her organisation only), audited as a view. */
export async function getBooking(deps: AppointmentsDeps, actor: Actor, bookingId: string) {
  authorise(actor, 'participant:read');
  return deps.db.transaction(async (tx) => {
    const { booking, slot } = await bookingFor(tx, actor, bookingId);
    await ownerAccess(deps, tx, actor, booking.participantId, 'read');
    const messages = withRetryOffer(
      (await messagesOf(tx, [booking.id])).get(booking.id) ?? [],
      booking,
      slot,
    );
    const staff = await staffNames(deps, booking.organisationId);
    await audit(deps, tx, actor, 'appointment.viewed', 'participant', booking.participantId, { bookingId });
    return {
      booking,
      slot,
      messages,
      staffName: staff.get(slot.staffUserId) ?? '',
      free: booking.status === 'booked' ? await freeSlots(deps, tx, booking.organisationId) : [],
    };
  });
}

/** "Next appointment" on My caseload: her next booked 1-2-1. */
export async function nextAppointments(db: DbOrTx, participantIds: string[]) {
  const out = new Map<string, Date | null>();
  if (!participantIds.length) return out;
  const rows = await db
    .select({
      participantId: appointmentBookings.participantId,
      at: sql<Date>`min(${appointmentSlots.startsAt})`,
    })
    .from(appointmentBookings)
    .innerJoin(appointmentSlots, eq(appointmentSlots.id, appointmentBookings.slotId))
    .where(
      and(
        inArray(appointmentBookings.participantId, participantIds),
        eq(appointmentBookings.status, 'booked'),
        gt(appointmentSlots.startsAt, new Date()),
      ),
    )
    .groupBy(appointmentBookings.participantId);
  for (const r of rows) out.set(r.participantId, r.at ? new Date(r.at) : null);
  return out;
}

/** Her appointments and the messages about them, for her subject access export. */
export async function exportOf(tx: DbOrTx, participantId: string) {
  const rows = await tx
    .select({ booking: appointmentBookings, slot: appointmentSlots })
    .from(appointmentBookings)
    .innerJoin(appointmentSlots, eq(appointmentSlots.id, appointmentBookings.slotId))
    .where(eq(appointmentBookings.participantId, participantId))
    .orderBy(asc(appointmentSlots.startsAt));
  const messages = await exportMessages(
    tx,
    rows.map((r) => r.booking.id),
  );
  return rows.map(({ booking, slot }) => ({
    startsAt: slot.startsAt,
    endsAt: slot.endsAt,
    mode: slot.mode,
    place: slot.place,
    status: booking.status,
    bookedAt: booking.bookedAt,
    messages: messages
      .filter((m) => m.bookingId === booking.id)
      .map((m) => ({ kind: m.kind, channel: m.channel, status: m.status, reason: m.reason, at: m.at })),
  }));
}
