/**
 * The employment module's front door (docs/ARCHITECTURE.md, "Front doors"): employers and the
 * Migrant Friendly Employer pledge, opportunities, her work profile and matches, putting her forward.
 *
 * - `createEmploymentService`: built once; building it registers employment's parts of her record
 *   with participants (record link, subject access export section, erasure);
 * - `employmentRoutes` (signed-in pages) and `employmentPublicRoutes` (the pledged employers and the
 *   employers' guide, public); `employmentNavigation`;
 * - `scheduleEmploymentDigest`: the monthly opportunities digest emailed to partner staff;
 * - `schedulePledgeReminders`: the pledge's renewal reminder, emailed once;
 * - `seedDemoEmployment`, for the demo seed.
 */
import type { FastifyInstance } from 'fastify';
import { employmentPublicRoutes } from './employer-routes.ts';
import { employmentRoutes as signedInRoutes } from './routes.ts';
import type { EmploymentService } from './service.ts';

export { seedDemoEmployment } from './demo.ts';
export type { EmploymentDeps } from './deps.ts';
export { scheduleEmploymentDigest } from './digest-job.ts';
export { schedulePledgeReminders } from './pledge-reminder-job.ts';
export { employmentNavigation } from './routes.ts';
export { createEmploymentService, type EmploymentService } from './service.ts';

/** Every employment page: the public ones, and the signed-in ones behind sign-in. */
export async function employmentRoutes(app: FastifyInstance, deps: { employment: EmploymentService }) {
  await app.register(employmentPublicRoutes, deps);
  await app.register(signedInRoutes, deps);
}
