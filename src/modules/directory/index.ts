/**
 * The directory's front door: everything outside src/modules/directory/ uses it through this file
 * only (docs/ARCHITECTURE.md, "Front doors"; tests/support/architecture.ts enforces it).
 *
 * - the service (`createDirectoryService`): staff writes, public reads, search, place lookup, one
 *   cached list of local areas, the coverage summary's queries (reads.ts);
 * - the background imports (`createDirectoryImports`);
 * - `directoryRoutes`: staff pages, imports, Find support and the ORUK API; `directoryNavigation`;
 * - the shipped taxonomies, CSV reading and writing, and the area boundaries, for other modules;
 * - the staff search of the whole directory (browse.ts, `sharedViews.browse`), for casework's picker;
 * - the demo directory and the command-line import and export, for src/main.ts and src/scripts.
 */
import type { FastifyInstance } from 'fastify';
import { ORUK_PREFIX, orukApiRoutes } from './api/routes.ts';
import type { DirectoryImports } from './import/jobs.ts';
import { directoryImportRoutes } from './import-routes.ts';
import { findSupportRoutes } from './public-routes.ts';
import { directoryRoutes as staffRoutes } from './routes.ts';
import type { DirectoryService } from './service.ts';

export { canonicalApiUrl } from './api/canonical.ts';
export {
  ALL_AREAS,
  type BrowseFilters,
  type BrowseQuery,
  browseFilters,
  browseOptions,
  browsePages,
  browseQuery,
  browseSearch,
} from './browse.ts';
export { type AreaBoundary, areaBoundaries } from './coverage/area-lookup.ts';
export type { AreaService, CoverageCounts, CoverageFilter, LocalArea } from './coverage/query.ts';
export { parseCsv, parseCsvObjects, toCsv } from './csv.ts';
export { seedDemoDirectory, seedDemoDirectoryIfEmpty } from './demo.ts';
export { writeDataPackage, writeJsonExport } from './export.ts';
export { importPostcodes } from './geo/import-postcodes.ts';
export { createDirectoryImports, type DirectoryImports } from './import/jobs.ts';
export { type ImportProgress, importDirectory } from './import/run.ts';
export { createDirectoryReads, type DirectoryReads } from './reads.ts';
export { directoryNavigation } from './routes.ts';
export type { SearchHit, SearchQuery, SearchResults } from './search.ts';
export { createDirectoryService, type DirectoryService, type ServiceFull } from './service.ts';
export {
  deliveryTerms,
  needTerms,
  type ShippedTaxonomy,
  type ShippedTerm,
  shippedTermById,
  termByCode,
  whoForTerms,
} from './taxonomies.ts';

/**
 * Templates other modules may include: the staff search of the whole directory (form, total and
 * results), which casework's referral picker shares.
 */
export const sharedViews = {
  browse: 'directory/views/_browse.njk',
} as const;

export interface DirectoryRoutesDeps {
  directory: DirectoryService;
  imports: DirectoryImports;
  /** DIRECTORY_REVIEW_MONTHS: a service not reviewed for this long "needs review". */
  reviewMonths: number;
  /** PUBLIC_BASE_URL, for the ORUK OpenAPI document. */
  publicBaseUrl: string;
  /** API_RATE_LIMIT_PER_MINUTE, per address on the ORUK API. */
  apiRateLimitPerMinute: number;
}

/** Every directory page and API: staff pages and imports, public Find support, ORUK 3.0 at /api/oruk. */
export async function directoryRoutes(app: FastifyInstance, deps: DirectoryRoutesDeps) {
  const { directory } = deps;
  await app.register(staffRoutes, { directory, reviewMonths: deps.reviewMonths });
  await app.register(directoryImportRoutes, { imports: deps.imports });
  await app.register(orukApiRoutes, {
    prefix: ORUK_PREFIX,
    directory,
    publicBaseUrl: deps.publicBaseUrl,
    rateLimitPerMinute: deps.apiRateLimitPerMinute,
  });
  await app.register(findSupportRoutes, { directory });
}
