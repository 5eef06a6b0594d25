/**
 * The bursaries module's front door (docs/ARCHITECTURE.md, "Front doors"): funds and their panels,
 * her applications made with her mentor or key worker, the guaranteed interview, conflicts, scores
 * and decisions with her letter.
 *
 * - `createBursariesService`: built once; building it registers bursaries on her record (record
 *   link, export section, erasure and retention, consent withdrawal);
 * - `bursariesRoutes`: every bursaries page; `bursariesNavigation`;
 * - `seedDemoBursaries`, for the demo seed.
 */
export { type DemoBursaries, seedDemoBursaries } from './demo.ts';
export type { BursariesDeps } from './deps.ts';
export { bursariesNavigation, bursariesRoutes } from './routes.ts';
export { type BursariesService, createBursariesService } from './service.ts';
export { scheduleBursaryStartWindow } from './start-job.ts';
/** Templates other modules may include: the start-window reminder notice on a staff home page. */
export const sharedViews = { homeStartReminders: 'bursaries/views/money/home-reminders.njk' } as const;
