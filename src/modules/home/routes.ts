import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import type { HomePanels } from '../../platform/views/home-panels.ts';
import { allowedItems, type NavItem } from '../../platform/views/navigation.ts';
import { roleTasks } from './tasks.ts';

export interface HomeDeps {
  navigation: NavItem[];
  /** The map of services (/coverage) is open to the public (COVERAGE_PUBLIC): the front door links to it. */
  coveragePublic: boolean;
  /** The panels of a staff home page, made by the modules that own the data (participants gathers them). */
  panels: HomePanels;
}

/**
 * `/` serves both: the public front door for anyone not signed in (Find support, the map of
 * services, a small staff sign-in link), and for staff their home: a key worker's day and a
 * manager's organisation as panels (today, referrals answered, reviews, steps, women not contacted,
 * and for a manager who is unassigned, waiting referrals and caseloads); for other roles their real
 * tasks, each with a line on what it is for. The logo and the error pages link here.
 */
export async function homeRoutes(app: FastifyInstance, deps: HomeDeps) {
  app.get('/', async (req, reply) => {
    if (!req.user) return reply.view('home/views/front-door.njk', { coveragePublic: deps.coveragePublic });
    const actor: Actor = req.user;
    const allowed = new Set(allowedItems(deps.navigation, actor).map((i) => i.href));
    return reply.view('home/views/home.njk', {
      user: req.user,
      panels: await deps.panels(actor),
      tasks: roleTasks(actor).filter((task) => !task.nav || allowed.has(task.href)),
    });
  });
}
