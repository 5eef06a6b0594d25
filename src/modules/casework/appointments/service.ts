import { and, asc, desc, eq, gt, gte, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { createI18n, type I18n } from '../../../platform/i18n/index.ts';
import { calendarFile } from '../../../platform/ics.ts';
import type { Mailer } from '../../../platform/mail.ts';
import type { SmsSender } from '../../../platform/sms.ts';
import { audit, type CaseworkDeps, isUuid, ownerAccess } from '../deps.ts';
import { contacts, dropInSessions } from '../schema.ts';
import {
  appointmentBookings,
  appointmentMessages,
  appointmentSlots,
  type MessageChannel,
  type MessageKind,
  type MessageStatus,
  type SlotMode,
} from './schema.ts';

export interface AppointmentsDeps extends CaseworkDeps {
  mailer: Mailer;
  sms: SmsSender;
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

type Slot = typeof appointmentSlots.$inferSelect;
type Booking = typeof appointmentBookings.$inferSelect;
type Message = typeof appointmentMessages.$inferSelect;

const HOUR = 3_600_000;
/** A reminder goes in the 24 hours before; not for a booking made less than 12 hours before. */
const REMINDER_WINDOW = 24 * HOUR;
const REMINDER_MIN_NOTICE = 12 * HOUR;
/** Reminders go out between these hours, UK time. */
const QUIET_UNTIL = 8;
const QUIET_FROM = 20;

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

/**
 * 1-2-1 appointments: slots outside drop-in times, her bookings (owner organisation only, like the
 * rest of her casework), the outcome on her contacts timeline, and confirmations and reminders by
 * SMS and email sent only on channels she has agreed to and listed as safe.
 */
export function createAppointmentsService(deps: AppointmentsDeps) {
  let i18n: Promise<I18n> | undefined;
  const translations = () => {
    i18n ??= createI18n();
    return i18n;
  };

  deps.participants.addRecordLink({
    key: 'appointments.nav.record',
    href: (id) => `/participants/${id}/appointments`,
  });
  deps.participants.addCaseloadColumn({
    id: 'next-appointment',
    headingKey: 'appointments.caseload.next',
    load: nextAppointments,
  });
  deps.participants.addExportSection({ name: 'appointments', load: exportOf });
  deps.participants.onErase(async (tx, participantId) => {
    await tx.delete(appointmentBookings).where(eq(appointmentBookings.participantId, participantId));
  });

  async function slotFor(tx: DbOrTx, actor: Actor, slotId: string, lock = false): Promise<Slot> {
    if (!isUuid(slotId)) throw new NotFoundError();
    const q = tx.select().from(appointmentSlots).where(eq(appointmentSlots.id, slotId));
    const [s] = lock ? await q.for('update') : await q;
    requireOwn(actor, s);
    return s;
  }

  async function bookingFor(tx: DbOrTx, actor: Actor, bookingId: string, lock = false) {
    if (!isUuid(bookingId)) throw new NotFoundError();
    const q = tx.select().from(appointmentBookings).where(eq(appointmentBookings.id, bookingId));
    const [b] = lock ? await q.for('update') : await q;
    requireOwn(actor, b);
    const [slot] = await tx.select().from(appointmentSlots).where(eq(appointmentSlots.id, b.slotId));
    return { booking: b, slot: slot! };
  }

  async function staffNames(organisationId: string) {
    const staff = await deps.participants.staffOf(organisationId);
    return new Map(staff.map((u) => [u.id, u.name]));
  }

  /** Publishes a slot; refused when it overlaps a drop-in at the same place or the person's other slot. */
  async function createSlot(actor: Actor, input: SlotInput) {
    authorise(actor, 'participant:write');
    const errors: Record<string, string> = {};
    if (input.endsAt <= input.startsAt) errors.length = 'appointments.errors.length';
    if (input.startsAt.getTime() < Date.now()) errors.date = 'appointments.errors.past';
    if (input.mode === 'in_person' && !input.place) errors.place = 'appointments.errors.place';
    const staff = await staffNames(actor.organisationId);
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
  async function withdrawSlot(actor: Actor, slotId: string) {
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
  async function upcomingSlots(actor: Actor) {
    authorise(actor, 'participant:read');
    return deps.db.transaction(async (tx) => {
      const since = new Date(Date.now() - 12 * HOUR);
      const rows = await tx
        .select({ slot: appointmentSlots, booking: appointmentBookings })
        .from(appointmentSlots)
        .leftJoin(
          appointmentBookings,
          and(
            eq(appointmentBookings.slotId, appointmentSlots.id),
            ne(appointmentBookings.status, 'cancelled'),
          ),
        )
        .where(
          and(eq(appointmentSlots.organisationId, actor.organisationId), gte(appointmentSlots.endsAt, since)),
        )
        .orderBy(asc(appointmentSlots.startsAt))
        .limit(300);
      const staff = await staffNames(actor.organisationId);
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

  async function freeSlots(tx: DbOrTx, organisationId: string) {
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
    const staff = await staffNames(organisationId);
    return rows.map((r) => ({ ...r.slot, staffName: staff.get(r.slot.staffUserId) ?? '' }));
  }

  async function messagesOf(tx: DbOrTx, bookingIds: string[]) {
    const byBooking = new Map<string, Message[]>();
    if (!bookingIds.length) return byBooking;
    const rows = await tx
      .select()
      .from(appointmentMessages)
      .where(inArray(appointmentMessages.bookingId, bookingIds))
      .orderBy(asc(appointmentMessages.at));
    for (const m of rows) byBooking.set(m.bookingId, [...(byBooking.get(m.bookingId) ?? []), m]);
    return byBooking;
  }

  /** Her appointments (newest first, with every message) and the free slots she could book. */
  async function appointmentsOf(actor: Actor, participantId: string) {
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
      const staff = await staffNames(access.organisationId);
      const now = Date.now();
      const all = rows.map((r) => ({
        ...r,
        staffName: staff.get(r.slot.staffUserId) ?? '',
        messages: messages.get(r.booking.id) ?? [],
      }));
      await audit(deps, tx, actor, 'appointment.list-viewed', 'participant', participantId, {
        shown: all.length,
      });
      return {
        upcoming: all
          .filter((a) => a.booking.status === 'booked' && a.slot.endsAt.getTime() >= now)
          .reverse(),
        past: all.filter((a) => !(a.booking.status === 'booked' && a.slot.endsAt.getTime() >= now)),
        free: await freeSlots(tx, access.organisationId),
      };
    });
  }

  async function insertBooking(tx: DbOrTx, actor: Actor, participantId: string, slotId: string) {
    const access = await ownerAccess(deps, tx, actor, participantId, 'write');
    const slot = await slotFor(tx, actor, slotId, true);
    if (slot.startsAt.getTime() <= Date.now())
      throw new ValidationError({ slotId: 'appointments.errors.started' });
    const [taken] = await tx
      .select({ id: appointmentBookings.id })
      .from(appointmentBookings)
      .where(and(eq(appointmentBookings.slotId, slotId), ne(appointmentBookings.status, 'cancelled')));
    if (taken) throw new ValidationError({ slotId: 'appointments.errors.taken' });
    const [row] = await tx
      .insert(appointmentBookings)
      .values({
        slotId,
        participantId,
        organisationId: access.organisationId,
        bookedByUserId: actor.userId,
      })
      .returning({ id: appointmentBookings.id });
    await audit(deps, tx, actor, 'appointment.booked', 'participant', participantId, {
      bookingId: row!.id,
      slotId,
    });
    return row!.id;
  }

  /** Turns the partial unique index's refusal (two bookings at once) into the same field error. */
  async function once<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const code =
        (err as { code?: string; cause?: { code?: string } }).code ??
        (err as { cause?: { code?: string } }).cause?.code;
      if (code === '23505') throw new ValidationError({ slotId: 'appointments.errors.taken' });
      throw err;
    }
  }

  /**
   * Books a free slot for her, then sends the confirmation on the channels she allows (`notify:
   * false` only for the demo seed, which should not message anyone).
   */
  async function book(actor: Actor, participantId: string, slotId: string, opts = { notify: true }) {
    authorise(actor, 'participant:write');
    const bookingId = await once(() =>
      deps.db.transaction((tx) => insertBooking(tx, actor, participantId, slotId)),
    );
    if (opts.notify) await notify(bookingId, 'confirmation', actor);
    return bookingId;
  }

  async function closeBooking(
    tx: DbOrTx,
    actor: Actor,
    bookingId: string,
    status: 'cancelled' | 'attended' | 'did_not_attend',
  ) {
    const { booking, slot } = await bookingFor(tx, actor, bookingId, true);
    await ownerAccess(deps, tx, actor, booking.participantId, 'write');
    if (booking.status !== 'booked') throw new ValidationError({ form: 'appointments.errors.closed' });
    if (status !== 'cancelled' && slot.startsAt.getTime() > Date.now())
      throw new ValidationError({ form: 'appointments.errors.notYet' });
    await tx
      .update(appointmentBookings)
      .set({ status, closedAt: new Date(), closedByUserId: actor.userId })
      .where(eq(appointmentBookings.id, bookingId));
    return { booking, slot };
  }

  /** Cancels her booking (the slot is free again) and tells her on the channels she allows. */
  async function cancel(actor: Actor, bookingId: string) {
    authorise(actor, 'participant:write');
    const participantId = await deps.db.transaction(async (tx) => {
      const { booking } = await closeBooking(tx, actor, bookingId, 'cancelled');
      await audit(deps, tx, actor, 'appointment.cancelled', 'participant', booking.participantId, {
        bookingId,
      });
      return booking.participantId;
    });
    await notify(bookingId, 'cancellation', actor);
    return participantId;
  }

  /**
   * Moves her booking to another free slot in one step: the old booking's cancellation goes to her,
   * then the new booking's own confirmation.
   */
  async function rebook(actor: Actor, bookingId: string, slotId: string) {
    authorise(actor, 'participant:write');
    const newId = await once(() =>
      deps.db.transaction(async (tx) => {
        const { booking } = await closeBooking(tx, actor, bookingId, 'cancelled');
        await audit(deps, tx, actor, 'appointment.cancelled', 'participant', booking.participantId, {
          bookingId,
          rebooked: true,
        });
        return insertBooking(tx, actor, booking.participantId, slotId);
      }),
    );
    // The old time is withdrawn (its calendar event cancelled) before the new one is confirmed.
    await notify(bookingId, 'cancellation', actor);
    await notify(newId, 'confirmation', actor);
    return newId;
  }

  /** Attended (a 1-2-1 on her contacts timeline, her last contact moves on) or did not attend. */
  async function recordOutcome(actor: Actor, bookingId: string, outcome: 'attended' | 'did_not_attend') {
    authorise(actor, 'participant:write');
    return deps.db.transaction(async (tx) => {
      const { booking, slot } = await closeBooking(tx, actor, bookingId, outcome);
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
      await audit(
        deps,
        tx,
        actor,
        `appointment.${outcome === 'attended' ? 'attended' : 'did-not-attend'}`,
        'participant',
        booking.participantId,
        {
          bookingId,
        },
      );
      return booking.participantId;
    });
  }

  /** One booking with its slot and messages (her organisation only), audited as a view. */
  async function getBooking(actor: Actor, bookingId: string) {
    authorise(actor, 'participant:read');
    return deps.db.transaction(async (tx) => {
      const { booking, slot } = await bookingFor(tx, actor, bookingId);
      await ownerAccess(deps, tx, actor, booking.participantId, 'read');
      const all = (await messagesOf(tx, [booking.id])).get(booking.id) ?? [];
      const retriedIds = new Set(all.map((m) => m.retryOfId).filter(Boolean));
      // "Send again" is offered once for a failed message while it still means something.
      const messages = all.map((m) => ({
        ...m,
        canRetry:
          m.status === 'failed' &&
          !m.retryOfId &&
          !retriedIds.has(m.id) &&
          stillDue(m.kind, booking) &&
          (m.kind === 'cancellation' || slot.startsAt.getTime() > Date.now()),
      }));
      const staff = await staffNames(booking.organisationId);
      await audit(deps, tx, actor, 'appointment.viewed', 'participant', booking.participantId, { bookingId });
      return {
        booking,
        slot,
        messages,
        staffName: staff.get(slot.staffUserId) ?? '',
        free: booking.status === 'booked' ? await freeSlots(tx, booking.organisationId) : [],
      };
    });
  }

  // Messages ----------------------------------------------------------------------------------------

  async function languageFor(languages: string[]): Promise<string> {
    const i = await translations();
    for (const raw of languages) {
      const l = raw.trim().toLowerCase();
      for (const { code } of i.languages) {
        const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(code)?.toLowerCase();
        if (l === code || l.startsWith(`${code}-`) || l === english) return code;
      }
    }
    return 'en';
  }

  /** The neutral text: when, where, and how to change it; nothing about the organisation or why. */
  async function messageText(slot: Slot, kind: MessageKind, lang: string) {
    const t = (await translations()).t(lang);
    const locale = lang === 'en' ? 'en-GB' : lang;
    const date = new Intl.DateTimeFormat(locale, {
      timeZone: 'Europe/London',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(slot.startsAt);
    const time = new Intl.DateTimeFormat(locale, {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(slot.startsAt);
    const place = slot.mode === 'in_person' ? slot.place! : t(`appointments.message.mode.${slot.mode}`);
    const text = t(`appointments.message.${kind}`, { date, time, place });
    return {
      text,
      subject: t(`appointments.message.subject.${kind}`),
      summary: t('appointments.message.summary'),
      place,
    };
  }

  type Her = Awaited<ReturnType<typeof deps.participants.messagingDetails>>;
  type Text = Awaited<ReturnType<typeof messageText>>;

  /**
   * One message on one channel, only where she has agreed to the channel and listed it as safe. A
   * cancellation's calendar file withdraws the confirmation's event: same UID, higher SEQUENCE.
   */
  async function sendOn(
    channel: MessageChannel,
    her: Her,
    booking: Booking,
    slot: Slot,
    kind: MessageKind,
    msg: Text,
  ): Promise<{ status: MessageStatus; reason: string | null; providerId: string | null }> {
    const address = channel === 'sms' ? her?.phone : her?.email;
    if (!her) return { status: 'not_sent', reason: 'erased', providerId: null };
    if (!her.consents[channel]) return { status: 'not_sent', reason: 'no_consent', providerId: null };
    if (!her.contactMethods.includes(channel))
      return { status: 'not_sent', reason: 'not_safe_method', providerId: null };
    if (!address) return { status: 'not_sent', reason: 'no_address', providerId: null };
    try {
      if (channel === 'sms') {
        const { id } = await deps.sms.send(address, msg.text);
        return { status: 'sent', reason: null, providerId: id };
      }
      const cancelling = kind === 'cancellation';
      await deps.mailer.send({
        to: address,
        subject: msg.subject,
        text: msg.text,
        attachments: [
          {
            filename: 'appointment.ics',
            contentType: `text/calendar; charset=utf-8; method=${cancelling ? 'CANCEL' : 'PUBLISH'}`,
            content: calendarFile({
              uid: `${booking.id}@${new URL(deps.publicBaseUrl).hostname}`,
              start: slot.startsAt,
              end: slot.endsAt,
              summary: msg.summary,
              location: msg.place,
              description: msg.text,
              ...(cancelling ? { method: 'CANCEL', status: 'CANCELLED', sequence: 1 } : {}),
            }),
          },
        ],
      });
      return { status: 'sent', reason: null, providerId: null };
    } catch {
      return { status: 'failed', reason: 'provider_error', providerId: null };
    }
  }

  /** A confirmation or reminder is about a booking still booked; a cancellation about a cancelled one. */
  const stillDue = (kind: MessageKind, booking: Booking | undefined) =>
    booking?.status === (kind === 'cancellation' ? 'cancelled' : 'booked');

  /**
   * Sends a confirmation, reminder or cancellation on each channel (SMS, email) and records each
   * outcome: sent with the provider's id, failed, or not sent and why. She is asked nothing twice: a
   * reminder already recorded for a channel is never sent again. A provider failure is recorded,
   * never thrown.
   */
  async function notify(bookingId: string, kind: MessageKind, actor: Actor | null) {
    return deps.db.transaction(async (tx) => {
      const [booking] = await tx
        .select()
        .from(appointmentBookings)
        .where(eq(appointmentBookings.id, bookingId))
        .for('update', kind === 'reminder' ? { skipLocked: true } : {});
      if (!booking || !stillDue(kind, booking)) return [];
      const already = await tx
        .select({ channel: appointmentMessages.channel })
        .from(appointmentMessages)
        .where(and(eq(appointmentMessages.bookingId, bookingId), eq(appointmentMessages.kind, kind)));
      if (kind !== 'confirmation' && already.length) return [];
      const [slot] = await tx.select().from(appointmentSlots).where(eq(appointmentSlots.id, booking.slotId));
      const her = await deps.participants.messagingDetails(booking.participantId, tx);
      const lang = await languageFor(her?.languages ?? []);
      const msg = await messageText(slot!, kind, lang);
      const results: { channel: MessageChannel; status: MessageStatus; reason: string | null }[] = [];
      for (const channel of ['sms', 'email'] as const) {
        const { status, reason, providerId } = await sendOn(channel, her, booking, slot!, kind, msg);
        await tx.insert(appointmentMessages).values({ bookingId, kind, channel, status, reason, providerId });
        await audit(deps, tx, actor, 'appointment.message', 'participant', booking.participantId, {
          bookingId,
          kind,
          channel,
          status,
          reason,
        });
        results.push({ channel, status, reason });
      }
      return results;
    });
  }

  /**
   * "Send again": a failed message, once, through the same rules as the first try (her consent and
   * safe methods read now). Refused when the booking has moved on (a confirmation or reminder of a
   * booking no longer booked, or of one that has started). The new try is recorded and audited.
   */
  async function retryMessage(actor: Actor, bookingId: string, messageId: string) {
    authorise(actor, 'participant:write');
    if (!isUuid(messageId)) throw new NotFoundError();
    return deps.db.transaction(async (tx) => {
      const { booking, slot } = await bookingFor(tx, actor, bookingId, true);
      await ownerAccess(deps, tx, actor, booking.participantId, 'write');
      const [failed] = await tx
        .select()
        .from(appointmentMessages)
        .where(and(eq(appointmentMessages.id, messageId), eq(appointmentMessages.bookingId, booking.id)));
      if (!failed) throw new NotFoundError();
      if (failed.status !== 'failed') throw new ValidationError({ form: 'appointments.errors.notFailed' });
      const [retried] = await tx
        .select({ id: appointmentMessages.id })
        .from(appointmentMessages)
        .where(eq(appointmentMessages.retryOfId, failed.id));
      if (retried || failed.retryOfId) throw new ValidationError({ form: 'appointments.errors.retried' });
      if (!stillDue(failed.kind, booking) || (failed.kind !== 'cancellation' && slot.startsAt <= new Date()))
        throw new ValidationError({ form: 'appointments.errors.retryTooLate' });
      const her = await deps.participants.messagingDetails(booking.participantId, tx);
      const msg = await messageText(slot, failed.kind, await languageFor(her?.languages ?? []));
      const { status, reason, providerId } = await sendOn(
        failed.channel,
        her,
        booking,
        slot,
        failed.kind,
        msg,
      );
      await tx.insert(appointmentMessages).values({
        bookingId: booking.id,
        kind: failed.kind,
        channel: failed.channel,
        status,
        reason,
        providerId,
        retryOfId: failed.id,
      });
      await audit(deps, tx, actor, 'appointment.message-retried', 'participant', booking.participantId, {
        bookingId: booking.id,
        messageId: failed.id,
        kind: failed.kind,
        channel: failed.channel,
        status,
        reason,
      });
      return { status, reason };
    });
  }

  /**
   * The reminder job: every booking starting in the next 24 hours (booked at least 12 hours ahead)
   * without a reminder yet. Safe to run often and twice at once: a booking being reminded is locked
   * and skipped, and a reminder recorded is never sent again. Nothing is sent at night (before 08:00
   * or from 20:00 UK time): a text arriving then is more likely to be seen by someone else.
   */
  async function sendReminders(now = new Date()) {
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/London',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(now),
    );
    if (hour < QUIET_UNTIL || hour >= QUIET_FROM) return { bookings: 0, sent: 0, quiet: true };
    const due = await deps.db
      .select({ id: appointmentBookings.id })
      .from(appointmentBookings)
      .innerJoin(appointmentSlots, eq(appointmentSlots.id, appointmentBookings.slotId))
      .where(
        and(
          eq(appointmentBookings.status, 'booked'),
          gt(appointmentSlots.startsAt, now),
          lte(appointmentSlots.startsAt, new Date(now.getTime() + REMINDER_WINDOW)),
          lte(
            appointmentBookings.bookedAt,
            sql`${appointmentSlots.startsAt} - ${`${REMINDER_MIN_NOTICE / HOUR} hours`}::interval`,
          ),
          sql`not exists (select 1 from ${appointmentMessages} m where m.booking_id = ${appointmentBookings.id} and m.kind = 'reminder')`,
        ),
      )
      .limit(1000);
    let sent = 0;
    for (const { id } of due) {
      const results = await notify(id, 'reminder', null);
      sent += results.filter((r) => r.status === 'sent').length;
    }
    return { bookings: due.length, sent, quiet: false };
  }

  return {
    createSlot,
    withdrawSlot,
    upcomingSlots,
    appointmentsOf,
    book,
    cancel,
    rebook,
    recordOutcome,
    retryMessage,
    getBooking,
    sendReminders,
    header: (actor: Actor, participantId: string, need: 'read' | 'write' = 'read') =>
      deps.participants.header(actor, participantId, need),
    staff: (actor: Actor) => {
      authorise(actor, 'participant:write');
      return deps.participants.assignableUsers(actor);
    },
  };
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

/** "Next appointment" on My caseload: her next booked 1-2-1. */
async function nextAppointments(db: DbOrTx, participantIds: string[]) {
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
async function exportOf(tx: DbOrTx, participantId: string) {
  const rows = await tx
    .select({ booking: appointmentBookings, slot: appointmentSlots })
    .from(appointmentBookings)
    .innerJoin(appointmentSlots, eq(appointmentSlots.id, appointmentBookings.slotId))
    .where(eq(appointmentBookings.participantId, participantId))
    .orderBy(asc(appointmentSlots.startsAt));
  const ids = rows.map((r) => r.booking.id);
  const messages = ids.length
    ? await tx.select().from(appointmentMessages).where(inArray(appointmentMessages.bookingId, ids))
    : [];
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

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
export type { Booking };
