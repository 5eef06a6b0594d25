import { timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Columns every module's tables declare the same way, so a table states only what is its own.
 * Each call makes a new column builder (Drizzle builders cannot be shared between tables).
 */

/** A point in time, always with its time zone. */
export const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The row's random UUID primary key. */
export const primaryId = () => uuid('id').primaryKey().defaultRandom();

/** When the row was written. */
export const createdAt = () => ts('created_at').notNull().defaultNow();

/** When the row last changed. */
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
