import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../../platform/auth/schema.ts';

/**
 * 1-2-1 appointments (casework): slots staff publish outside drop-in times, her bookings, and every
 * confirmation or reminder message (sent, failed, or not sent and why). `participant_id` carries no
 * foreign key, as elsewhere in casework: the participants module calls casework's erase handler.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true });

export const slotModes = ['in_person', 'phone', 'video'] as const;
export type SlotMode = (typeof slotModes)[number];

export const bookingStatuses = ['booked', 'cancelled', 'attended', 'did_not_attend'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
/** Why a booking was cancelled: chosen from a list, so no free text about her is kept here. */
export const cancelReasons = ['she_asked', 'staff_unavailable', 'booked_in_error', 'other'] as const;
export type CancelReason = (typeof cancelReasons)[number];

export const messageKinds = ['confirmation', 'reminder', 'cancellation'] as const;
export type MessageKind = (typeof messageKinds)[number];
export const messageChannels = ['sms', 'email'] as const;
export type MessageChannel = (typeof messageChannels)[number];
/** pending: in her message outbox, not sent yet (see participants/outbox). */
export const messageStatuses = ['pending', 'sent', 'failed', 'not_sent'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** A bookable 1-2-1 with a member of staff: at a place, or by phone or video. */
export const appointmentSlots = pgTable(
  'casework_appointment_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The member of staff she meets. */
    staffUserId: uuid('staff_user_id')
      .notNull()
      .references(() => users.id),
    mode: text('mode', { enum: slotModes }).notNull(),
    /** Where, for an in-person slot (null by phone or video). */
    place: text('place'),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('casework_appointment_slots_org_idx').on(t.organisationId, t.startsAt)],
);

/** Her booking of a slot; a cancelled booking frees the slot for someone else. */
export const appointmentBookings = pgTable(
  'casework_appointment_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slotId: uuid('slot_id')
      .notNull()
      .references(() => appointmentSlots.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status', { enum: bookingStatuses }).notNull().default('booked'),
    bookedByUserId: uuid('booked_by_user_id').references(() => users.id),
    bookedAt: ts('booked_at').notNull().defaultNow(),
    /** When it was cancelled, or marked attended / did not attend. */
    closedAt: ts('closed_at'),
    closedByUserId: uuid('closed_by_user_id').references(() => users.id),
    cancelReason: text('cancel_reason', { enum: cancelReasons }),
  },
  (t) => [
    // A slot is booked once: at most one booking that is not cancelled.
    uniqueIndex('casework_appointment_bookings_slot_once')
      .on(t.slotId)
      .where(sql`${t.status} <> 'cancelled'`),
    index('casework_appointment_bookings_participant_idx').on(t.participantId),
  ],
);

/** Each confirmation, reminder or cancellation on each channel: sent (with the provider's id), failed, or not sent. */
export const appointmentMessages = pgTable(
  'casework_appointment_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => appointmentBookings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: messageKinds }).notNull(),
    channel: text('channel', { enum: messageChannels }).notNull(),
    status: text('status', { enum: messageStatuses }).notNull(),
    /** Why not sent or failed: a code (no_consent, not_safe_method, no_address, provider_error...). */
    reason: text('reason'),
    providerId: text('provider_id'),
    /** "Send again" of a failed message: the message it retries (each failed message is retried once). */
    retryOfId: uuid('retry_of_id'),
    /** Her outbox row for this message (null when her rules refused it at once). */
    outboxId: uuid('outbox_id'),
    /** After a failed attempt, when the outbox tries again by itself (null: it will not). */
    nextTryAt: ts('next_try_at'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [
    // The reminder job records one reminder per booking and channel, so it never sends twice
    // (a staff member's "Send again" of a failed reminder is recorded beside it).
    uniqueIndex('casework_appointment_messages_reminder_once')
      .on(t.bookingId, t.kind, t.channel)
      .where(sql`${t.kind} = 'reminder' and ${t.retryOfId} is null`),
    uniqueIndex('casework_appointment_messages_retry_once').on(t.retryOfId),
    uniqueIndex('casework_appointment_messages_outbox').on(t.outboxId),
  ],
);
