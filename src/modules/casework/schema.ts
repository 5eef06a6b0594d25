import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, owningOrganisation, userRef } from '../../platform/auth/schema.ts';
import { createdAt, primaryId, ts, updatedAt } from '../../platform/db/columns.ts';

/**
 * Casework tables. `participant_id` carries no foreign key: the participants module owns her record
 * and calls this module's erase handler; every row also carries the owning organisation so each query
 * stays scoped by organisation.
 */

export const referralStatuses = [
  'sent',
  'accepted',
  'declined',
  'attended',
  'completed',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

/** A referral from her record to a directory service. */
export const referrals = pgTable(
  'casework_referrals',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    /** The referring (owning) organisation. */
    organisationId: owningOrganisation(),
    fromUserId: userRef('from_user_id'),
    /** Directory service id (no foreign key: the directory owns it and may re-import it). */
    serviceId: uuid('service_id').notNull(),
    serviceName: text('service_name').notNull(),
    /** The platform organisation that runs the service; null when it is not on the platform. */
    receivingOrganisationId: uuid('receiving_organisation_id').references(() => organisations.id),
    /** Sections of her record shared with the receiving organisation when it accepts. */
    sections: text('sections').array().notNull().default(sql`'{}'::text[]`),
    /** What she would like help with, in words agreed with her. */
    note: text('note'),
    status: text('status', { enum: referralStatuses }).notNull().default('sent'),
    sentAt: ts('sent_at').notNull().defaultNow(),
    answeredAt: ts('answered_at'),
    answeredByUserId: userRef('answered_by_user_id'),
    /** The receiving organisation answered and the referring key worker has not opened it since. */
    answerUnseen: boolean('answer_unseen').notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('casework_referrals_participant_idx').on(t.participantId, t.sentAt),
    index('casework_referrals_unseen_idx').on(t.fromUserId).where(sql`${t.answerUnseen}`),
    index('casework_referrals_inbox_idx').on(t.receivingOrganisationId, t.status, t.sentAt),
    index('casework_referrals_org_status_idx').on(t.organisationId, t.status),
  ],
);

/** Every status a referral passed through, with who and when (append-only). */
export const referralEvents = pgTable(
  'casework_referral_events',
  {
    id: primaryId(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    status: text('status', { enum: referralStatuses }).notNull(),
    /** A reason code or short note (e.g. consent-withdrawn, a decline reason). */
    reason: text('reason'),
    byUserId: userRef('by_user_id'),
    byOrganisationId: uuid('by_organisation_id').references(() => organisations.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('casework_referral_events_referral_idx').on(t.referralId, t.at)],
);

export const contactKinds = ['drop_in', 'one_to_one', 'phone', 'outreach', 'group'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** One contact with her: the timeline of her record. */
export const contacts = pgTable(
  'casework_contacts',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    organisationId: owningOrganisation(),
    authorUserId: userRef('author_user_id'),
    kind: text('kind', { enum: contactKinds }).notNull(),
    happenedAt: ts('happened_at').notNull(),
    notes: text('notes'),
    /** Restricted (e.g. a disclosure of abuse): only its author and the organisation's managers see it. */
    restricted: boolean('restricted').notNull().default(false),
    /** When she will next be contacted (caseload "next contact"). */
    nextContactOn: date('next_contact_on'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('casework_contacts_participant_idx').on(t.participantId, t.happenedAt)],
);

/** Every earlier version of a contact, kept when it is edited. */
export const contactVersions = pgTable(
  'casework_contact_versions',
  {
    id: primaryId(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    kind: text('kind', { enum: contactKinds }).notNull(),
    happenedAt: ts('happened_at').notNull(),
    notes: text('notes'),
    restricted: boolean('restricted').notNull(),
    nextContactOn: date('next_contact_on'),
    /** Who wrote this version and when. */
    editedByUserId: userRef('edited_by_user_id'),
    editedAt: ts('edited_at').notNull(),
  },
  (t) => [index('casework_contact_versions_contact_idx').on(t.contactId, t.version)],
);

/** An assessment template, stored as data; a new version is a new row (answers keep their version). */
export const assessmentTemplates = pgTable('casework_assessment_templates', {
  id: primaryId(),
  key: text('key').notNull(),
  version: integer('version').notNull(),
  /** {questions: [{id, domain, kind: 'text' | 'choice', options?}]}; wording in locales by id. */
  definition: jsonb('definition').notNull(),
  createdAt: createdAt(),
});

export const assessments = pgTable(
  'casework_assessments',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    organisationId: owningOrganisation(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => assessmentTemplates.id),
    answers: jsonb('answers').notNull(),
    /** Her strengths, in her own words. */
    strengths: text('strengths'),
    byUserId: userRef('by_user_id'),
    completedAt: ts('completed_at').notNull().defaultNow(),
  },
  (t) => [index('casework_assessments_participant_idx').on(t.participantId, t.completedAt)],
);

export const scales = [
  'confidence',
  'english',
  'work_readiness',
  'support_networks',
  'wellbeing',
  'safety',
  'housing',
  'money',
] as const;
export type Scale = (typeof scales)[number];

/** Her 1-10 scores, repeated over time (distance travelled). */
export const scaleReadings = pgTable(
  'casework_scale_readings',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    organisationId: owningOrganisation(),
    assessmentId: uuid('assessment_id').references(() => assessments.id, { onDelete: 'cascade' }),
    scale: text('scale', { enum: scales }).notNull(),
    score: integer('score').notNull(),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('casework_scale_readings_participant_idx').on(t.participantId, t.recordedAt)],
);

export const goalStatuses = ['open', 'achieved', 'stopped'] as const;
export const stepOwners = ['her', 'key_worker', 'partner'] as const;

/** A goal of her support plan, in her words. */
export const planGoals = pgTable(
  'casework_plan_goals',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    organisationId: owningOrganisation(),
    goal: text('goal').notNull(),
    domains: text('domains').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: goalStatuses }).notNull().default('open'),
    reviewOn: date('review_on'),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('casework_plan_goals_participant_idx').on(t.participantId)],
);

export const planSteps = pgTable('casework_plan_steps', {
  id: primaryId(),
  goalId: uuid('goal_id')
    .notNull()
    .references(() => planGoals.id, { onDelete: 'cascade' }),
  step: text('step').notNull(),
  owner: text('owner', { enum: stepOwners }).notNull(),
  dueOn: date('due_on'),
  doneAt: ts('done_at'),
  createdAt: createdAt(),
});

/** When her plan was last reviewed with her, and the next review. */
export const planReviews = pgTable(
  'casework_plan_reviews',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    organisationId: owningOrganisation(),
    reviewedOn: date('reviewed_on').notNull(),
    nextReviewOn: date('next_review_on'),
    byUserId: userRef('by_user_id'),
    createdAt: createdAt(),
  },
  // The caseload's "review due" column reads her latest review through this index.
  (t) => [index('casework_plan_reviews_participant_idx').on(t.participantId, t.reviewedOn, t.createdAt)],
);

/** A drop-in session at a place, with a capacity; the register records who came. */
export const dropInSessions = pgTable(
  'casework_drop_in_sessions',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    place: text('place').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('casework_drop_in_sessions_org_idx').on(t.organisationId, t.startsAt)],
);

export const dropInAttendance = pgTable(
  'casework_drop_in_attendance',
  {
    id: primaryId(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => dropInSessions.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id').notNull(),
    /** True when she was registered on the spot at this session. */
    walkIn: boolean('walk_in').notNull().default(false),
    addedByUserId: userRef('added_by_user_id'),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('casework_drop_in_attendance_once').on(t.sessionId, t.participantId)],
);
