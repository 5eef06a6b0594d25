/**
 * The directory search's own table: a lexicon of the words that occur in service names and
 * descriptions and in taxonomy term names, used to correct misspelt query words ("mentel helth" ->
 * "mental health") by trigram similarity before the full-text match.
 *
 * It is filled by triggers (migration `directory_search_lexicon`) on directory_service and
 * directory_taxonomy_term, so every writer (imports, staff forms, the demo seed) keeps it current
 * without calling anything. Words are only ever added: a word no service uses any more costs
 * nothing (a correction to it matches no service, and the original word is always searched too).
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { dirService } from '../schema.ts';

export const dirSearchWord = pgTable(
  'directory_search_word',
  {
    /** Lower-case, accent-free word of 2 to 30 letters, e.g. "health". */
    word: text('word').primaryKey(),
  },
  (t) => [index('directory_search_word_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`)],
);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** The `cube` extension's type: here a latitude/longitude box. */
const cube = customType<{ data: string }>({ dataType: () => 'cube' });

/**
 * One row per service with everything search filters and ranks on, so a search reads one narrow row
 * per candidate instead of joining eight tables. Derived data: rebuilt for a service by
 * `directory_search_refresh(ids)` at the commit of any transaction that changed the service, its
 * terms, areas, locations, languages or costs (triggers mark it in `directory_search_dirty`; see
 * migration `directory_search_documents`). Never written by application code.
 */
export const dirSearchDoc = pgTable(
  'directory_search_doc',
  {
    service_id: uuid('service_id')
      .primaryKey()
      .references(() => dirService.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    name: text('name').notNull(),
    organization_id: uuid('organization_id'),
    last_modified: timestamp('last_modified', { withTimezone: true }),
    minimum_age: doublePrecision('minimum_age'),
    maximum_age: doublePrecision('maximum_age'),
    /** The service's own search_vector plus the names of its taxonomy terms (weight A). */
    document: tsvector('document').notNull(),
    /**
     * Only what names the service: its name, alternate name and its terms' names (the weight-A part
     * of `document`). A search ranks services named for every word first; its own GIN index finds
     * those exactly, where `document`'s index cannot tell weights apart.
     */
    names: tsvector('names').notNull().default(sql`''::tsvector`),
    term_ids: uuid('term_ids').array().notNull(),
    taxonomy_ids: uuid('taxonomy_ids').array().notNull(),
    /** ONS codes of its service areas. */
    served_areas: text('served_areas').array().notNull(),
    /** ONS codes of the areas its locations are in (public and withheld). */
    located_areas: text('located_areas').array().notNull(),
    /** Coordinates of its public locations (never a withheld one). */
    latitudes: doublePrecision('latitudes').array().notNull(),
    longitudes: doublePrecision('longitudes').array().notNull(),
    /** Centres of the areas it serves, and of its withheld locations' areas. */
    area_latitudes: doublePrecision('area_latitudes').array().notNull(),
    area_longitudes: doublePrecision('area_longitudes').array().notNull(),
    /** The (latitude, longitude) box around its public locations and area centres: a GiST index finds what is near. */
    extent: cube('extent'),
    /** Lower-case codes and English names of the languages spoken (service and its locations). */
    languages: text('languages').array().notNull(),
    free: boolean('free').notNull(),
    /**
     * Its schedules and its locations' (freq, byday, bymonthday, opens_at, closes_at, valid_from,
     * valid_to): "open now" and the schedule filter read them here, from the row in hand, instead of
     * probing the schedule table for every candidate.
     */
    schedules: jsonb('schedules').notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    index('directory_search_doc_document_idx').using('gin', t.document),
    index('directory_search_doc_names_idx').using('gin', t.names),
    index('directory_search_doc_terms_idx').using('gin', t.term_ids),
    index('directory_search_doc_served_idx').using('gin', t.served_areas),
    index('directory_search_doc_located_idx').using('gin', t.located_areas),
    index('directory_search_doc_org_idx').on(t.organization_id),
    index('directory_search_doc_extent_idx').using('gist', t.extent),
    /** Alphabetical listing (the ORUK feed's order), a page at a time. */
    index('directory_search_doc_name_idx').on(t.name, t.service_id),
    /**
     * The same for one status (active, as the feed and Find support list by default): pages and their
     * count read from the index alone, not the wide rows.
     */
    index('directory_search_doc_status_name_idx').on(t.status, t.name, t.service_id),
  ],
);

/** Services changed in the current transaction, waiting for their search row to be rebuilt at commit. */
export const dirSearchDirty = pgTable('directory_search_dirty', {
  service_id: uuid('service_id').primaryKey(),
});

/**
 * The points each service is measured from, as earth-centred 3-D points (earthdistance
 * `ll_to_earth`): its public locations, or, when it has none, the centres of the areas it serves and
 * of its withheld locations' areas. A GiST walk (`earth <-> point`) meets services in the order of
 * their distance, exactly (search/window.ts). Rebuilt with the search row (`directory_search_refresh`).
 */
export const dirSearchPoint = pgTable(
  'directory_search_point',
  {
    service_id: uuid('service_id')
      .notNull()
      .references(() => dirService.id, { onDelete: 'cascade' }),
    earth: cube('earth').notNull(),
  },
  (t) => [
    index('directory_search_point_earth_idx').using('gist', t.earth),
    index('directory_search_point_service_idx').on(t.service_id),
  ],
);
