import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, owningOrganisation, userRef } from '../../platform/auth/schema.ts';
import { registerEncryptedColumns } from '../../platform/crypto/registry.ts';
import { createdAt, primaryId, ts, updatedAt } from '../../platform/db/columns.ts';
import type { Day } from './matching-hours.ts';
import { modes as journeyModes } from './matching-journey.ts';
import {
  anyBox,
  type Box,
  cubeText,
  OPPORTUNITY_DIMENSIONS,
  PROFILE_DIMENSIONS,
} from './matching-prefilter.ts';
import { cefrLevels, opportunityKinds, type RightToWork, rightToWorkBases } from './matching-types.ts';

/**
 * Employment tables: employers and the Migrant Friendly Employer pledge, opportunities, her work
 * profile, and putting her forward. `participant_id` carries no foreign key (the participants module
 * owns her record and calls this module's erase handler), as in casework.
 */

// The codes the matcher decides on are declared once, in the pure matcher, and stored as they are.
export { type Day, days } from './matching-hours.ts';
export { modes as journeyModes } from './matching-journey.ts';
export { cefrLevels, type OpportunityKind, opportunityKinds, rightToWorkBases } from './matching-types.ts';
export type RightToWorkBasis = RightToWork;
/** One day's window of hours, 'HH:MM' 24-hour (her availability, an opportunity's hours). */
export interface Window {
  day: Day;
  from: string;
  to: string;
}

/**
 * The `cube` extension's type (created by the directory's migrations): here the box the database's
 * prefilter tests (matching-prefilter.ts), written when the row is saved.
 */
const cube = customType<{ data: Box; driverData: string }>({
  dataType: () => 'cube',
  toDriver: (b) => cubeText(b),
  fromDriver: (text) => {
    const [lo, hi = lo] = text
      .slice(1, -1)
      .split('),(')
      .map((part) => part.split(',').map(Number));
    return { lo: lo!, hi: hi! };
  },
});

export const employerSizes = ['micro', 'small', 'medium', 'large'] as const;

/** An organisation of kind employer: its profile (one row per organisation). */
export const employers = pgTable('employment_employers', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  sector: text('sector').notNull(),
  size: text('size', { enum: employerSizes }).notNull(),
  /** Postcode districts of its workplaces ("LS1", "BD7"). */
  sites: text('sites').array().notNull().default(sql`'{}'::text[]`),
  contactName: text('contact_name').notNull(),
  contactEmail: text('contact_email').notNull(),
  contactPhone: text('contact_phone'),
  updatedByUserId: userRef('updated_by_user_id'),
  updatedAt: updatedAt(),
});

/** The commitments an employer may choose when pledging: a list the partnership edits. */
export const pledgeCommitments = pgTable('employment_pledge_commitments', {
  id: primaryId(),
  /** A stable code ("guaranteed_interview"); the label is the partnership's words. */
  code: text('code').notNull().unique(),
  label: text('label').notNull(),
  active: boolean('active').notNull().default(true),
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
});

export const pledgeLevels = ['committed', 'employer', 'leader'] as const;
export type PledgeLevel = (typeof pledgeLevels)[number];
export const pledgeReviews = ['waiting', 'approved', 'returned'] as const;

/** A Migrant Friendly Employer pledge: signed by the employer, reviewed by the partnership, 3 years. */
export const pledges = pgTable(
  'employment_pledges',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    level: text('level', { enum: pledgeLevels }).notNull(),
    /** Codes of employment_pledge_commitments chosen. */
    commitments: text('commitments').array().notNull(),
    signedOn: date('signed_on').notNull(),
    signedByUserId: userRef('signed_by_user_id'),
    signedByName: text('signed_by_name').notNull(),
    review: text('review', { enum: pledgeReviews }).notNull().default('waiting'),
    reviewedByUserId: userRef('reviewed_by_user_id'),
    reviewedAt: ts('reviewed_at'),
    reviewNote: text('review_note'),
    /** Signed date + 3 years; the reminder three months before. */
    validUntil: date('valid_until').notNull(),
    remindOn: date('remind_on').notNull(),
    /** When the renewal reminder was emailed (pledge-reminders.ts): once, from remind_on. */
    reminderSentAt: ts('reminder_sent_at'),
    /** Shown on the public page of pledged employers only when the employer opts in. */
    publicOptIn: boolean('public_opt_in').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('employment_pledges_org_idx').on(t.organisationId, t.signedOn)],
);

export const remoteModes = ['on_site', 'remote', 'hybrid'] as const;
export const contracts = ['permanent', 'fixed_term', 'part_time', 'zero_hours', 'casual', 'unpaid'] as const;
export const dbsLevels = ['none', 'basic', 'standard', 'enhanced'] as const;
export const shareScopes = ['partnership', 'named'] as const;

/** An opportunity posted by an employer, or by staff on its behalf (organisation = the employer). */
export const opportunities = pgTable(
  'employment_opportunities',
  {
    id: primaryId(),
    /** The employer organisation the opportunity is with. */
    organisationId: owningOrganisation(),
    postedByUserId: userRef('posted_by_user_id'),
    postedByOrganisationId: uuid('posted_by_organisation_id').references(() => organisations.id),
    kind: text('kind', { enum: opportunityKinds }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    sector: text('sector').notNull(),
    remote: text('remote', { enum: remoteModes }).notNull().default('on_site'),
    postcodeDistrict: text('postcode_district'),
    /** The district's centroid (directory places), so matching needs no lookup. */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    hours: jsonb('hours').$type<Window[]>().notNull().default([]),
    termTimeOnly: boolean('term_time_only').notNull().default(false),
    /** Derived from `hours` when saved (matching's fitsSchoolHours), never typed. */
    fitsSchoolHours: boolean('fits_school_hours').notNull().default(false),
    /** Derived when saved: the days (bits, Monday 1) a window long enough to fail her hours falls on. */
    hoursDays: integer('hours_days').notNull().default(0),
    /**
     * Derived when saved: the prefilter's box (matching-prefilter.ts opportunityBox). A row from
     * before holds the box that overlaps everything until start-up derives its own (boxes.ts).
     */
    matchBox: cube('match_box')
      .notNull()
      .default(sql.raw(`'${cubeText(anyBox(OPPORTUNITY_DIMENSIONS))}'::cube`)),
    contract: text('contract', { enum: contracts }).notNull(),
    hourlyPayPence: integer('hourly_pay_pence'),
    places: integer('places').notNull().default(1),
    closingDate: date('closing_date'),
    startDate: date('start_date'),
    minSpokenEnglish: text('min_spoken_english', { enum: cefrLevels }),
    minWrittenEnglish: text('min_written_english', { enum: cefrLevels }),
    minQualificationLevel: integer('min_qualification_level'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    rightToWorkAllowed: text('right_to_work_allowed', { enum: rightToWorkBases })
      .array()
      .notNull()
      .default(sql`'{refugee_status,settled,time_limited}'::text[]`),
    onImmigrationSalaryList: boolean('on_immigration_salary_list').notNull().default(false),
    dbsLevel: text('dbs_level', { enum: dbsLevels }).notNull().default('none'),
    childcareSupport: boolean('childcare_support').notNull().default(false),
    travelSupport: boolean('travel_support').notNull().default(false),
    /** A recruitment day: when, where and how many may come. */
    eventStartsAt: ts('event_starts_at'),
    eventPlace: text('event_place'),
    capacity: integer('capacity'),
    shareScope: text('share_scope', { enum: shareScopes }).notNull().default('partnership'),
    /** With share_scope 'named': the partner organisations that see it. */
    sharedWith: uuid('shared_with').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('employment_opportunities_org_idx').on(t.organisationId, t.createdAt),
    index('employment_opportunities_open_idx').on(t.status, t.closingDate),
    // Her work page's newest open opportunities (the few it names with the gates they fail).
    index('employment_opportunities_open_created_idx').on(t.status, t.createdAt),
    // Her matches: open opportunities whose box overlaps hers (place, levels, hours, closing date).
    index('employment_opportunities_match_box_idx')
      .using('gist', t.matchBox)
      .where(sql`${t.status} = 'open'`),
  ],
);

/**
 * Her work profile, used only with her consent to matching. What could harm her in the wrong
 * hands (right-to-work basis and its review, care commitments) is encrypted; what matching reads
 * for every opportunity stays plain.
 */
export const workProfiles = pgTable(
  'employment_work_profiles',
  {
    participantId: uuid('participant_id').primaryKey(),
    organisationId: owningOrganisation(),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    sectors: text('sectors').array().notNull().default(sql`'{}'::text[]`),
    /** RQF level (1-8) of her highest qualification, UK ENIC comparable for an overseas one. */
    qualificationLevel: integer('qualification_level'),
    spokenEnglish: text('spoken_english', { enum: cefrLevels }),
    writtenEnglish: text('written_english', { enum: cefrLevels }),
    availability: jsonb('availability').$type<Window[]>().notNull().default([]),
    schoolHoursOnly: boolean('school_hours_only').notNull().default(false),
    termTimeOnly: boolean('term_time_only').notNull().default(false),
    postcodeDistrict: text('postcode_district'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    maxJourneyMinutes: integer('max_journey_minutes'),
    modes: text('modes', { enum: journeyModes }).array().notNull().default(sql`'{}'::text[]`),
    payNeededPence: integer('pay_needed_pence'),
    aspirations: text('aspirations').array().notNull().default(sql`'{}'::text[]`),
    /** Derived when saved: the days (bits, Monday 1) she can work; all seven when none recorded. */
    availableDays: integer('available_days').notNull().default(127),
    /** Derived when saved: the prefilter's box (matching-prefilter.ts profileBox); as above before. */
    matchBox: cube('match_box')
      .notNull()
      .default(sql.raw(`'${cubeText(anyBox(PROFILE_DIMENSIONS))}'::cube`)),
    /** Encrypted JSON { basis, expires, reviewOn, assessedByUserId, assessedOn }. */
    rightToWorkEnc: text('right_to_work_enc'),
    /** Encrypted free text: her care commitments in her words. */
    careNotesEnc: text('care_notes_enc'),
    updatedByUserId: userRef('updated_by_user_id'),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('employment_work_profiles_org_idx').on(t.organisationId),
    // The women an opportunity could suit (her organisation's profiles whose box overlaps the
    // opportunity's) are found by `employment_work_profiles_org_match_idx`, a GiST index on
    // (organisation_id, match_box) with btree_gist that also carries every column the score bound
    // reads (woman-bound.ts), so bounding them reads no table row. drizzle-kit cannot write an
    // index with INCLUDE: it is custom SQL at the end of migration 0054.
  ],
);

export const stages = [
  'put_forward',
  'interview',
  'offer',
  'accepted',
  'declined',
  'not_offered',
  'withdrawn',
] as const;
export type Stage = (typeof stages)[number];
export const declineReasons = [
  'school_hours',
  'childcare',
  'travel',
  'pay',
  'contract_or_hours',
  'role_not_as_described',
  'personal',
  'other',
] as const;
export const shareableFields = [
  'name',
  'skills',
  'qualifications',
  'english',
  'availability',
  'work_history',
  'right_to_work',
] as const;
export type ShareableField = (typeof shareableFields)[number];

/**
 * Her being put forward to an opportunity, by her organisation, with her consent to share the
 * chosen fields with that employer. The employer sees only `shared_enc` (decrypted) and the
 * staff's right-to-work assessment (that it allows the job, who and when; never a share code or
 * document copy).
 */
export const putForwards = pgTable(
  'employment_put_forwards',
  {
    id: primaryId(),
    participantId: uuid('participant_id').notNull(),
    /** Her (owning) organisation. */
    organisationId: owningOrganisation(),
    opportunityId: uuid('opportunity_id')
      .notNull()
      .references(() => opportunities.id),
    employerOrganisationId: uuid('employer_organisation_id')
      .notNull()
      .references(() => organisations.id),
    stage: text('stage', { enum: stages }).notNull().default('put_forward'),
    /** The last open stage reached (put_forward, interview, offer), kept when it closes. */
    lastActiveStage: text('last_active_stage', { enum: stages }).notNull().default('put_forward'),
    closed: boolean('closed').notNull().default(false),
    won: boolean('won').notNull().default(false),
    sharedFields: text('shared_fields', { enum: shareableFields }).array().notNull(),
    /** Encrypted JSON of the shared fields' values at the time she was put forward. */
    sharedEnc: text('shared_enc').notNull(),
    consentMethod: text('consent_method', { enum: ['verbal', 'written', 'online'] }).notNull(),
    rtwAssessedByUserId: userRef('rtw_assessed_by_user_id'),
    rtwAssessedOn: date('rtw_assessed_on').notNull(),
    interviewAt: ts('interview_at'),
    interviewOutcome: text('interview_outcome'),
    offerOn: date('offer_on'),
    offerTerms: text('offer_terms'),
    reason: text('reason'),
    startDate: date('start_date'),
    putForwardByUserId: userRef('put_forward_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('employment_put_forwards_participant_idx').on(t.participantId, t.createdAt),
    index('employment_put_forwards_employer_idx').on(t.employerOrganisationId, t.opportunityId),
    index('employment_put_forwards_org_idx').on(t.organisationId, t.stage),
  ],
);

/** Every stage a put-forward passed through, with who and when (append-only). */
export const putForwardEvents = pgTable(
  'employment_put_forward_events',
  {
    id: primaryId(),
    putForwardId: uuid('put_forward_id')
      .notNull()
      .references(() => putForwards.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: stages }).notNull(),
    reason: text('reason'),
    byUserId: userRef('by_user_id'),
    byOrganisationId: uuid('by_organisation_id').references(() => organisations.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('employment_put_forward_events_idx').on(t.putForwardId, t.at)],
);

/** One monthly opportunities digest sent to an organisation's staff (so a month is sent once). */
export const digests = pgTable(
  'employment_digests',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    /** The month the digest covers, as its first day (YYYY-MM-01). */
    month: date('month').notNull(),
    opportunities: integer('opportunities').notNull(),
    recipients: integer('recipients').notNull(),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('employment_digests_org_month_key').on(t.organisationId, t.month)],
);

registerEncryptedColumns({
  table: 'employment_work_profiles',
  key: 'participant_id',
  columns: ['right_to_work_enc', 'care_notes_enc'],
});
registerEncryptedColumns({ table: 'employment_put_forwards', key: 'id', columns: ['shared_enc'] });
