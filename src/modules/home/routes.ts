import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/routes.ts';

export async function homeRoutes(app: FastifyInstance) {
  app.get('/', { preHandler: requireUser }, async (req, reply) => {
    return reply.view('home/views/home.njk', { user: req.user });
  });
}
