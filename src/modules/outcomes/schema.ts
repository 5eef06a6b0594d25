import { sql } from 'drizzle-orm';
import { date, index, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { userRef } from '../../platform/auth/schema.ts';
import { createdAt, primaryId, ts } from '../../platform/db/columns.ts';

/**
 * Outcomes (issue 16): what happened in her life that the partnership helped with, one event each,
 * with its date, where it came from and who recorded it. `participant_id` carries no foreign key:
 * participants owns her record and calls this module's erase handler.
 */

/** The kinds every partnership has; managers add their own (`outcome_kinds`). */
export const builtInKinds = [
  'job_started',
  'course_started',
  'course_completed',
  'volunteering_started',
  'qualification_gained',
  'english_level_up',
  'safe_housing_secured',
  'programme_completed',
  'offer_made',
  'offer_accepted',
  'offer_declined',
] as const;
export type BuiltInKind = (typeof builtInKinds)[number];

/** Kinds staff may record by hand on her record (the others arrive from employment, mentoring, bursaries). */
export const staffKinds = [
  'job_started',
  'course_started',
  'course_completed',
  'volunteering_started',
  'qualification_gained',
  'english_level_up',
  'safe_housing_secured',
] as const;

export const contracts = [
  'permanent',
  'fixed_term',
  'part_time',
  'zero_hours',
  'casual',
  'self_employed',
  'apprenticeship',
] as const;
export const cefr = ['a1', 'a2', 'b1', 'b2', 'c1', 'c2'] as const;

export const outcomeEvents = pgTable(
  'outcome_events',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on').notNull(),
    /** staff, employment, mentoring, bursaries... */
    source: text('source').notNull(),
    /** The source's own id for the fact (a put-forward, a pair); makes recording idempotent. */
    sourceRef: text('source_ref').notNull(),
    /** The programme the event belongs to, when any (copied from details.programmeId). */
    programmeId: uuid('programme_id'),
    /** Hours per week, contract, CEFR from and to, a decline's reason... */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    evidence: text('evidence'),
    recordedByUserId: userRef('recorded_by_user_id'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outcome_events_source_key').on(t.source, t.sourceRef, t.kind),
    index('outcome_events_participant_idx').on(t.participantId, t.occurredOn),
    index('outcome_events_kind_idx').on(t.kind, t.occurredOn, t.participantId),
    index('outcome_events_programme_idx')
      .on(t.programmeId, t.kind, t.occurredOn)
      .where(sql`${t.programmeId} is not null`),
  ],
);

/** Kinds the partnership adds (e.g. "driving licence passed"), with an English label. */
export const outcomeKinds = pgTable('outcome_kinds', {
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  createdByUserId: userRef('created_by_user_id'),
  createdAt: createdAt(),
});

/**
 * The ONS personal wellbeing questions (wellbeing.ts), answered by her through a single-use link
 * (only the token's hash is kept, as mentoring's survey links) or with her key worker.
 */
export const wellbeingLinks = pgTable(
  'outcome_wellbeing_links',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outcome_wellbeing_links_token_key').on(t.tokenHash),
    index('outcome_wellbeing_links_participant_idx').on(t.participantId),
  ],
);

/**
 * Her four 0-10 answers. Health data (special category), kept as plain numbers like casework's
 * wellbeing scale readings: the indicators aggregate them in SQL, no free text is kept, and her
 * record's access rules, audit, export and erasure cover them (see docs/OUTCOMES.md).
 */
export const wellbeingAnswers = pgTable(
  'outcome_wellbeing_answers',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    lifeSatisfaction: smallint('life_satisfaction').notNull(),
    worthwhile: smallint('worthwhile').notNull(),
    happy: smallint('happy').notNull(),
    anxious: smallint('anxious').notNull(),
    answeredAt: ts('answered_at').notNull().defaultNow(),
  },
  (t) => [index('outcome_wellbeing_answers_participant_idx').on(t.participantId, t.answeredAt)],
);
