/**
 * The home module's front door (docs/ARCHITECTURE.md, "Front doors"): `/`, the public front door for
 * anyone not signed in and each staff role's home page. It has no service, jobs or tables, and
 * imports no module: the panels of a key worker's or manager's home are made by the modules that
 * own the data (participants gathers them, casework adds its own on participants' extension point)
 * and handed to it by the composition root as a `HomePanels` function (platform/views/home-panels.ts).
 */
export { type HomeDeps, homeRoutes } from './routes.ts';
