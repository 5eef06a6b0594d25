import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorise } from '../../platform/auth/authorise.ts';
import { actorOf, fieldErrors } from '../../platform/auth/routes.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { londonInstant } from '../../platform/time.ts';
import { quickForm } from '../participants/index.ts';
import type { CaseworkService } from './service.ts';

type Body = Record<string, string | string[] | undefined>;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Body;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const params = (req: FastifyRequest) => req.params as { rid: string };

/** Drop-in sessions and their attendance registers (walk-ins added in seconds). */
export function dropInRoutes(app: FastifyInstance, svc: CaseworkService) {
  app.get('/drop-ins', async (req, reply) =>
    reply.view('casework/views/dropins.njk', { sessions: await svc.listSessions(actorOf(req)) }),
  );
  app.get('/drop-ins/new', async (req, reply) => {
    await svc.listSessions(actorOf(req));
    return reply.view('casework/views/dropin-form.njk', { values: { capacity: '20' } });
  });
  app.post('/drop-ins/new', async (req, reply) => {
    // Refused before the form is read: someone who may not run drop-ins learns nothing from its errors.
    authorise(actorOf(req), 'participant:write');
    const body = bodyOf(req);
    const errors: Record<string, string> = {};
    const place = one(body.place);
    const date = one(body.date);
    if (!place) errors.place = 'casework.errors.place';
    else if (place.length > 200) errors.place = 'casework.errors.tooLong';
    const startsAt = londonInstant(date, one(body.startTime));
    const endsAt = londonInstant(date, one(body.endTime));
    if (!startsAt) errors.startTime = 'casework.errors.time';
    if (!endsAt) errors.endTime = 'casework.errors.time';
    const capacity = Number(one(body.capacity));
    if (!/^\d{1,4}$/.test(one(body.capacity)) || capacity < 1) errors.capacity = 'casework.errors.capacity';
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const id = await svc.createSession(actorOf(req), {
        place,
        startsAt: startsAt!,
        endsAt: endsAt!,
        capacity,
      });
      return reply.redirect(`/drop-ins/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply.code(400).view('casework/views/dropin-form.njk', { values: body, errors: err.fields });
    }
  });

  const registerPage = async (req: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const data = await svc.sessionRegister(actorOf(req), params(req).rid);
    const q = one((req.query as Record<string, string | undefined>)?.q);
    const here = new Set(data.attendees.map((a) => a.participantId));
    const results = q ? (await svc.search(actorOf(req), q)).filter((r) => !here.has(r.id)) : [];
    return { ...data, q, results, values: {}, methods: ['verbal', 'written', 'online'], ...extra };
  };
  app.get('/drop-ins/:rid', async (req, reply) =>
    reply.view('casework/views/dropin.njk', await registerPage(req)),
  );

  app.post('/drop-ins/:rid/attend', async (req, reply) => {
    const { rid } = params(req);
    try {
      await svc.attend(actorOf(req), rid, one(bodyOf(req).participantId));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view('casework/views/dropin.njk', await registerPage(req, { errors: err.fields }));
    }
    req.session.set('flash', { type: 'success', key: 'casework.dropin.added' });
    return reply.redirect(`/drop-ins/${rid}`, 303);
  });

  app.post('/drop-ins/:rid/walk-in', async (req, reply) => {
    const { rid } = params(req);
    const body = bodyOf(req);
    const parsed = quickForm.safeParse(body);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      await svc.walkIn(actorOf(req), rid, parsed.data);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view('casework/views/dropin.njk', await registerPage(req, { values: body, errors: err.fields }));
    }
    req.session.set('flash', { type: 'success', key: 'casework.dropin.walkInAdded' });
    return reply.redirect(`/drop-ins/${rid}`, 303);
  });
}
