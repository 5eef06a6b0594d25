import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { owningOrganisation, userRef } from '../../platform/auth/schema.ts';
import { registerEncryptedColumns } from '../../platform/crypto/registry.ts';
import { createdAt, primaryId, ts, updatedAt } from '../../platform/db/columns.ts';

/**
 * Mentoring (issue 14): programmes and their cohorts, mentors (safe recruitment: references,
 * screening, DBS recorded but never the certificate, training, approval), mentees enrolled by her key
 * worker with her consent, whole-cohort matching as drafts, then sessions, concerns, reviews,
 * closures and single-use survey links. Every row carries its owning organisation; queries lead with it.
 */

export const programmeKinds = ['one_to_one', 'reverse'] as const;
export type ProgrammeKind = (typeof programmeKinds)[number];
export const surveyKinds = ['mentee_end', 'mentor_end', 'leader_end'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

export const mentoringProgrammes = pgTable(
  'mentoring_programmes',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    name: text('name').notNull(),
    kind: text('kind', { enum: programmeKinds }).notNull().default('one_to_one'),
    lengthMonths: integer('length_months').notNull().default(4),
    /** E.g. "Every two weeks, an hour, online or in person". */
    meetingExpectations: text('meeting_expectations'),
    surveys: text('surveys', { enum: surveyKinds }).array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [index('mentoring_programmes_org_idx').on(t.organisationId, t.name)],
);

/** A cohort's own matching weights, by rule (matching.ts's Weights fits it). */
type StoredWeights = Partial<
  Record<'aspiration' | 'skills' | 'language' | 'availability' | 'distance' | 'capacity', number>
>;

export const cohortStatuses = ['recruiting', 'matching', 'running', 'closed'] as const;
export type CohortStatus = (typeof cohortStatuses)[number];

export const mentoringCohorts = pgTable(
  'mentoring_cohorts',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => mentoringProgrammes.id),
    name: text('name').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    capacity: integer('capacity').notNull(),
    status: text('status', { enum: cohortStatuses }).notNull().default('recruiting'),
    /** The matching weights the manager set for this cohort (matching.ts Weights); null: the defaults. */
    weights: jsonb('weights').$type<StoredWeights>(),
    createdAt: createdAt(),
  },
  (t) => [index('mentoring_cohorts_org_idx').on(t.organisationId, t.programmeId, t.startsOn)],
);

export const mentorStatuses = ['applied', 'screened', 'approved', 'declined', 'withdrawn'] as const;
export type MentorStatus = (typeof mentorStatuses)[number];
export const meetingModes = ['online', 'in_person', 'either'] as const;
export type MeetingMode = (typeof meetingModes)[number];
export const dbsLevels = ['basic', 'standard', 'enhanced'] as const;
export const dbsOutcomes = ['clear', 'information_disclosed', 'pending'] as const;
export const trainingModules = [
  'induction',
  'safeguarding',
  'trauma_informed',
  'inclusive_leadership',
] as const;

/**
 * A mentor: the application (public form or staff entry), then safe recruitment. Of the DBS check
 * only its level, outcome, certificate number and date are kept, never the certificate itself.
 * `userId` links the approved mentor to their sign-in (role mentor).
 */
export const mentoringMentors = pgTable(
  'mentoring_mentors',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    programmeId: uuid('programme_id').references(() => mentoringProgrammes.id),
    userId: userRef('user_id'),
    status: text('status', { enum: mentorStatuses }).notNull().default('applied'),
    name: text('name').notNull(),
    email: text('email').notNull(),
    employer: text('employer'),
    sectors: text('sectors').array().notNull().default(sql`'{}'::text[]`),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    /** 'mon-am', 'tue-pm', 'sat-eve'... */
    availability: text('availability').array().notNull().default(sql`'{}'::text[]`),
    mode: text('mode', { enum: meetingModes }).notNull().default('either'),
    /** Where they can meet in person (a town or postcode district, no home address). */
    place: text('place'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    maxTravelKm: integer('max_travel_km').notNull().default(10),
    capacity: integer('capacity').notNull().default(1),
    motivation: text('motivation'),
    /** [{ name, relationship, received }] */
    references: jsonb('references').$type<{ name: string; relationship: string; received: boolean }[]>(),
    screenedOn: date('screened_on'),
    screeningNotes: text('screening_notes'),
    dbsLevel: text('dbs_level', { enum: dbsLevels }),
    dbsOutcome: text('dbs_outcome', { enum: dbsOutcomes }),
    /** The DBS certificate number, encrypted (FieldCipher); decrypted only on the manager's mentor page. */
    dbsCertificateNumberEnc: text('dbs_certificate_number_enc'),
    /**
     * Plain text from before encryption: `moveMentoringPlaintext` encrypts it into the column above
     * at start-up and empties it; never written any more. Drop in a later migration.
     */
    legacyDbsCertificateNumber: text('dbs_certificate_number'),
    dbsIssuedOn: date('dbs_issued_on'),
    trainingDone: text('training_done', { enum: trainingModules })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    approvedByUserId: userRef('approved_by_user_id'),
    approvedAt: ts('approved_at'),
    /** Mentee ids of a declared conflict of interest (matching disqualifies those pairs). */
    conflicts: uuid('conflicts').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('mentoring_mentors_org_idx').on(t.organisationId, t.status),
    index('mentoring_mentors_user_idx').on(t.userId),
  ],
);

export const mentoringSupervisionNotes = pgTable(
  'mentoring_supervision_notes',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => mentoringMentors.id, { onDelete: 'cascade' }),
    note: text('note').notNull(),
    authorUserId: userRef('author_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('mentoring_supervision_mentor_idx').on(t.mentorId, t.createdAt)],
);

/** What she lets her mentor see; nothing else of her record ever reaches a mentor. */
export const menteeSharedFields = ['chosen_name', 'languages', 'availability', 'goals'] as const;
export type MenteeSharedField = (typeof menteeSharedFields)[number];
export const menteeStatuses = ['waiting', 'matched', 'completed', 'ended_early', 'withdrawn'] as const;
export type MenteeStatus = (typeof menteeStatuses)[number];

/**
 * A woman enrolled in a cohort by her key worker, with her "mentoring" consent. The fields a mentor
 * may see are copied here at enrolment (in her words), so a mentor's page never reads her record.
 */
export const mentoringMentees = pgTable(
  'mentoring_mentees',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    participantId: uuid('participant_id').notNull(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => mentoringCohorts.id),
    status: text('status', { enum: menteeStatuses }).notNull().default('waiting'),
    sharedFields: text('shared_fields', { enum: menteeSharedFields })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    chosenName: text('chosen_name').notNull(),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    availability: text('availability').array().notNull().default(sql`'{}'::text[]`),
    /** Her goals in her own words, encrypted (FieldCipher); decrypted only for whoever may see them. */
    goalsEnc: text('goals_enc'),
    /** Plain text from before encryption, emptied at start-up by `moveMentoringPlaintext`. */
    legacyGoals: text('goals'),
    /** For matching (staff only): sectors she aims at and skills she wants to build. */
    aspirations: text('aspirations').array().notNull().default(sql`'{}'::text[]`),
    goalSkills: text('goal_skills').array().notNull().default(sql`'{}'::text[]`),
    interpreterAvailable: boolean('interpreter_available').notNull().default(false),
    mode: text('mode', { enum: meetingModes }).notNull().default('either'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Superseded by planGoalIds (never written); drop in a later migration. */
    planGoalId: uuid('plan_goal_id'),
    /**
     * The goals of her support plan this mentoring works towards, chosen by her key worker. Casework
     * owns the plan: only ids are kept here, titles are read through casework's door.
     */
    planGoalIds: uuid('plan_goal_ids').array().notNull().default(sql`'{}'::uuid[]`),
    alumna: boolean('alumna').notNull().default(false),
    /** An alumna who agreed (at closure) to mentor leaders: the reverse-mentoring pool. */
    reverseMentor: boolean('reverse_mentor').notNull().default(false),
    enrolledByUserId: userRef('enrolled_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mentoring_mentees_cohort_participant_key').on(t.cohortId, t.participantId),
    index('mentoring_mentees_org_participant_idx').on(t.organisationId, t.participantId),
  ],
);

export const pairStatuses = ['draft', 'published', 'ended'] as const;
export type PairStatus = (typeof pairStatuses)[number];
export const closureReasons = ['completed', 'ended_early'] as const;

/** A proposed (draft) or published pair, with its score and every rule's part (matching.ts Part[]). */
export const mentoringPairs = pgTable(
  'mentoring_pairs',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => mentoringCohorts.id),
    menteeId: uuid('mentee_id')
      .notNull()
      .references(() => mentoringMentees.id, { onDelete: 'cascade' }),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => mentoringMentors.id),
    status: text('status', { enum: pairStatuses }).notNull().default('draft'),
    score: real('score').notNull().default(0),
    parts: jsonb('parts').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    pinned: boolean('pinned').notNull().default(false),
    publishedAt: ts('published_at'),
    endedAt: ts('ended_at'),
    closureReason: text('closure_reason', { enum: closureReasons }),
    closureNote: text('closure_note'),
    /** A pairing that ended badly is never proposed again. */
    endedBadly: boolean('ended_badly').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('mentoring_pairs_cohort_idx').on(t.organisationId, t.cohortId, t.status),
    index('mentoring_pairs_mentor_idx').on(t.mentorId, t.status),
    index('mentoring_pairs_mentee_idx').on(t.menteeId),
  ],
);

/** A pair the manager excluded from a cohort's matching (pins are on the draft pair itself). */
export const mentoringExclusions = pgTable(
  'mentoring_exclusions',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => mentoringCohorts.id),
    menteeId: uuid('mentee_id')
      .notNull()
      .references(() => mentoringMentees.id, { onDelete: 'cascade' }),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => mentoringMentors.id),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mentoring_exclusions_key').on(t.cohortId, t.menteeId, t.mentorId)],
);

export const mentoringSessions = pgTable(
  'mentoring_sessions',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => mentoringPairs.id, { onDelete: 'cascade' }),
    heldOn: date('held_on').notNull(),
    mode: text('mode', { enum: ['online', 'in_person'] }).notNull(),
    minutes: integer('minutes').notNull(),
    covered: text('covered'),
    goalProgress: text('goal_progress'),
    nextMeetingOn: date('next_meeting_on'),
    loggedByUserId: userRef('logged_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('mentoring_sessions_pair_idx').on(t.pairId, t.heldOn)],
);

/**
 * "Something worrying": a safeguarding concern a mentor raised. Shown at once to her key worker (on
 * her record) and the programme's managers; never to any other mentor.
 */
export const mentoringConcerns = pgTable(
  'mentoring_concerns',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => mentoringPairs.id, { onDelete: 'cascade' }),
    participantId: uuid('participant_id').notNull(),
    sessionId: uuid('session_id').references(() => mentoringSessions.id, { onDelete: 'set null' }),
    concern: text('concern').notNull(),
    raisedByUserId: userRef('raised_by_user_id'),
    raisedAt: ts('raised_at').notNull().defaultNow(),
    acknowledgedByUserId: userRef('acknowledged_by_user_id'),
    acknowledgedAt: ts('acknowledged_at'),
  },
  (t) => [index('mentoring_concerns_org_participant_idx').on(t.organisationId, t.participantId, t.raisedAt)],
);

export const repairAskers = ['mentor', 'mentee'] as const;
/**
 * Either side asking for a new pairing after the first session, with a reason. Open until the
 * manager re-pairs (which resolves it); shown on the cohort page and mailed to the managers.
 */
export const mentoringRepairRequests = pgTable(
  'mentoring_repair_requests',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => mentoringPairs.id, { onDelete: 'cascade' }),
    askedBy: text('asked_by', { enum: repairAskers }).notNull(),
    reason: text('reason').notNull(),
    askedByUserId: userRef('asked_by_user_id'),
    createdAt: createdAt(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('mentoring_repair_requests_pair_idx').on(t.organisationId, t.pairId, t.resolvedAt)],
);

export const reviewKinds = ['midpoint', 'end'] as const;
export const mentoringReviews = pgTable(
  'mentoring_reviews',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    pairId: uuid('pair_id')
      .notNull()
      .references(() => mentoringPairs.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: reviewKinds }).notNull(),
    heldOn: date('held_on').notNull(),
    notes: text('notes'),
    recordedByUserId: userRef('recorded_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('mentoring_reviews_pair_idx').on(t.pairId)],
);

/**
 * A leader of a corporate partner mentored by an alumna in a reverse-mentoring cohort: an external
 * person with no casework record. The programme manager may invite them to sign in (role leader,
 * `userId`), after which they see only their own pairing; they answer their own end survey signed
 * in or by a link. Their name and email are blanked on erasure or by the retention job (`erasedAt`).
 */
export const mentoringLeaders = pgTable(
  'mentoring_leaders',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => mentoringCohorts.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    /** The partner they lead in. */
    employer: text('employer').notNull(),
    /** Their own sign-in (role leader), once the programme manager invited them. */
    userId: userRef('user_id'),
    /**
     * The alumna mentoring them: her enrolment in the cohort she completed (the reverse pool). Only
     * her chosen name ever reaches the leader.
     */
    alumnaMenteeId: uuid('alumna_mentee_id').references(() => mentoringMentees.id, { onDelete: 'set null' }),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
    /** Name and email blanked (a manager's erasure, or retention after their cohort ended). */
    erasedAt: ts('erased_at'),
  },
  (t) => [
    index('mentoring_leaders_cohort_idx').on(t.organisationId, t.cohortId),
    index('mentoring_leaders_user_idx').on(t.userId),
  ],
);

/** A session between a leader and their alumna mentor, logged by the leader (or a manager). */
export const mentoringLeaderSessions = pgTable(
  'mentoring_leader_sessions',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    leaderId: uuid('leader_id')
      .notNull()
      .references(() => mentoringLeaders.id, { onDelete: 'cascade' }),
    heldOn: date('held_on').notNull(),
    mode: text('mode', { enum: ['online', 'in_person'] }).notNull(),
    minutes: integer('minutes').notNull(),
    covered: text('covered'),
    nextMeetingOn: date('next_meeting_on'),
    loggedByUserId: userRef('logged_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('mentoring_leader_sessions_leader_idx').on(t.organisationId, t.leaderId, t.heldOn)],
);

export const surveyRespondents = ['mentee', 'mentor', 'leader'] as const;
/**
 * A single-use survey link: only the token's SHA-256 is kept; using it once stamps `usedAt`.
 */
export const mentoringSurveyLinks = pgTable(
  'mentoring_survey_links',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    /** The pair surveyed (mentee, mentor), or for a reverse-mentoring leader, the leader. */
    pairId: uuid('pair_id').references(() => mentoringPairs.id, { onDelete: 'cascade' }),
    leaderId: uuid('leader_id').references(() => mentoringLeaders.id, { onDelete: 'cascade' }),
    respondent: text('respondent', { enum: surveyRespondents }).notNull(),
    survey: text('survey', { enum: surveyKinds }).notNull(),
    tokenHash: text('token_hash').notNull(),
    lang: text('lang').notNull().default('en'),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mentoring_survey_links_token_key').on(t.tokenHash)],
);

/** Survey answers: outcome data (1–5 per question), kept without names for the outcomes reports. */
export const mentoringSurveyAnswers = pgTable(
  'mentoring_survey_answers',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => mentoringCohorts.id),
    linkId: uuid('link_id').references(() => mentoringSurveyLinks.id, { onDelete: 'set null' }),
    survey: text('survey', { enum: surveyKinds }).notNull(),
    answers: jsonb('answers').$type<Record<string, number>>().notNull(),
    answeredAt: ts('answered_at').notNull().defaultNow(),
  },
  (t) => [index('mentoring_survey_answers_cohort_idx').on(t.organisationId, t.cohortId, t.survey)],
);

registerEncryptedColumns({ table: 'mentoring_mentors', key: 'id', columns: ['dbs_certificate_number_enc'] });
registerEncryptedColumns({ table: 'mentoring_mentees', key: 'id', columns: ['goals_enc'] });
