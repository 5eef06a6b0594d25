/**
 * The casework module's front door (docs/ARCHITECTURE.md, "Front doors"): referrals, contacts,
 * assessments, support plans, drop-ins and, in appointments/ (part of this module), 1-2-1
 * appointments with their messages and reminder job.
 *
 * - `createCaseworkService`, `createAppointmentsService`: built once; building them registers
 *   casework's parts of her record with the participants module (caseload columns, record links,
 *   export sections, erasure, consent withdrawal);
 * - `caseworkRoutes`: every casework and appointments page; `caseworkNavigation`;
 * - `scheduleAppointmentReminders`: the hourly reminder job;
 * - `seedDemoAppointments`, for the demo seed.
 */
import type { FastifyInstance } from 'fastify';
import type { DirectoryService } from '../directory/index.ts';
import { appointmentRoutes, appointmentsNavigation } from './appointments/routes.ts';
import type { AppointmentsService } from './appointments/service.ts';
import { caseworkNavigation as ownNavigation, caseworkRoutes as ownRoutes } from './routes.ts';
import type { CaseworkService } from './service.ts';

export { seedDemoAppointments } from './appointments/demo.ts';
export { scheduleAppointmentReminders } from './appointments/reminder-job.ts';
export { type AppointmentsService, createAppointmentsService } from './appointments/service.ts';
export type { CaseworkDeps } from './deps.ts';
export { caseworkReportingSql } from './reporting.ts';
export { type CaseworkService, createCaseworkService } from './service.ts';

export const caseworkNavigation = [...ownNavigation, ...appointmentsNavigation];

/**
 * Templates other modules may include: casework's panels on the staff home page, which the
 * service factories register on participants' home extension point (casework/home.ts).
 */
export const sharedViews = {
  homeAppointmentsToday: 'casework/views/home/appointments-today.njk',
  homeDropInsToday: 'casework/views/home/drop-ins-today.njk',
  homeAnsweredReferrals: 'casework/views/home/answered-referrals.njk',
  homeReviewsDue: 'casework/views/home/reviews-due.njk',
  homeOverdueSteps: 'casework/views/home/overdue-steps.njk',
  homeWaitingReferrals: 'casework/views/home/waiting-referrals.njk',
} as const;

export interface CaseworkRoutesDeps {
  casework: CaseworkService;
  appointments: AppointmentsService;
  directory: Pick<DirectoryService, 'search' | 'localAreas'>;
}

/** Her casework pages, drop-ins and appointments. */
export async function caseworkRoutes(app: FastifyInstance, deps: CaseworkRoutesDeps) {
  await app.register(ownRoutes, { casework: deps.casework, directory: deps.directory });
  await app.register(appointmentRoutes, { appointments: deps.appointments });
}
