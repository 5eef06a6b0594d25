/**
 * The coverage module's front door (docs/ARCHITECTURE.md, "Front doors"): its service, pages and
 * navigation, and the population import run by `npm run coverage:import-population`. Coverage reads
 * the directory only through the directory's door (`directory.localAreas`, `directory.coverage`).
 */
export { importPopulation, type MeasureInput, parsePopulationCsv } from './population.ts';
export { coverageNavigation, coverageRoutes } from './routes.ts';
export {
  type CoverageDeps,
  type CoverageService,
  createCoverageService,
  DEFAULT_MEASURE,
} from './service.ts';
