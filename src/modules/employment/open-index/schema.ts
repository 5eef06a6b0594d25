/**
 * The generation of the open opportunities: a number PostgreSQL moves on at the commit of every
 * transaction that wrote to `employment_opportunities` (posted, edited, closed, boxes filled in,
 * bulk SQL alike). Each app process keeps the open opportunities in memory for her work page's
 * matching (open-index/index.ts) under the generation it read them at, and reads the number once per
 * page, so a write committed by any process on the database is seen by the next page of every one.
 *
 * Kept by triggers (migration `employment_open_generation`, custom SQL), as the directory's
 * generation is (directory/cache/schema.ts): a statement-level trigger marks the transaction once
 * (one row in `employment_open_generation_dirty`), and a deferred constraint trigger on that row adds
 * 1 to the counter at commit, so the new number is visible in the same instant as the data. Never
 * written by application code.
 */
import { bigint, boolean, pgTable, smallint, uuid } from 'drizzle-orm/pg-core';

/** One row (id 1): the generation. */
export const openGeneration = pgTable('employment_open_generation', {
  id: smallint('id').primaryKey(),
  n: bigint('n', { mode: 'bigint' }).notNull(),
});

/** One row per writing transaction, from its first write to the opportunities until its commit. */
export const openGenerationDirty = pgTable('employment_open_generation_dirty', {
  id: uuid('id').primaryKey().defaultRandom(),
  marked: boolean('marked').notNull().default(true),
});
