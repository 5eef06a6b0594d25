import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import { authorise } from '../../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { calendarFile } from '../../../platform/ics.ts';
import { DAYTIME, type HerMessage, type MessageResult } from '../../participants/index.ts';
import { audit, isUuid, ownerAccess } from '../deps.ts';
import type { Booking } from './bookings.ts';
import { appointmentMessages, type MessageChannel, type MessageKind } from './schema.ts';
import type { AppointmentsDeps, Slot } from './slots.ts';

/**
 * Appointment messages (confirmation, reminder, cancellation) go through her message outbox
 * (participants.messageHer): written in the booking's transaction, sent after commit. Each channel
 * is a row in `casework_appointment_messages` that staff see on the booking page: pending, sent,
 * failed (and whether it will be tried again), or not sent and why; the outbox's results keep it up
 * to date (see `recordResult`).
 */
export type Message = typeof appointmentMessages.$inferSelect;

/** The neutral text: when, where, and how to change it; nothing about the organisation or why. */
function appointmentMessage(
  deps: AppointmentsDeps,
  booking: Booking,
  slot: Slot,
  kind: MessageKind,
): HerMessage {
  const place = (t: (k: string) => string) =>
    slot.mode === 'in_person' ? slot.place! : t(`appointments.message.mode.${slot.mode}`);
  const cancelling = kind === 'cancellation';
  return {
    kind: `appointment.${kind}`,
    template: `appointments.message.${kind}`,
    subject: `appointments.message.subject.${kind}`,
    values: (lang, t) => {
      const locale = lang === 'en' ? 'en-GB' : lang;
      const zone = { timeZone: 'Europe/London' } as const;
      return {
        date: new Intl.DateTimeFormat(locale, {
          ...zone,
          weekday: 'long',
          day: 'numeric',
          month: 'long',
        }).format(slot.startsAt),
        time: new Intl.DateTimeFormat(locale, {
          ...zone,
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(slot.startsAt),
        place: place(t),
      };
    },
    // A cancellation's calendar file withdraws the confirmation's event: same UID, higher SEQUENCE.
    attachment: ({ t, text }) => ({
      filename: 'appointment.ics',
      contentType: `text/calendar; charset=utf-8; method=${cancelling ? 'CANCEL' : 'PUBLISH'}`,
      content: calendarFile({
        uid: `${booking.id}@${new URL(deps.publicBaseUrl).hostname}`,
        start: slot.startsAt,
        end: slot.endsAt,
        summary: t('appointments.message.summary'),
        location: place(t),
        description: text,
        ...(cancelling ? { method: 'CANCEL', status: 'CANCELLED', sequence: 1 } : {}),
      }),
    }),
    // Reminders wait for daytime: a text arriving at night is more likely to be seen by someone else.
    ...(kind === 'reminder' ? { sendBetween: DAYTIME } : {}),
    reference: { bookingId: booking.id },
  };
}

/**
 * Queues a message about this booking in `tx` and records each channel on the booking. A channel
 * her rules refuse is recorded (and audited) at once as not sent; a queued one is audited when the
 * outbox reports what became of it. Returns the outbox ids to nudge after commit.
 */
export async function queueMessage(
  deps: AppointmentsDeps,
  tx: DbOrTx,
  actor: Actor | null,
  booking: Booking,
  slot: Slot,
  kind: MessageKind,
  retry?: { of: Message },
  now?: Date,
): Promise<string[]> {
  const queued = await deps.participants.messageHer(
    tx,
    actor,
    booking.participantId,
    {
      ...appointmentMessage(deps, booking, slot, kind),
      ...(retry ? { channels: [retry.of.channel] } : {}),
    },
    {
      idempotencyKey: `appointment:${booking.id}:${retry ? `retry:${retry.of.id}` : kind}`,
      ...(now ? { now } : {}),
    },
  );
  const nudge: string[] = [];
  for (const q of queued.filter((x) => x.created)) {
    await tx.insert(appointmentMessages).values({
      bookingId: booking.id,
      kind,
      channel: q.channel,
      status: q.status,
      reason: q.reason,
      outboxId: q.outboxId,
      retryOfId: retry?.of.id ?? null,
    });
    if (q.status === 'pending') nudge.push(q.outboxId);
    else await auditMessage(deps, tx, actor, booking, kind, q.channel, q.status, q.reason, retry?.of.id);
  }
  return nudge;
}

async function auditMessage(
  deps: AppointmentsDeps,
  tx: DbOrTx,
  actor: Actor | null,
  booking: Pick<Booking, 'id' | 'participantId'>,
  kind: MessageKind,
  channel: MessageChannel,
  status: string,
  reason: string | null,
  retryOf?: string | null,
) {
  await audit(
    deps,
    tx,
    actor,
    retryOf ? 'appointment.message-retried' : 'appointment.message',
    'participant',
    booking.participantId,
    { bookingId: booking.id, ...(retryOf ? { messageId: retryOf } : {}), kind, channel, status, reason },
  );
}

/**
 * The outbox's result for one of our messages, in the transaction that records it: the booking's
 * row shows it (a failed attempt that will be tried again is shown failed, with when), and it is
 * audited without personal data.
 */
export async function recordResult(deps: AppointmentsDeps, tx: DbOrTx, r: MessageResult) {
  const willRetry = r.status === 'pending';
  const status = willRetry ? 'failed' : r.status;
  const [row] = await tx
    .update(appointmentMessages)
    .set({ status, reason: r.reason, providerId: r.providerId, nextTryAt: r.nextAttemptAt })
    .where(eq(appointmentMessages.outboxId, r.outboxId))
    .returning();
  if (!row) return;
  await auditMessage(
    deps,
    tx,
    null,
    { id: row.bookingId, participantId: r.participantId },
    row.kind,
    row.channel,
    status,
    r.reason,
    row.retryOfId,
  );
}

/** Sends the messages just queued (after commit); a failure is left to the outbox job. */
export async function nudge(deps: AppointmentsDeps, ids: string[], now?: Date) {
  if (!ids.length) return [];
  try {
    return await deps.participants.deliverMessages({ ids, ...(now ? { now } : {}) });
  } catch {
    return [];
  }
}

/**
 * When a booking closes, its confirmation or reminder still waiting (or waiting to be tried again)
 * is withdrawn from the outbox: she is not told of an appointment that is no longer on.
 */
export async function withdrawWaiting(deps: AppointmentsDeps, tx: DbOrTx, bookingId: string) {
  const waiting = await tx
    .select()
    .from(appointmentMessages)
    .where(
      and(
        eq(appointmentMessages.bookingId, bookingId),
        inArray(appointmentMessages.kind, ['confirmation', 'reminder']),
        or(eq(appointmentMessages.status, 'pending'), isNotNull(appointmentMessages.nextTryAt)),
      ),
    );
  for (const m of waiting) {
    if (!m.outboxId || (await deps.participants.cancelMessage(tx, m.outboxId)) !== 'pending') continue;
    await tx
      .update(appointmentMessages)
      .set(
        m.status === 'pending'
          ? { status: 'not_sent', reason: 'withdrawn', nextTryAt: null }
          : { nextTryAt: null },
      )
      .where(eq(appointmentMessages.id, m.id));
  }
}

export async function messagesOf(tx: DbOrTx, bookingIds: string[]) {
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

/** A confirmation or reminder is about a booking still booked; a cancellation about a cancelled one. */
export const stillDue = (kind: MessageKind, booking: Booking | undefined) =>
  booking?.status === (kind === 'cancellation' ? 'cancelled' : 'booked');

/** "Send again" is offered once for a failed message while it still means something. */
export function withRetryOffer(all: Message[], booking: Booking, slot: Slot) {
  const retriedIds = new Set(all.map((m) => m.retryOfId).filter(Boolean));
  return all.map((m) => ({
    ...m,
    canRetry:
      m.status === 'failed' &&
      !m.retryOfId &&
      !retriedIds.has(m.id) &&
      stillDue(m.kind, booking) &&
      (m.kind === 'cancellation' || slot.startsAt.getTime() > Date.now()),
  }));
}

/**
 * "Send again": a failed message, once, through the same rules as the first try (her consent and
 * safe methods read now). Refused when the booking has moved on (a confirmation or reminder of a
 * booking no longer booked, or of one that has started), or while the outbox is sending it. The
 * outbox's own later try is withdrawn, so she gets one message, not two.
 */
export async function retryMessage(
  deps: AppointmentsDeps,
  bookingFor: (tx: DbOrTx) => Promise<{ booking: Booking; slot: Slot }>,
  actor: Actor,
  messageId: string,
) {
  authorise(actor, 'participant:write');
  if (!isUuid(messageId)) throw new NotFoundError();
  const { ids, retryRowOf } = await deps.db.transaction(async (tx) => {
    const { booking, slot } = await bookingFor(tx);
    await ownerAccess(deps, tx, actor, booking.participantId, 'write');
    const [failed] = await tx
      .select()
      .from(appointmentMessages)
      .where(and(eq(appointmentMessages.id, messageId), eq(appointmentMessages.bookingId, booking.id)))
      .for('update');
    if (!failed) throw new NotFoundError();
    if (failed.status !== 'failed') throw new ValidationError({ form: 'appointments.errors.notFailed' });
    const [retried] = await tx
      .select({ id: appointmentMessages.id })
      .from(appointmentMessages)
      .where(eq(appointmentMessages.retryOfId, failed.id));
    if (retried || failed.retryOfId) throw new ValidationError({ form: 'appointments.errors.retried' });
    if (!stillDue(failed.kind, booking) || (failed.kind !== 'cancellation' && slot.startsAt <= new Date()))
      throw new ValidationError({ form: 'appointments.errors.retryTooLate' });
    if (failed.outboxId && (await deps.participants.cancelMessage(tx, failed.outboxId)) === 'sending')
      throw new ValidationError({ form: 'appointments.errors.sending' });
    await tx
      .update(appointmentMessages)
      .set({ nextTryAt: null })
      .where(eq(appointmentMessages.id, failed.id));
    await audit(deps, tx, actor, 'appointment.message-resend', 'participant', booking.participantId, {
      bookingId: booking.id,
      messageId: failed.id,
    });
    return {
      ids: await queueMessage(deps, tx, actor, booking, slot, failed.kind, { of: failed }),
      retryRowOf: failed.id,
    };
  });
  await nudge(deps, ids);
  const [row] = await deps.db
    .select({ status: appointmentMessages.status, reason: appointmentMessages.reason })
    .from(appointmentMessages)
    .where(eq(appointmentMessages.retryOfId, retryRowOf));
  return { status: row!.status, reason: row!.reason };
}

/** Her appointments' messages, for her subject access export. */
export async function exportMessages(tx: DbOrTx, bookingIds: string[]) {
  return bookingIds.length
    ? tx.select().from(appointmentMessages).where(inArray(appointmentMessages.bookingId, bookingIds))
    : [];
}
