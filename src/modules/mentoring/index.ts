/**
 * The mentoring module's front door (docs/ARCHITECTURE.md, "Front doors"): programmes and cohorts,
 * mentors' recruitment, her enrolment, whole-cohort matching and a mentor's own pages.
 *
 * - `createMentoringService`: built once; building it registers mentoring's parts of her record
 *   with the participants module (record link, export section, erasure, consent withdrawal);
 * - `mentoringRoutes`: every mentoring page (public "become a mentor" included); `mentoringNavigation`;
 * - `seedDemoMentoring`, for the demo seed.
 */

export { seedDemoMentoring } from './demo.ts';
export type { MentoringDeps } from './deps.ts';
export { mentoringReportingSql } from './reporting.ts';
export { mentoringNavigation, mentoringRoutes } from './routes.ts';
export { createMentoringService, type MentoringService } from './service.ts';
