import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE and DELETE, and each row carries the hash
 * of the one before it, so a change made around the trigger is still found by `npm run audit:verify`.
 * Details hold identifiers and field names, never personal data.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorOrganisationId: uuid('actor_organisation_id'),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] })
      .notNull()
      .default('success'),
    recordType: text('record_type'),
    recordId: text('record_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at),
    index('audit_events_actor_idx').on(t.actorUserId),
    index('audit_events_record_idx').on(t.recordType, t.recordId),
    // The audit viewer lists one organisation's events, newest first (by seq, as it pages).
    index('audit_events_actor_org_idx').on(t.actorOrganisationId, t.seq),
  ],
);
