import { and, asc, eq, gt, gte, lt, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { audit, type CaseworkDeps, isUuid } from '../deps.ts';
import { dropInSessions } from '../schema.ts';
import { appointmentBookings, appointmentSlots, type SlotMode } from './schema.ts';

/** Slots staff publish outside drop-in times: creating, withdrawing and listing them. */
export interface AppointmentsDeps extends CaseworkDeps {
  /** Where the ".ics" UID is anchored (the app's public host). */
  publicBaseUrl: string;
}

export interface SlotInput {
  mode: SlotMode;
  place: string | null;
  startsAt: Date;
  endsAt: Date;
  staffUserId: string;
}

export type Slot = typeof appointmentSlots.$inferSelect;
export const HOUR = 3_600_000;

const placeKey = (p: string) => p.trim().replace(/\s+/g, ' ').toLowerCase();
const samePlace = (a: string, b: string) => placeKey(a) === placeKey(b);

/**
 * Serialises publishing a slot and creating a drop-in at one place of one organisation (until the
 * transaction ends), so a slot and a drop-in created at once cannot both pass the other's check.
 */
async function lockPlace(tx: DbOrTx, organisationId: string, place: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`appointment-place:${organisationId}:${placeKey(place)}`}))`,
  );
}

/** The slot, if it belongs to the actor's organisation (else 404); locked when `lock`. */
export async function slotFor(tx: DbOrTx, actor: Actor, slotId: string, lock = false): Promise<Slot> {
  if (!isUuid(slotId)) throw new NotFoundError();
  const q = tx.select().from(appointmentSlots).where(eq(appointmentSlots.id, slotId));
  const [s] = lock ? await q.for('update') : await q;
  requireOwn(actor, s);
  return s;
}

export async function staffNames(deps: CaseworkDeps, organisationId: string) {
  const staff = await deps.participants.staffOf(organisationId);
  return new Map(staff.map((u) => [u.id, u.name]));
}

/** Publishes a slot; refused when it overlaps a drop-in at the same place or the person's other slot. */
export async function createSlot(deps: CaseworkDeps, actor: Actor, input: SlotInput) {
  authorise(actor, 'participant:write');
  const errors: Record<string, string> = {};
  if (input.endsAt <= input.startsAt) errors.length = 'appointments.errors.length';
  if (input.startsAt.getTime() < Date.now()) errors.date = 'appointments.errors.past';
  if (input.mode === 'in_person' && !input.place) errors.place = 'appointments.errors.place';
  const staff = await staffNames(deps, actor.organisationId);
  if (!staff.has(input.staffUserId)) errors.staffUserId = 'appointments.errors.staff';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const place = input.mode === 'in_person' ? input.place : null;
  return deps.db.transaction(async (tx) => {
    if (place) {
      await lockPlace(tx, actor.organisationId, place);
      const dropIns = await tx
        .select({ place: dropInSessions.place })
        .from(dropInSessions)
        .where(
          and(
            eq(dropInSessions.organisationId, actor.organisationId),
            lt(dropInSessions.startsAt, input.endsAt),
            gt(dropInSessions.endsAt, input.startsAt),
          ),
        );
      if (dropIns.some((d) => samePlace(d.place, place)))
        throw new ValidationError({ startTime: 'appointments.errors.dropInOverlap' });
    }
    // Serialise publishing for one member of staff so two overlapping slots cannot both pass.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`appointment-staff:${input.staffUserId}`}))`,
    );
    const [clash] = await tx
      .select({ id: appointmentSlots.id })
      .from(appointmentSlots)
      .where(
        and(
          eq(appointmentSlots.staffUserId, input.staffUserId),
          lt(appointmentSlots.startsAt, input.endsAt),
          gt(appointmentSlots.endsAt, input.startsAt),
        ),
      )
      .limit(1);
    if (clash) throw new ValidationError({ startTime: 'appointments.errors.staffBusy' });
    const [row] = await tx
      .insert(appointmentSlots)
      .values({
        organisationId: actor.organisationId,
        staffUserId: input.staffUserId,
        mode: input.mode,
        place,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        createdByUserId: actor.userId,
      })
      .returning({ id: appointmentSlots.id });
    await audit(deps, tx, actor, 'appointment.slot-created', 'appointment_slot', row!.id, {
      mode: input.mode,
      minutes: Math.round((input.endsAt.getTime() - input.startsAt.getTime()) / 60_000),
    });
    return row!.id;
  });
}

/** Withdraws a slot published by mistake: only one never booked (a booking's history is kept). */
export async function withdrawSlot(deps: CaseworkDeps, actor: Actor, slotId: string) {
  authorise(actor, 'participant:write');
  await deps.db.transaction(async (tx) => {
    await slotFor(tx, actor, slotId, true);
    const [booked] = await tx
      .select({ id: appointmentBookings.id })
      .from(appointmentBookings)
      .where(eq(appointmentBookings.slotId, slotId))
      .limit(1);
    if (booked) throw new ValidationError({ form: 'appointments.errors.slotHasBookings' });
    await tx.delete(appointmentSlots).where(eq(appointmentSlots.id, slotId));
    await audit(deps, tx, actor, 'appointment.slot-withdrawn', 'appointment_slot', slotId);
  });
}

/** Slots from today on, free and booked (booked ones name her only where the actor may read her). */
export async function upcomingSlots(deps: CaseworkDeps, actor: Actor) {
  authorise(actor, 'participant:read');
  return deps.db.transaction(async (tx) => {
    const since = new Date(Date.now() - 12 * HOUR);
    const rows = await tx
      .select({ slot: appointmentSlots, booking: appointmentBookings })
      .from(appointmentSlots)
      .leftJoin(
        appointmentBookings,
        and(eq(appointmentBookings.slotId, appointmentSlots.id), ne(appointmentBookings.status, 'cancelled')),
      )
      .where(
        and(eq(appointmentSlots.organisationId, actor.organisationId), gte(appointmentSlots.endsAt, since)),
      )
      .orderBy(asc(appointmentSlots.startsAt))
      .limit(300);
    const staff = await staffNames(deps, actor.organisationId);
    const out = [];
    for (const r of rows) {
      let who: { participantId: string; preferredName: string } | null = null;
      if (r.booking) {
        try {
          const h = await deps.participants.header(actor, r.booking.participantId, 'read', tx);
          who = { participantId: h.id, preferredName: h.preferredName };
        } catch (err) {
          if (!(err instanceof NotFoundError) && (err as { status?: number }).status !== 403) throw err;
        }
      }
      out.push({ ...r.slot, staffName: staff.get(r.slot.staffUserId) ?? '', booking: r.booking, who });
    }
    await audit(deps, tx, actor, 'appointment.slots-viewed', 'organisation', actor.organisationId, {
      shown: out.length,
    });
    return out;
  });
}

/** Slots of the organisation not yet started and not booked: what she could book. */
export async function freeSlots(deps: CaseworkDeps, tx: DbOrTx, organisationId: string) {
  const rows = await tx
    .select({ slot: appointmentSlots })
    .from(appointmentSlots)
    .leftJoin(
      appointmentBookings,
      and(eq(appointmentBookings.slotId, appointmentSlots.id), ne(appointmentBookings.status, 'cancelled')),
    )
    .where(
      and(
        eq(appointmentSlots.organisationId, organisationId),
        gt(appointmentSlots.startsAt, new Date()),
        sql`${appointmentBookings.id} is null`,
      ),
    )
    .orderBy(asc(appointmentSlots.startsAt))
    .limit(100);
  const staff = await staffNames(deps, organisationId);
  return rows.map((r) => ({ ...r.slot, staffName: staff.get(r.slot.staffUserId) ?? '' }));
}

/**
 * For a new drop-in (the reverse of the check a slot makes against drop-ins): is an in-person 1-2-1
 * slot published at this place (compared as slots compare places) overlapping this time, free or
 * booked? A slot whose appointment has happened (attended or not) no longer counts. Call it inside
 * the drop-in's transaction: it holds the place's lock until that transaction ends.
 */
export async function inPersonSlotOverlaps(
  db: DbOrTx,
  organisationId: string,
  place: string,
  startsAt: Date,
  endsAt: Date,
): Promise<boolean> {
  await lockPlace(db, organisationId, place);
  const rows = await db
    .select({ place: appointmentSlots.place })
    .from(appointmentSlots)
    .where(
      and(
        eq(appointmentSlots.organisationId, organisationId),
        eq(appointmentSlots.mode, 'in_person'),
        lt(appointmentSlots.startsAt, endsAt),
        gt(appointmentSlots.endsAt, startsAt),
        sql`not exists (select 1 from ${appointmentBookings} b where b.slot_id = ${appointmentSlots.id} and b.status in ('attended', 'did_not_attend'))`,
      ),
    );
  return rows.some((r) => r.place !== null && samePlace(r.place, place));
}
