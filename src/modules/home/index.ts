/**
 * The home module's front door (docs/ARCHITECTURE.md, "Front doors"): `/`, the public front door for
 * anyone not signed in and the signed-in start page built from every module's navigation. It has no
 * service, jobs or tables.
 */
export { homeRoutes } from './routes.ts';
