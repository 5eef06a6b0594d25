/**
 * The directory's public reads, bound to the database once (issue 10): what its own pages and API
 * ask it, and what other modules may ask it through the door (index.ts). No route is handed `db`;
 * it is handed this.
 *
 * - `search(query, options?)` -> one page of services (Find support, casework's referral picker).
 * - `searchBeyond(query, opts)` -> the nearest services outside her area, and her nation's national ones.
 *   Both are kept in the directory's cache (cache/results.ts) under the generation they were read at.
 * - `cache` -> that cache: `generation()`, `remember(...)`, for the ORUK pages and public pages.
 * - `rankServices(query, { generation })`, `rankServiceAtLocations(query)` -> every match ranked (the ORUK API;
 *   a list's total counted once per query, kept in the cache).
 * - `findPlace(text)` -> a place ("Leeds", "LS1 1AA"), choices, outside England and Wales, or unknown.
 * - `localAreas()` -> the 175 local authority areas by name, read once and kept (shipped data).
 * - `coverage.{refresh, counts, areaServices}` -> the coverage summary (the coverage module's reads).
 * - `oruk.*` -> the ORUK 3.0 shapes of services, services at locations, organizations and taxonomies.
 */
import type { Db } from '../../platform/db/index.ts';
import {
  getTaxonomy,
  getTaxonomyTerm,
  listTaxonomies,
  listTaxonomyTerms,
  publicServiceAtLocationFull,
  publicServicesFull,
  serviceAtLocationListItems,
  serviceListItems,
} from './api/data.ts';
import { getOrganization, listOrganizations } from './api/organizations.ts';
import { serviceFeed } from './api/stream.ts';
import { cacheKey, createDirectoryCache, type DirectoryCacheOptions } from './cache/results.ts';
import {
  areaServices,
  type CoverageFilter,
  coverageCounts,
  type LocalArea,
  listLocalAreas,
  refreshCoverage,
} from './coverage/query.ts';
import { createPostcodeGeocoder, type PostcodeGeocoder } from './geo/geocoder.ts';
import { findPlace } from './geo/places.ts';
import { expandQuery } from './search/text.ts';
import {
  type BeyondOptions,
  openNowAt,
  rankServiceAtLocations,
  rankServices,
  type SearchOptions,
  type SearchQuery,
  type SearchResults,
  searchBeyond,
  searchKeepingSchedules,
} from './search.ts';

/** A search's options, and the generation already read for this request (one read per page). */
export type CachedSearchOptions = SearchOptions & { generation?: bigint };

/**
 * What a search's answer depends on, as the cache's key: the query with its terms in order and
 * without the moment, unless "open now" filters by it (then to the minute: schedules are kept to the
 * minute). Each hit's "open now" is worked out again when served (openNowAt).
 */
function searchKey(query: SearchQuery, opts: SearchOptions): string {
  const { now, ...rest } = query;
  const minute = query.openNow ? Math.floor((now ?? new Date()).getTime() / 60_000) : undefined;
  return cacheKey({
    ...rest,
    terms: rest.terms ? [...rest.terms].sort() : undefined,
    taxonomyIds: rest.taxonomyIds ? [...rest.taxonomyIds].sort() : undefined,
    minute,
    quick: opts.quick,
    windowSize: opts.windowSize,
  });
}

export interface DirectoryReadDeps {
  db: Db;
  /** A postcodes.io-compatible service (POSTCODES_API_URL) asked after the postcodes table. */
  postcodesApiUrl?: string;
  /** Tests and the bench pass their own; otherwise the table, then postcodesApiUrl. */
  geocoder?: PostcodeGeocoder;
  /** The cache's bounds (tests make them small). */
  cache?: DirectoryCacheOptions;
}

export function createDirectoryReads({
  db,
  postcodesApiUrl,
  geocoder: given,
  cache: cacheOptions,
}: DirectoryReadDeps) {
  const geocoder = given ?? createPostcodeGeocoder(db, { apiUrl: postcodesApiUrl });
  const cache = createDirectoryCache(db, cacheOptions);
  let areas: LocalArea[] | undefined;

  /**
   * Her words as read (spelling corrected against the directory's lexicon, Arabic read), kept apart:
   * the same words are searched in many places and with many filters.
   */
  const wordsOf = (generation: bigint, text: string | undefined) =>
    text ? cache.remember(generation, `words\u0000${text}`, () => expandQuery(db, text)) : undefined;

  async function search(query: SearchQuery, options: CachedSearchOptions = {}): Promise<SearchResults> {
    const { generation: given, ...opts } = options;
    const generation = given ?? (await cache.generation());
    // The words are worked out from the query's text, so they are not part of the key.
    const kept = await cache.remember(generation, `search\u0000${searchKey(query, opts)}`, async () => {
      const words = opts.words ?? (await wordsOf(generation, query.text?.trim()));
      return searchKeepingSchedules(db, query, { ...opts, words });
    });
    return { ...kept.results, items: openNowAt(kept.results.items, kept.schedules, query.now ?? new Date()) };
  }

  return {
    cache,
    search,
    searchBeyond: async (query: SearchQuery, opts: BeyondOptions & { generation?: bigint }) => {
      const generation = opts.generation ?? (await cache.generation());
      return searchBeyond(db, query, opts, (q, o) => search(q, { ...o, generation }));
    },
    /**
     * The ORUK list's page: its total counted once per query and generation whatever the page (not
     * when it depends on the time: open now), and the words read once, both kept in the cache.
     */
    async rankServices(query: SearchQuery, opts: { generation?: bigint } = {}) {
      const generation = opts.generation ?? (await cache.generation());
      const words = await wordsOf(generation, query.text?.trim());
      const { page: _page, perPage: _perPage, order: _order, ...counted } = query;
      const rememberTotal = query.openNow
        ? undefined
        : (count: () => Promise<number>) =>
            cache.remember(generation, `oruk-total\u0000${cacheKey(counted)}`, count, () => 64);
      return rankServices(db, query, { words, rememberTotal });
    },
    rankServiceAtLocations: (query: SearchQuery) => rankServiceAtLocations(db, query),
    findPlace: (text: string) => findPlace(text, { geocoder }),

    /** The local authority areas, by name (then code); shipped reference data, so read once. */
    async localAreas(): Promise<readonly LocalArea[]> {
      areas ??= (await listLocalAreas(db)).sort(
        (a, b) => a.name.localeCompare(b.name, 'en') || a.code.localeCompare(b.code),
      );
      return areas;
    },

    coverage: {
      refresh: () => refreshCoverage(db),
      counts: (filter: CoverageFilter) => coverageCounts(db, filter),
      areaServices: (areaCode: string, filter: CoverageFilter) => areaServices(db, areaCode, filter),
    },

    oruk: {
      servicesFull: (ids: string[]) => publicServicesFull(db, ids),
      serviceListItems: (ids: string[]) => serviceListItems(db, ids),
      serviceAtLocationListItems: (ids: string[]) => serviceAtLocationListItems(db, ids),
      serviceAtLocationFull: (id: string) => publicServiceAtLocationFull(db, id),
      taxonomies: (page: number, perPage: number) => listTaxonomies(db, page, perPage),
      taxonomy: (id: string) => getTaxonomy(db, id),
      taxonomyTerms: (opts: Parameters<typeof listTaxonomyTerms>[1]) => listTaxonomyTerms(db, opts),
      taxonomyTerm: (id: string) => getTaxonomyTerm(db, id),
      organizations: (opts: Parameters<typeof listOrganizations>[1]) => listOrganizations(db, opts),
      organization: (id: string, fullService: boolean) => getOrganization(db, id, fullService),
      /** Every service, streamed in id order (format=ndjson, minimal=true). */
      feed: (opts: Parameters<typeof serviceFeed>[1]) => serviceFeed(db, opts),
    },
  };
}

export type DirectoryReads = ReturnType<typeof createDirectoryReads>;
