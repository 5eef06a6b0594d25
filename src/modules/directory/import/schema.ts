/**
 * Uploads imported through the staff pages: one row per upload, owned by the uploader's
 * organisation, so progress and the final report survive a page reload and its staff can see them.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../../platform/auth/schema.ts';

export const directoryImportJobs = pgTable(
  'directory_import_job',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    fileName: text('file_name').notNull(),
    /** running | done | failed */
    status: text('status').notNull().default('running'),
    total: integer('total'),
    done: integer('done').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** The ImportReport's rejections and warnings (directory records only: no personal data). */
    report: jsonb('report'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('directory_import_job_org_idx').on(t.organisationId, t.createdAt)],
);
