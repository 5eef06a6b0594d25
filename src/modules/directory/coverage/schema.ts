/**
 * The coverage summary: a maintained, denormalised copy of what the coverage counts need, one row per
 * (active service, area) with its need domains, who-for groups and ways of delivery as bit masks, so
 * that any filter is one grouped scan of a narrow table with integer tests, instead of a join over
 * services, attributes, service areas and locations (issue 4: <= 500 ms p95 at 100k services).
 *
 * How it stays right (migration `directory_coverage_triggers`): statement-level triggers on
 * directory_service, directory_service_area, directory_service_at_location, directory_location and
 * directory_attribute put the ids of the services a statement touched into
 * `directory_coverage_dirty`; `refreshCoverage` (coverage/query.ts), run before every coverage read,
 * recomputes the facets of those services under an advisory lock. A deleted service's facets go with
 * it (foreign key, cascade). Restores load both tables as they were backed up (triggers off).
 */
import { boolean, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { dirService } from '../schema.ts';

export const dirCoverageFacet = pgTable(
  'directory_coverage_facet',
  {
    service_id: uuid('service_id')
      .notNull()
      .references(() => dirService.id, { onDelete: 'cascade' }),
    /** One of the 175 local_areas codes. */
    area_code: text('area_code').notNull(),
    /** Need domains as bits (bit i: the i-th term of `needBits` in coverage/query.ts). */
    needs: integer('needs').notNull(),
    /** Who-for groups as bits (`groupBits`). */
    groups: integer('groups').notNull(),
    /** Ways of delivery as bits (`deliveryBits`). */
    delivery: integer('delivery').notNull(),
    women_specific: boolean('women_specific').notNull(),
    women_only: boolean('women_only').notNull(),
    /** True on exactly one row per service (its first area by code): counts distinct services. */
    first_area: boolean('first_area').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.service_id, t.area_code] }),
    index('directory_coverage_facet_area_idx').on(t.area_code),
  ],
);

/** Services whose facets are out of date (written by triggers, emptied by refreshCoverage). */
export const dirCoverageDirty = pgTable('directory_coverage_dirty', {
  service_id: uuid('service_id').primaryKey(),
});

/** The bit layout the facets were computed with; a different layout recomputes them all. */
export const dirCoverageState = pgTable('directory_coverage_state', {
  id: integer('id').primaryKey(),
  layout: text('layout').notNull(),
});
