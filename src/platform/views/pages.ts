import type { FastifyInstance } from 'fastify';

/** Accessibility statement, privacy notice and cookies: public, in every language. */
export async function staticPageRoutes(app: FastifyInstance) {
  for (const page of ['accessibility', 'privacy', 'cookies']) {
    app.get(`/${page}`, async (_req, reply) => reply.view(`${page}.njk`));
  }
}
