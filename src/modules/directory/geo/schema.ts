/**
 * Postcodes for place search, imported from the ONS Postcode Directory (ONSPD) CSV by
 * `npm run geo:import-postcodes -- file.csv`. Optional: without it, postcodes are looked up through a
 * postcodes.io-compatible service when POSTCODES_API_URL is set, and place search still works by
 * local authority name.
 */
import { doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';

export const postcodes = pgTable(
  'postcodes',
  {
    /** Upper case without spaces, e.g. "SW1A1AA" (the lookup key). */
    postcode: text('postcode').primaryKey(),
    /** As written by ONS (`pcds`), e.g. "SW1A 1AA". */
    display: text('display').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    /** ONS code of the local authority district (`oslaua` / `lad`). */
    district_code: text('district_code'),
    /** ONS code of the upper-tier or unitary area (local_areas.code): the county for a two-tier district. */
    area_code: text('area_code'),
    /** ONS country code (`ctry`), e.g. E92000001 for England. */
    country_code: text('country_code'),
    /** Date of termination (`doterm`, YYYYMM) when ONS no longer uses the postcode. */
    terminated: text('terminated'),
  },
  (t) => [index('postcodes_area_idx').on(t.area_code)],
);
