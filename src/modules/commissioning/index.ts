/**
 * The commissioning module's front door (docs/ARCHITECTURE.md, "Front doors"): providers' practice
 * self-assessment against the Mapping the Maze model (/self-assessment), the partnership's results
 * side by side with tender exports, and the commissioner's aggregate view (/commissioning).
 *
 * - `createCommissioningService` and its type; `commissioningRoutes`; `commissioningNavigation`;
 * - `seedDemoSelfAssessments`, for the demo seed.
 */

export { seedDemoSelfAssessments } from './demo.ts';
export type { CommissioningDeps } from './deps.ts';
export { commissioningNavigation, commissioningRoutes } from './routes.ts';
export { type CommissioningService, createCommissioningService } from './service.ts';
