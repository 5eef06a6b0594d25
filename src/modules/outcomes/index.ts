/**
 * The outcomes module's front door (docs/ARCHITECTURE.md, "Front doors"): outcome events in her
 * life, the indicators (declared in code, computed in SQL) and the aggregate reports.
 *
 * - `createOutcomesService`: built before employment and mentoring, which are handed it as their
 *   `OutcomeRecorder` (`recordEvent(input, tx?)`, idempotent on source + sourceRef + kind);
 * - types `OutcomeEventInput`, `OutcomeRecorder`.
 */

export { seedDemoOutcomes } from './demo.ts';
export type { OutcomeEventInput, OutcomeRecorder } from './events.ts';
export { outcomesNavigation, outcomesRoutes } from './routes.ts';
export { createOutcomesService, type OutcomesService } from './service.ts';
