import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { flash, formBody, many, one, orInvalid } from '../../platform/http/forms.ts';
import { queryValue, type ZodTypeProvider } from '../../platform/http/zod.ts';
import { actorOf } from './http.ts';
import type { ParticipantsService } from './service.ts';

const fromQuery = z.object({ from: queryValue });

/** A manager hands chosen women from one key worker to another (hand-over.ts; from the home page). */
export async function handOverRoutes(plugin: FastifyInstance, deps: { participants: ParticipantsService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.participants;
  app.get('/caseload/hand-over', { schema: { querystring: fromQuery } }, async (req, reply) =>
    reply.view('participants/views/hand-over.njk', {
      ...(await svc.handOverPage(actorOf(req), req.query.from ?? '')),
      values: { participantIds: [] },
    }),
  );

  app.post('/caseload/hand-over', { schema: { body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const body = req.body;
    const fromUserId = one(body.fromUserId);
    return orInvalid(
      async () => {
        const n = await svc.handOver(actor, {
          fromUserId,
          toUserId: one(body.toUserId),
          participantIds: many(body.participantIds),
        });
        flash(req, 'participants.handOver.done', { count: String(n) });
        return reply.redirect('/', 303);
      },
      async (errors) =>
        reply.code(400).view('participants/views/hand-over.njk', {
          ...(await svc.handOverPage(actor, fromUserId)),
          values: { ...body, participantIds: many(body.participantIds) },
          errors,
        }),
    );
  });
}
