import type { FastifyInstance } from 'fastify';
import type { Database } from './db/index.ts';

export async function operationsRoutes(app: FastifyInstance, opts: { database: Database }) {
  // No dependencies: says the process is up and serving.
  app.get('/ping', async (_req, reply) => reply.send('pong'));

  app.get('/health', async (_req, reply) => {
    try {
      await opts.database.pool.query('select 1');
      return reply.send({ status: 'ok', database: 'ok' });
    } catch {
      return reply.code(503).send({ status: 'error', database: 'unreachable' });
    }
  });
}
