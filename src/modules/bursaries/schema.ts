import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, owningOrganisation, userRef } from '../../platform/auth/schema.ts';
import { registerEncryptedColumns } from '../../platform/crypto/registry.ts';
import { createdAt, primaryId, ts, updatedAt } from '../../platform/db/columns.ts';

/**
 * Bursaries (issue 15): funds, applications made by her with her mentor or key worker, cost lines,
 * the guaranteed interview, panel conflicts and scores, decisions and awards (a year to start),
 * payments against awarded lines and the 3/6/9-month reminders. Money is always integer pence.
 * Every row carries its owning organisation (the fund's); queries lead with it. Free text about her
 * (her aspiration, interview notes, a decline reason, conditions) is encrypted with the field cipher.
 */

export const costCategories = [
  'course_fees',
  'books_resources',
  'equipment',
  'childcare',
  'travel',
  'exam_fees',
] as const;
export type CostCategory = (typeof costCategories)[number];

/** The published criteria a panel member may score, 0–5 or not applicable. */
export const scoreCriteria = ['aspiration_fit', 'course_quality', 'need', 'readiness', 'plan'] as const;
export type ScoreCriterion = (typeof scoreCriteria)[number];

/** £5,000: the founding programme's maximum per award. */
export const DEFAULT_MAX_AWARD_PENCE = 500_000;
export const DEFAULT_START_WINDOW_MONTHS = 12;

/**
 * A fund: who funds it (an organisation of the partnership, or one outside named in text), its
 * budget, the most one award may be, which cost categories it pays for, who may apply and how long
 * an award leaves her to start her course.
 */
export const bursaryFunds = pgTable(
  'bursary_funds',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    name: text('name').notNull(),
    /** A funder in the partnership; otherwise `funderName` names one outside it. */
    funderOrganisationId: uuid('funder_organisation_id').references(() => organisations.id),
    funderName: text('funder_name'),
    /** bigint: a fund's budget may pass what a 32-bit count of pence holds (£21m). */
    budgetPence: bigint('budget_pence', { mode: 'number' }).notNull(),
    maxAwardPence: integer('max_award_pence').notNull().default(DEFAULT_MAX_AWARD_PENCE),
    eligibleCategories: text('eligible_categories', { enum: costCategories })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Mentoring programme ids whose mentees/alumnae are eligible (and guaranteed an interview). */
    eligibleProgrammeIds: uuid('eligible_programme_ids').array().notNull().default(sql`'{}'::uuid[]`),
    menteesMayApply: boolean('mentees_may_apply').notNull().default(true),
    alumnaeMayApply: boolean('alumnae_may_apply').notNull().default(true),
    /** Whether women outside those programmes may apply too (without the interview guarantee). */
    othersMayApply: boolean('others_may_apply').notNull().default(true),
    criteria: text('criteria', { enum: scoreCriteria })
      .array()
      .notNull()
      .default(sql`'{aspiration_fit,course_quality,need,readiness}'::text[]`),
    startWindowMonths: integer('start_window_months').notNull().default(DEFAULT_START_WINDOW_MONTHS),
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on'),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('bursary_funds_org_idx').on(t.organisationId, t.opensOn),
    check('bursary_funds_money_check', sql`${t.budgetPence} >= 0 and ${t.maxAwardPence} > 0`),
  ],
);

/** A user who sits on a fund's panel: sees that fund's submitted applications, scores and decides. */
export const bursaryPanelMembers = pgTable(
  'bursary_panel_members',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => bursaryFunds.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    addedByUserId: userRef('added_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('bursary_panel_members_key').on(t.fundId, t.userId),
    index('bursary_panel_members_user_idx').on(t.organisationId, t.userId),
  ],
);

export const applicationStatuses = ['draft', 'submitted', 'withdrawn', 'interviewing', 'decided'] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
/** Why an application is guaranteed an interview (a snapshot taken when it is submitted). */
export const eligibilityBases = ['mentee', 'alumna', 'other'] as const;
export type EligibilityBasis = (typeof eligibilityBases)[number];

/**
 * Her application, made with her mentor or key worker (`madeWithUserId`). `participantId` is her
 * record (participants owns it: no foreign key across modules). Erasure blanks what identifies her
 * and keeps the money (`anonymisedAt`).
 */
export const bursaryApplications = pgTable(
  'bursary_applications',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => bursaryFunds.id),
    participantId: uuid('participant_id'),
    course: text('course').notNull(),
    provider: text('provider').notNull(),
    plannedStartOn: date('planned_start_on'),
    /** How the course leads to her aspiration, in her words: encrypted (FieldCipher). */
    aspirationEnc: text('aspiration_enc'),
    /** Her support plan's goals this course works towards (casework owns the plan: ids only). */
    planGoalIds: uuid('plan_goal_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Her mentoring enrolment whose goals (in her words) this course serves, if any. */
    menteeId: uuid('mentee_id'),
    /** The language her letter and messages are written in (one the app speaks). */
    lang: text('lang').notNull().default('en'),
    status: text('status', { enum: applicationStatuses }).notNull().default('draft'),
    eligibility: text('eligibility', { enum: eligibilityBases }),
    /** Set at submission: a current mentee or alumna of an eligible programme cannot be declined unheard. */
    guaranteedInterview: boolean('guaranteed_interview').notNull().default(false),
    madeWithUserId: userRef('made_with_user_id'),
    submittedAt: ts('submitted_at'),
    withdrawnAt: ts('withdrawn_at'),
    anonymisedAt: ts('anonymised_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('bursary_applications_fund_idx').on(t.organisationId, t.fundId, t.status),
    index('bursary_applications_participant_idx').on(t.organisationId, t.participantId),
    // The fund page lists its newest applications first (bench/bursaries.bench.ts).
    index('bursary_applications_fund_created_idx').on(t.organisationId, t.fundId, t.createdAt),
    // A page of the fund page's list is found in this index alone (status is in it, erased rows
    // are not), so skipping to page 200 reads index entries, not 5,000 table rows.
    index('bursary_applications_fund_list_idx')
      .on(t.organisationId, t.fundId, t.createdAt, t.id, t.status)
      .where(sql`${t.anonymisedAt} is null`),
  ],
);

/** One cost: category, amount asked, evidence (a quote or a link) and, once decided, what was awarded. */
export const bursaryCostLines = pgTable(
  'bursary_cost_lines',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => bursaryApplications.id, { onDelete: 'cascade' }),
    category: text('category', { enum: costCategories }).notNull(),
    description: text('description'),
    amountPence: integer('amount_pence').notNull(),
    evidence: text('evidence'),
    /** Null until decided; 0 for a line cut from a part award. */
    awardedPence: integer('awarded_pence'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('bursary_cost_lines_application_idx').on(t.applicationId, t.position),
    check(
      'bursary_cost_lines_money_check',
      sql`${t.amountPence} >= 0 and (${t.awardedPence} is null or ${t.awardedPence} between 0 and ${t.amountPence})`,
    ),
  ],
);

/**
 * The interview: scheduled (an appointment of casework's, if booked there) and held (date, who).
 * Only an interview with `heldOn` satisfies the guarantee.
 */
export const bursaryInterviews = pgTable(
  'bursary_interviews',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => bursaryApplications.id, { onDelete: 'cascade' }),
    scheduledFor: ts('scheduled_for'),
    /** A casework appointment booking id, when the interview was booked through appointments. */
    appointmentId: uuid('appointment_id'),
    heldOn: date('held_on'),
    /** Who interviewed her (names or roles, as the panel writes them). */
    interviewers: text('interviewers'),
    notesEnc: text('notes_enc'),
    recordedByUserId: userRef('recorded_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('bursary_interviews_application_idx').on(t.organisationId, t.applicationId)],
);

/** A panel member's declaration for one application: conflicted or not. Conflicted: no score, no decision. */
export const bursaryConflicts = pgTable(
  'bursary_conflicts',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => bursaryApplications.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    conflicted: boolean('conflicted').notNull(),
    note: text('note'),
    declaredAt: ts('declared_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bursary_conflicts_key').on(t.applicationId, t.userId)],
);

/** One member's score for one criterion: 0–5, or null for "not applicable" (left out of averages). */
export const bursaryScores = pgTable(
  'bursary_scores',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => bursaryApplications.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    criterion: text('criterion', { enum: scoreCriteria }).notNull(),
    score: integer('score'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('bursary_scores_key').on(t.applicationId, t.userId, t.criterion),
    check('bursary_scores_range_check', sql`${t.score} is null or ${t.score} between 0 and 5`),
  ],
);

export const decisionKinds = ['full', 'part', 'conditions', 'decline'] as const;
export type DecisionKind = (typeof decisionKinds)[number];
export const awardStatuses = ['awarded', 'started', 'completed', 'lapsed'] as const;
export type AwardStatus = (typeof awardStatuses)[number];

/**
 * The panel's decision, one per application; an award (any kind but decline) carries its dates:
 * start-by = award date + the fund's window; an extension moves it with a reason; started and
 * completed are the outcome events; lapsed returns unpaid money to the fund.
 */
export const bursaryDecisions = pgTable(
  'bursary_decisions',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => bursaryApplications.id, { onDelete: 'cascade' }),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => bursaryFunds.id),
    kind: text('kind', { enum: decisionKinds }).notNull(),
    /** A decline's reason, encrypted (it is about her). */
    reasonEnc: text('reason_enc'),
    /** An award's conditions, encrypted. */
    conditionsEnc: text('conditions_enc'),
    /** Total awarded (sum of the lines' awarded pence); 0 for a decline. */
    awardedPence: integer('awarded_pence').notNull().default(0),
    decidedAt: ts('decided_at').notNull().defaultNow(),
    decidedByUserId: userRef('decided_by_user_id'),
    awardedOn: date('awarded_on'),
    startBy: date('start_by'),
    extendedTo: date('extended_to'),
    extensionReason: text('extension_reason'),
    status: text('status', { enum: awardStatuses }),
    startedOn: date('started_on'),
    completedOn: date('completed_on'),
    lapsedOn: date('lapsed_on'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('bursary_decisions_application_key').on(t.applicationId),
    index('bursary_decisions_fund_idx').on(t.organisationId, t.fundId, t.status),
    // The fund's money page lists its awards newest first.
    index('bursary_decisions_fund_awarded_idx').on(t.organisationId, t.fundId, t.awardedOn),
  ],
);

export const payees = ['provider', 'her'] as const;
export type Payee = (typeof payees)[number];
export const paymentStatuses = ['scheduled', 'paid', 'failed', 'returned'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/** A payment against an awarded cost line, recorded by reference: no bank details are kept. */
export const bursaryPayments = pgTable(
  'bursary_payments',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => bursaryFunds.id),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => bursaryDecisions.id, { onDelete: 'cascade' }),
    costLineId: uuid('cost_line_id')
      .notNull()
      .references(() => bursaryCostLines.id, { onDelete: 'cascade' }),
    payee: text('payee', { enum: payees }).notNull(),
    reference: text('reference').notNull(),
    amountPence: integer('amount_pence').notNull(),
    status: text('status', { enum: paymentStatuses }).notNull().default('scheduled'),
    scheduledOn: date('scheduled_on').notNull(),
    paidOn: date('paid_on'),
    failedOn: date('failed_on'),
    returnedOn: date('returned_on'),
    receiptRef: text('receipt_ref'),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('bursary_payments_fund_idx').on(t.organisationId, t.fundId, t.status),
    index('bursary_payments_decision_idx').on(t.decisionId),
    // The ledger sums a fund's payments by award and status from the index alone.
    index('bursary_payments_fund_money_idx').on(
      t.organisationId,
      t.fundId,
      t.decisionId,
      t.status,
      t.amountPence,
    ),
    check('bursary_payments_money_check', sql`${t.amountPence} > 0`),
  ],
);

/** A 3/6/9-month reminder to her mentor or key worker that her course has not started; sent once. */
export const bursaryReminders = pgTable(
  'bursary_reminders',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => bursaryDecisions.id, { onDelete: 'cascade' }),
    month: integer('month').notNull(),
    sentToUserId: userRef('sent_to_user_id'),
    sentAt: ts('sent_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bursary_reminders_key').on(t.decisionId, t.month)],
);

registerEncryptedColumns({ table: 'bursary_applications', key: 'id', columns: ['aspiration_enc'] });
registerEncryptedColumns({ table: 'bursary_interviews', key: 'id', columns: ['notes_enc'] });
registerEncryptedColumns({
  table: 'bursary_decisions',
  key: 'id',
  columns: ['reason_enc', 'conditions_enc'],
});
