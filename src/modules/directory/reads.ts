/**
 * The directory's public reads, bound to the database once (issue 10): what its own pages and API
 * ask it, and what other modules may ask it through the door (index.ts). No route is handed `db`;
 * it is handed this.
 *
 * - `search(query, options?)` -> one page of services (Find support, casework's referral picker).
 * - `searchBeyond(query, opts)` -> the nearest services outside her area, and her nation's national ones.
 * - `rankServices(query)`, `rankServiceAtLocations(query)` -> every match ranked (the ORUK API).
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
import {
  rankServiceAtLocations,
  rankServices,
  type SearchOptions,
  type SearchQuery,
  searchBeyond,
  searchServices,
} from './search.ts';

export interface DirectoryReadDeps {
  db: Db;
  /** A postcodes.io-compatible service (POSTCODES_API_URL) asked after the postcodes table. */
  postcodesApiUrl?: string;
  /** Tests and the bench pass their own; otherwise the table, then postcodesApiUrl. */
  geocoder?: PostcodeGeocoder;
}

export function createDirectoryReads({ db, postcodesApiUrl, geocoder: given }: DirectoryReadDeps) {
  const geocoder = given ?? createPostcodeGeocoder(db, { apiUrl: postcodesApiUrl });
  let areas: LocalArea[] | undefined;
  return {
    search: (query: SearchQuery, options?: SearchOptions) => searchServices(db, query, options),
    searchBeyond: (query: SearchQuery, opts: Parameters<typeof searchBeyond>[2]) =>
      searchBeyond(db, query, opts),
    rankServices: (query: SearchQuery) => rankServices(db, query),
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
