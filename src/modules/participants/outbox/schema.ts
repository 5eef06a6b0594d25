import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { registerEncryptedColumns } from '../../../platform/crypto/registry.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const outboxChannels = ['sms', 'email'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * pending: waiting to be sent (now, at its next attempt, or at her next safe time); sending: claimed
 * by a worker until `claimed_until` (a dead worker's claim is taken over after that); sent; failed:
 * given up after the last attempt; not_sent: her rules refused it when its time came (consent
 * withdrawn, no longer a safe method, no address, erased); cancelled: replaced by staff ("Send again").
 */
export const outboxStatuses = ['pending', 'sending', 'sent', 'failed', 'not_sent', 'cancelled'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Every message to her, one row per channel, written in the same transaction as the change that
 * causes it and sent by the outbox worker after commit. `participant_id` carries no foreign key, as
 * her other rows elsewhere: erasure deletes her rows here. The text is encrypted and blanked once the
 * row is settled; what stays is what was sent when, on which channel, and the provider's answer.
 */
export const messageOutbox = pgTable(
  'participant_message_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** One message on one channel, once: the caller's key with the channel appended. */
    idempotencyKey: text('idempotency_key').notNull(),
    participantId: uuid('participant_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    /** What it is about, as the caller names it (e.g. `appointment.confirmation`); no personal data. */
    kind: text('kind').notNull(),
    channel: text('channel', { enum: outboxChannels }).notNull(),
    /** The caller's own reference (e.g. its message row), handed back with the result. */
    reference: jsonb('reference').$type<Record<string, string>>().notNull().default({}),
    /** Encrypted JSON: subject, text and attachment, rendered in her language. Null once settled. */
    payloadEnc: text('payload_enc'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    /** Her safe hours for this message (UK time), e.g. 8 to 20 for reminders; null: any time. */
    sendFromHour: smallint('send_from_hour'),
    sendUntilHour: smallint('send_until_hour'),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    claimedUntil: ts('claimed_until'),
    attempts: integer('attempts').notNull().default(0),
    /** The provider's answer: its message id, or an error code (never its text). */
    providerId: text('provider_id'),
    errorCode: text('error_code'),
    /** Why not sent (no_consent, not_safe_method, no_address, erased). */
    reason: text('reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    settledAt: ts('settled_at'),
  },
  (t) => [
    uniqueIndex('participant_message_outbox_key').on(t.idempotencyKey),
    index('participant_message_outbox_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index('participant_message_outbox_participant').on(t.participantId),
  ],
);

registerEncryptedColumns({ table: 'participant_message_outbox', key: 'id', columns: ['payload_enc'] });
