import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { actorOf } from '../../platform/auth/routes.ts';
import { dateField } from '../../platform/http/dates.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type FormBody, fieldErrors, flash, formBody, one } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { londonInstant } from '../../platform/time.ts';
import { quickForm } from '../participants/index.ts';
import { ridParams, searchQuery } from './forms.ts';
import type { CaseworkService } from './service.ts';

/** Drop-in sessions and their attendance registers (walk-ins added in seconds). */
export function dropInRoutes(plugin: FastifyInstance, svc: CaseworkService) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  app.get('/drop-ins', async (req, reply) =>
    reply.view('casework/views/dropins.njk', { sessions: await svc.listSessions(actorOf(req)) }),
  );
  app.get('/drop-ins/new', async (req, reply) => {
    await svc.listSessions(actorOf(req));
    return reply.view('casework/views/dropin-form.njk', { values: { capacity: '20' } });
  });
  app.post('/drop-ins/new', { schema: { body: formBody } }, async (req, reply) => {
    // Refused before the form is read: someone who may not run drop-ins learns nothing from its errors.
    authorise(actorOf(req), 'participant:write');
    const body = req.body;
    const errors: Record<string, string> = {};
    const place = one(body.place);
    if (!place) errors.place = 'casework.errors.place';
    else if (place.length > 200) errors.place = 'casework.errors.tooLong';
    // A drop-in is for today or later: one typed for 2020 was saved and vanished from the list.
    const date = dateField(body, 'date', {
      required: true,
      notPast: true,
      messages: {
        missing: 'casework.errors.dropInDate',
        invalid: 'casework.errors.date',
        past: 'casework.errors.dropInPast',
      },
    });
    if (date.error) errors.date = date.error;
    const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
    if (!clock.test(one(body.startTime))) errors.startTime = 'casework.errors.startTime';
    if (!clock.test(one(body.endTime))) errors.endTime = 'casework.errors.endTimeMissing';
    const startsAt = londonInstant(date.value ?? '', one(body.startTime));
    const endsAt = londonInstant(date.value ?? '', one(body.endTime));
    if (!date.error && !errors.startTime && !errors.endTime && (!startsAt || !endsAt))
      errors.startTime = 'casework.errors.time';
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

  const registerPage = async (
    actor: Actor,
    rid: string,
    query: { q?: string },
    extra: Record<string, unknown> = {},
  ) => {
    const data = await svc.sessionRegister(actor, rid);
    const q = one(query.q);
    const here = new Set(data.attendees.map((a) => a.participantId));
    // Everyone found, those already here marked so: "nobody found" and "already on the register" differ.
    const results = q ? (await svc.search(actor, q)).map((r) => ({ ...r, here: here.has(r.id) })) : [];
    return { ...data, q, results, values: {}, methods: ['verbal', 'written', 'online'], ...extra };
  };
  const page = { schema: { params: ridParams, querystring: searchQuery } };
  const form = { schema: { params: ridParams, querystring: searchQuery, body: formBody } };
  app.get('/drop-ins/:rid', page, async (req, reply) =>
    reply.view('casework/views/dropin.njk', await registerPage(actorOf(req), req.params.rid, req.query)),
  );

  app.post('/drop-ins/:rid/attend', form, async (req, reply) => {
    const { rid } = req.params;
    try {
      await svc.attend(actorOf(req), rid, one(req.body.participantId));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view(
          'casework/views/dropin.njk',
          await registerPage(actorOf(req), rid, req.query, { errors: err.fields }),
        );
    }
    flash(req, 'casework.dropin.added');
    return reply.redirect(`/drop-ins/${rid}`, 303);
  });

  app.post('/drop-ins/:rid/remove', form, async (req, reply) => {
    const { rid } = req.params;
    await svc.removeAttendance(actorOf(req), rid, one(req.body.participantId));
    flash(req, 'casework.dropin.removed');
    return reply.redirect(`/drop-ins/${rid}`, 303);
  });

  app.post('/drop-ins/:rid/walk-in', form, async (req, reply) => {
    const { rid } = req.params;
    const body: FormBody = req.body;
    const parsed = quickForm.safeParse(body);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      await svc.walkIn(actorOf(req), rid, parsed.data);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view(
          'casework/views/dropin.njk',
          await registerPage(actorOf(req), rid, req.query, { values: body, errors: err.fields }),
        );
    }
    flash(req, 'casework.dropin.walkInAdded');
    return reply.redirect(`/drop-ins/${rid}`, 303);
  });
}
