import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { owningOrganisation, userRef } from '../../platform/auth/schema.ts';
import { createdAt, primaryId, ts, updatedAt } from '../../platform/db/columns.ts';
import { ratings } from './model.ts';

/**
 * A provider's yearly self-assessment against the Mapping the Maze model (model.ts), its rating and
 * evidence per point, and its action plan. About the organisation's practice, never about a woman.
 */
export const selfAssessments = pgTable(
  'commissioning_self_assessments',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    year: integer('year').notNull(),
    /** Set when a manager marks it complete (every point rated with evidence); cleared by a later change. */
    completedAt: ts('completed_at'),
    completedByUserId: userRef('completed_by_user_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('commissioning_self_assessments_year').on(t.organisationId, t.year)],
);

export const selfAssessmentRatings = pgTable(
  'commissioning_self_assessment_ratings',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => selfAssessments.id, { onDelete: 'cascade' }),
    /** `<area>.<point>` from model.ts. */
    point: text('point').notNull(),
    rating: text('rating', { enum: ratings }).notNull(),
    evidence: text('evidence').notNull().default(sql`''`),
    updatedByUserId: userRef('updated_by_user_id'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.point] })],
);

export const selfAssessmentActions = pgTable(
  'commissioning_self_assessment_actions',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => selfAssessments.id, { onDelete: 'cascade' }),
    /** The point it answers, or null for the plan as a whole. */
    point: text('point'),
    action: text('action').notNull(),
    /** Who will do it: a role or a team, as the organisation writes it. */
    owner: text('owner').notNull(),
    dueOn: date('due_on').notNull(),
    doneAt: ts('done_at'),
    createdByUserId: userRef('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('commissioning_self_assessment_actions_idx').on(t.organisationId, t.assessmentId)],
);
