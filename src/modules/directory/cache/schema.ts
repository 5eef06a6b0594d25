/**
 * The directory's generation: a number PostgreSQL moves on at the commit of every transaction that
 * wrote to the directory (services, locations, organisations, taxonomies, areas, postcodes, the
 * partnership's organisations; imports and staff forms alike). Caches of search results and public
 * pages are keyed by it (cache/results.ts), so an answer cached before a write is never served after
 * it, by any app process sharing the database.
 *
 * Kept by triggers (migration `directory_generation`, custom SQL): a statement-level trigger on each
 * directory table marks the transaction once (one row in `directory_generation_dirty`), and a
 * deferred constraint trigger on that row adds 1 to the counter at commit. The new number becomes
 * visible in the same instant as the data it stands for. Never written by application code.
 */
import { bigint, boolean, pgTable, smallint, uuid } from 'drizzle-orm/pg-core';

/** One row (id 1): the generation. */
export const dirGeneration = pgTable('directory_generation', {
  id: smallint('id').primaryKey(),
  n: bigint('n', { mode: 'bigint' }).notNull(),
});

/** One row per writing transaction, from its first directory write until its commit moves `n` on. */
export const dirGenerationDirty = pgTable('directory_generation_dirty', {
  id: uuid('id').primaryKey().defaultRandom(),
  marked: boolean('marked').notNull().default(true),
});
