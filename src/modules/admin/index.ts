/**
 * The admin module's front door (docs/ARCHITECTURE.md, "Front doors"): organisations, users and the
 * audit viewer. Its pages register the audit viewer's routes themselves.
 */
export { adminNavigation, adminRoutes } from './routes.ts';
export { type AdminDeps, type AdminService, createAdminService, type OrganisationKind } from './service.ts';
