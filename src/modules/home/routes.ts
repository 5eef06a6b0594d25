import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/routes.ts';
import { allowedItems, type NavItem } from '../../platform/views/navigation.ts';

/** Home: who is signed in, and links to everything their role lets them do. */
export async function homeRoutes(app: FastifyInstance, deps: { navigation: NavItem[] }) {
  app.get('/', { preHandler: requireUser }, async (req, reply) => {
    return reply.view('home/views/home.njk', {
      user: req.user,
      tasks: allowedItems(deps.navigation, req.user),
    });
  });
}
