import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, requireUser } from '../../../platform/auth/routes.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { londonInstant } from '../../../platform/time.ts';
import type { NavItem } from '../../../platform/views/navigation.ts';
import { type SlotMode, slotModes } from './schema.ts';
import type { AppointmentsService } from './service.ts';

export const appointmentsNavigation: NavItem[] = [
  { href: '/appointments', key: 'appointments.nav.appointments', permission: 'participant:read' },
];

type Body = Record<string, string | string[] | undefined>;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Body;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const params = (req: FastifyRequest) => req.params as { id: string; rid: string; mid: string };
export const slotLengths = ['30', '45', '60', '90'] as const;

/** 1-2-1 slots (published outside drop-in times), her bookings, and their outcomes and messages. */
export async function appointmentRoutes(app: FastifyInstance, deps: { appointments: AppointmentsService }) {
  const svc = deps.appointments;
  app.addHook('preHandler', requireUser);

  app.get('/appointments', async (req, reply) =>
    reply.view('casework/appointments/views/slots.njk', { slots: await svc.upcomingSlots(actorOf(req)) }),
  );

  const slotForm = async (req: FastifyRequest, values: Body, errors?: Record<string, string>) => ({
    staff: await svc.staff(actorOf(req)),
    modes: slotModes,
    lengths: slotLengths,
    values,
    errors,
  });
  app.get('/appointments/slots/new', async (req, reply) =>
    reply.view(
      'casework/appointments/views/slot-form.njk',
      await slotForm(req, { mode: 'in_person', length: '60', staffUserId: actorOf(req).userId }),
    ),
  );
  app.post('/appointments/slots/new', async (req, reply) => {
    const body = bodyOf(req);
    const errors: Record<string, string> = {};
    const mode = one(body.mode) as SlotMode;
    if (!slotModes.includes(mode)) errors.mode = 'appointments.errors.mode';
    const place = one(body.place);
    if (mode === 'in_person' && !place) errors.place = 'appointments.errors.place';
    else if (place.length > 200) errors.place = 'appointments.errors.tooLong';
    const startsAt = londonInstant(one(body.date), one(body.startTime));
    if (!startsAt) errors.startTime = 'appointments.errors.time';
    const length = one(body.length);
    if (!(slotLengths as readonly string[]).includes(length)) errors.length = 'appointments.errors.length';
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await svc.createSlot(actorOf(req), {
        mode,
        place: place || null,
        startsAt: startsAt!,
        endsAt: new Date(startsAt!.getTime() + Number(length) * 60_000),
        staffUserId: one(body.staffUserId),
      });
      req.session.set('flash', { type: 'success', key: 'appointments.slot.published' });
      return reply.redirect('/appointments', 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view('casework/appointments/views/slot-form.njk', await slotForm(req, body, err.fields));
    }
  });

  app.post('/appointments/slots/:rid/withdraw', async (req, reply) => {
    try {
      await svc.withdrawSlot(actorOf(req), params(req).rid);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply.code(400).view('casework/appointments/views/slots.njk', {
        slots: await svc.upcomingSlots(actorOf(req)),
        errors: err.fields,
      });
    }
    req.session.set('flash', { type: 'success', key: 'appointments.slot.withdrawn' });
    return reply.redirect('/appointments', 303);
  });

  // Her appointments, and booking one for her
  const herPage = async (req: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const actor = actorOf(req);
    const { id } = params(req);
    const header = await svc.header(actor, id);
    if (header.access.level !== 'owner') throw new NotFoundError();
    return { header, ...(await svc.appointmentsOf(actor, id)), values: {}, ...extra };
  };
  app.get('/participants/:id/appointments', async (req, reply) =>
    reply.view('casework/appointments/views/her.njk', await herPage(req)),
  );
  app.post('/participants/:id/appointments', async (req, reply) => {
    const body = bodyOf(req);
    try {
      const slotId = one(body.slotId);
      if (!slotId) throw new ValidationError({ slotId: 'appointments.errors.chooseSlot' });
      const bookingId = await svc.book(actorOf(req), params(req).id, slotId);
      req.session.set('flash', { type: 'success', key: 'appointments.booking.booked' });
      return reply.redirect(`/appointments/bookings/${bookingId}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view(
          'casework/appointments/views/her.njk',
          await herPage(req, { values: body, errors: err.fields }),
        );
    }
  });

  // One booking: details, messages, cancel, rebook, outcome
  const bookingPage = async (req: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const actor = actorOf(req);
    const data = await svc.getBooking(actor, params(req).rid);
    const header = await svc.header(actor, data.booking.participantId);
    return { header, ...data, started: data.slot.startsAt.getTime() <= Date.now(), values: {}, ...extra };
  };
  app.get('/appointments/bookings/:rid', async (req, reply) =>
    reply.view('casework/appointments/views/booking.njk', await bookingPage(req)),
  );
  const action = (path: string, run: (req: FastifyRequest, body: Body) => Promise<string>, flash: string) =>
    app.post(`/appointments/bookings/:rid/${path}`, async (req, reply) => {
      const body = bodyOf(req);
      try {
        const to = await run(req, body);
        req.session.set('flash', { type: 'success', key: flash });
        return reply.redirect(to, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return reply
          .code(400)
          .view(
            'casework/appointments/views/booking.njk',
            await bookingPage(req, { values: body, errors: err.fields }),
          );
      }
    });
  action(
    'cancel',
    async (req) => `/participants/${await svc.cancel(actorOf(req), params(req).rid)}/appointments`,
    'appointments.booking.cancelled',
  );
  action(
    'rebook',
    async (req, body) => {
      const slotId = one(body.slotId);
      if (!slotId) throw new ValidationError({ slotId: 'appointments.errors.chooseSlot' });
      return `/appointments/bookings/${await svc.rebook(actorOf(req), params(req).rid, slotId)}`;
    },
    'appointments.booking.rebooked',
  );
  action(
    'outcome',
    async (req, body) => {
      const outcome = one(body.outcome);
      if (outcome !== 'attended' && outcome !== 'did_not_attend')
        throw new ValidationError({ outcome: 'appointments.errors.outcome' });
      await svc.recordOutcome(actorOf(req), params(req).rid, outcome);
      return `/appointments/bookings/${params(req).rid}`;
    },
    'appointments.booking.outcomeRecorded',
  );

  // "Send again" of a failed message (once, through the same consent and safe-contact rules)
  app.post('/appointments/bookings/:rid/messages/:mid/retry', async (req, reply) => {
    const { rid, mid } = params(req);
    try {
      const { status } = await svc.retryMessage(actorOf(req), rid, mid);
      req.session.set('flash', {
        type: status === 'sent' ? 'success' : 'info',
        key: `appointments.messages.retried.${status}`,
      });
      return reply.redirect(`/appointments/bookings/${rid}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view('casework/appointments/views/booking.njk', await bookingPage(req, { errors: err.fields }));
    }
  });
}
