import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { organisations, owningOrganisation, userRef, users } from '../../platform/auth/schema.ts';
import { registerEncryptedColumns } from '../../platform/crypto/registry.ts';
import { createdAt, primaryId, ts, updatedAt } from '../../platform/db/columns.ts';

export const participantStatuses = ['active', 'paused', 'moved_on'] as const;
export type ParticipantStatus = (typeof participantStatuses)[number];

/**
 * A woman's record. Names and safe-contact preferences stay searchable plaintext (a key worker must
 * find a walk-in by name); phone and email are encrypted like special-category data because, in the
 * wrong hands, they can put her at risk. Special-category fields live in
 * `participant_special_category`, encrypted per field. Erasure blanks the personal columns and keeps
 * the row (organisation, status, month of registration, home area) for aggregate counts.
 */
export const participants = pgTable(
  'participants',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    keyWorkerUserId: userRef('key_worker_user_id'),
    status: text('status', { enum: participantStatuses }).notNull().default('active'),
    /** False after a quick drop-in registration, until the details are completed. */
    registrationComplete: boolean('registration_complete').notNull().default(true),
    givenName: text('given_name'),
    familyName: text('family_name'),
    /** The name she wants used: shown everywhere instead of her legal names. */
    preferredName: text('preferred_name').notNull(),
    dateOfBirth: date('date_of_birth'),
    /** Subset of phone, sms, email, whatsapp, in_person. */
    contactMethods: text('contact_methods').array().notNull().default(sql`'{}'::text[]`),
    safeTimes: text('safe_times'),
    neverContactAtHome: boolean('never_contact_at_home').notNull().default(false),
    /** Encrypted (services.cipher). */
    phoneEnc: text('phone_enc'),
    /** Encrypted (services.cipher). */
    emailEnc: text('email_enc'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    interpreterNeeded: boolean('interpreter_needed').notNull().default(false),
    interpreterLanguage: text('interpreter_language'),
    /** ESOL (pre_entry, entry_1..3, level_1, level_2) or CEFR (a1..c2) code. */
    englishLevel: text('english_level'),
    /** ONS local authority code, e.g. E06000001 (no foreign key: the directory owns the area table). */
    homeAreaCode: text('home_area_code'),
    careCommitments: text('care_commitments'),
    availableDays: text('available_days').array().notNull().default(sql`'{}'::text[]`),
    schoolHoursOnly: boolean('school_hours_only').notNull().default(false),
    availabilityNotes: text('availability_notes'),
    travelLimitMinutes: integer('travel_limit_minutes'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    aspirations: text('aspirations'),
    /** Latest contact, kept up to date by casework (touchLastContact); drives the retention rule. */
    lastContactAt: ts('last_contact_at'),
    erasedAt: ts('erased_at'),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Partial (erased records never appear): the managers' counts by key worker read only this index.
    index('participants_org_kw_status_idx')
      .on(t.organisationId, t.keyWorkerUserId, t.status)
      .where(sql`${t.erasedAt} is null`),
    index('participants_kw_status_name_idx')
      .on(t.keyWorkerUserId, t.status, t.preferredName)
      .where(sql`${t.erasedAt} is null`),
    index('participants_org_name_idx').on(t.organisationId, t.preferredName),
    index('participants_retention_idx')
      .on(sql`coalesce(${t.lastContactAt}, ${t.updatedAt})`)
      .where(sql`${t.erasedAt} is null`),
  ],
);

/** Special-category data, one row per woman, every value encrypted (v1.<key id>.<iv>.<tag>.<data>). */
export const participantSpecialCategory = pgTable('participant_special_category', {
  participantId: uuid('participant_id')
    .primaryKey()
    .references(() => participants.id, { onDelete: 'cascade' }),
  immigrationStatusEnc: text('immigration_status_enc'),
  /** JSON {checkedOn, method, outcome, recheckOn}, encrypted as one value. */
  rightToWorkEnc: text('right_to_work_enc'),
  ethnicityEnc: text('ethnicity_enc'),
  religionEnc: text('religion_enc'),
  sexualityEnc: text('sexuality_enc'),
  healthNotesEnc: text('health_notes_enc'),
  updatedByUserId: userRef('updated_by_user_id'),
  updatedAt: updatedAt(),
});

export const participantStatusHistory = pgTable(
  'participant_status_history',
  {
    id: primaryId(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    status: text('status', { enum: participantStatuses }).notNull(),
    /** A code from statusReasons, never free text. */
    reason: text('reason'),
    changedByUserId: userRef('changed_by_user_id'),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [index('participant_status_history_participant_idx').on(t.participantId, t.changedAt)],
);

export const participantKeyWorkerHistory = pgTable(
  'participant_key_worker_history',
  {
    id: primaryId(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    fromUserId: userRef('from_user_id'),
    toUserId: userRef('to_user_id'),
    changedByUserId: userRef('changed_by_user_id'),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [index('participant_key_worker_history_participant_idx').on(t.participantId, t.changedAt)],
);

export const consentPurposes = [
  'support',
  'share_organisation',
  'anonymised_reporting',
  'contact_sms',
  'contact_email',
  'contact_phone',
  'contact_whatsapp',
  /** Mentoring: her key worker enrols her; the mentor sees only the fields she chose (mentoring module). */
  'mentoring',
  /** Employment: using her work profile to match her to opportunities. */
  'matching',
  /** Bursaries: sharing her application with the fund's panel (bursaries module). */
  'bursary',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export const consentMethods = ['verbal', 'written', 'online'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

/**
 * Append-only consent ledger: the latest row for (participant, purpose, organisation) is the
 * current answer. Withdrawing adds a row with given = false; history is never rewritten.
 */
export const participantConsents = pgTable(
  'participant_consents',
  {
    id: primaryId(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: consentPurposes }).notNull(),
    /** The named organisation, for share_organisation only. */
    organisationId: uuid('organisation_id').references(() => organisations.id),
    given: boolean('given').notNull(),
    method: text('method', { enum: consentMethods }).notNull(),
    recordedByUserId: userRef('recorded_by_user_id'),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('participant_consents_lookup_idx').on(t.participantId, t.purpose, t.organisationId, t.recordedAt),
  ],
);

export const shareSections = [
  'names',
  'date_of_birth',
  'contact',
  'languages',
  'availability',
  'skills',
  'qualifications',
  'work_history',
  'special_category',
] as const;
export type ShareSection = (typeof shareSections)[number];

/**
 * What another organisation may see of her record, granted by an accepted referral made with her
 * consent to share with that organisation. Revoked when the referral ends or consent is withdrawn.
 */
export const participantShares = pgTable(
  'participant_shares',
  {
    id: primaryId(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    organisationId: owningOrganisation(),
    sections: text('sections', { enum: shareSections }).array().notNull(),
    purpose: text('purpose').notNull().default('referral'),
    sourceReferralId: uuid('source_referral_id'),
    active: boolean('active').notNull().default(true),
    grantedByUserId: userRef('granted_by_user_id'),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    revokedByUserId: userRef('revoked_by_user_id'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    index('participant_shares_lookup_idx').on(t.participantId, t.organisationId, t.active),
    index('participant_shares_org_idx').on(t.organisationId, t.active),
  ],
);

export const participantQualifications = pgTable(
  'participant_qualifications',
  {
    id: primaryId(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    subject: text('subject'),
    overseas: boolean('overseas').notNull().default(false),
    /** ISO 3166-1 alpha-2 code, or a country name. */
    country: text('country'),
    yearAwarded: integer('year_awarded'),
    /** UK ENIC comparable level: rqf_1..rqf_8, or not_assessed / applied. */
    enicLevel: text('enic_level'),
    createdAt: createdAt(),
  },
  (t) => [index('participant_qualifications_participant_idx').on(t.participantId)],
);

export const participantWorkHistory = pgTable(
  'participant_work_history',
  {
    id: primaryId(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    employer: text('employer'),
    country: text('country'),
    kind: text('kind', { enum: ['paid', 'voluntary', 'self_employed', 'caring'] })
      .notNull()
      .default('paid'),
    fromYear: integer('from_year'),
    toYear: integer('to_year'),
    createdAt: createdAt(),
  },
  (t) => [index('participant_work_history_participant_idx').on(t.participantId)],
);

registerEncryptedColumns({ table: 'participants', key: 'id', columns: ['phone_enc', 'email_enc'] });
registerEncryptedColumns({
  table: 'participant_special_category',
  key: 'participant_id',
  columns: [
    'immigration_status_enc',
    'right_to_work_enc',
    'ethnicity_enc',
    'religion_enc',
    'sexuality_enc',
    'health_notes_enc',
  ],
});

/**
 * When each member of staff last opened her home page (participants/home.ts): referrals answered
 * since then are listed even after a long absence, and marked new.
 */
export const staffHomeViews = pgTable('participants_staff_home_views', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  seenAt: ts('seen_at').notNull(),
});
