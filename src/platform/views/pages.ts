import type { FastifyInstance } from 'fastify';

/** Accessibility statement, privacy notice, cookies and staying safe online: public, in every language. */
export async function staticPageRoutes(app: FastifyInstance) {
  for (const page of ['accessibility', 'privacy', 'cookies', 'staying-safe']) {
    app.get(`/${page}`, async (_req, reply) => reply.view(`${page}.njk`));
  }
}
