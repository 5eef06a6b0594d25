import type { FastifyInstance } from 'fastify';
import { allowedItems, type NavItem } from '../../platform/views/navigation.ts';

export interface HomeDeps {
  navigation: NavItem[];
  /** The map of services (/coverage) is open to the public (COVERAGE_PUBLIC): the front door links to it. */
  coveragePublic: boolean;
}

/**
 * `/` serves both: the public front door for anyone not signed in (Find support, the map of
 * services, a small staff sign-in link), and for staff their home, with links to everything their
 * role lets them do. The logo and the error pages link here, so each lands on the page that is hers.
 */
export async function homeRoutes(app: FastifyInstance, deps: HomeDeps) {
  app.get('/', async (req, reply) => {
    if (!req.user) return reply.view('home/views/front-door.njk', { coveragePublic: deps.coveragePublic });
    return reply.view('home/views/home.njk', {
      user: req.user,
      tasks: allowedItems(deps.navigation, req.user),
    });
  });
}
