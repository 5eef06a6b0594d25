/**
 * Need beside provision: population figures per local authority area, loaded from a CSV
 * (`npm run coverage:import-population -- file.csv`, docs/coverage.md), one set per measure. The
 * Census 2021 count of residents born outside the UK is loaded by migration
 * (`coverage_population_census2021`) from reference/geo/census2021_born_outside_uk_by_area.csv.
 */
import { doublePrecision, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** One loaded measure: what its numbers count and where they came from. */
export const coverageMeasures = pgTable('coverage_measure', {
  /** A slug, e.g. "born-outside-uk". */
  id: text('id').primaryKey(),
  /** What a value counts, in plain English, e.g. "Residents born outside the UK (Census 2021)". */
  label: text('label').notNull(),
  /** The attribution to show wherever the figures are shown. */
  source: text('source').notNull(),
  loaded_at: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const coveragePopulation = pgTable(
  'coverage_population',
  {
    measure_id: text('measure_id')
      .notNull()
      .references(() => coverageMeasures.id, { onDelete: 'cascade' }),
    /** ONS code of the local authority area (one of the 175). */
    area_code: text('area_code').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.measure_id, t.area_code] })],
);
