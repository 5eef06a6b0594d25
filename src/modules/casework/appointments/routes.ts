import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor.ts';
import { actorOf, requireUser } from '../../../platform/auth/routes.ts';
import { dateField } from '../../../platform/http/dates.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { type FormBody as Body, formBody, one } from '../../../platform/http/forms.ts';
import { uuid, type ZodTypeProvider } from '../../../platform/http/zod.ts';
import { londonInstant } from '../../../platform/time.ts';
import type { NavItem } from '../../../platform/views/navigation.ts';
import { type CancelReason, cancelReasons, type SlotMode, slotModes } from './schema.ts';
import type { AppointmentsService } from './service.ts';

export const appointmentsNavigation: NavItem[] = [
  { href: '/appointments', key: 'appointments.nav.appointments', permission: 'participant:read' },
];

const idParams = z.object({ id: uuid });
const ridParams = z.object({ rid: uuid });
const withId = { schema: { params: idParams, body: formBody } };
const withRid = { schema: { params: ridParams, body: formBody } };
export const slotLengths = ['30', '45', '60', '90'] as const;

/** 1-2-1 slots (published outside drop-in times), her bookings, and their outcomes and messages. */
export async function appointmentRoutes(
  plugin: FastifyInstance,
  deps: { appointments: AppointmentsService },
) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.appointments;
  app.addHook('preHandler', requireUser);

  app.get('/appointments', async (req, reply) =>
    reply.view('casework/appointments/views/slots.njk', { slots: await svc.upcomingSlots(actorOf(req)) }),
  );

  const slotForm = async (actor: Actor, values: Body, errors?: Record<string, string>) => ({
    staff: await svc.staff(actor),
    modes: slotModes,
    lengths: slotLengths,
    values,
    errors,
  });
  app.get('/appointments/slots/new', async (req, reply) =>
    reply.view(
      'casework/appointments/views/slot-form.njk',
      await slotForm(actorOf(req), { mode: 'in_person', length: '60', staffUserId: actorOf(req).userId }),
    ),
  );
  app.post('/appointments/slots/new', { schema: { body: formBody } }, async (req, reply) => {
    const body = req.body;
    const errors: Record<string, string> = {};
    const mode = one(body.mode) as SlotMode;
    if (!slotModes.includes(mode)) errors.mode = 'appointments.errors.mode';
    const place = one(body.place);
    if (mode === 'in_person' && !place) errors.place = 'appointments.errors.place';
    else if (place.length > 200) errors.place = 'appointments.errors.tooLong';
    const date = dateField(body, 'date', {
      required: true,
      notPast: true,
      messages: {
        missing: 'appointments.errors.date',
        invalid: 'appointments.errors.date',
        past: 'appointments.errors.past',
      },
    });
    if (date.error) errors.date = date.error;
    const startsAt = date.value ? londonInstant(date.value, one(body.startTime)) : null;
    if (!startsAt) errors.startTime = 'appointments.errors.startTime';
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
        .view('casework/appointments/views/slot-form.njk', await slotForm(actorOf(req), body, err.fields));
    }
  });

  app.post('/appointments/slots/:rid/withdraw', withRid, async (req, reply) => {
    try {
      await svc.withdrawSlot(actorOf(req), req.params.rid);
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
  // appointmentsOf refuses anyone but her own organisation (404), so the route checks nothing itself.
  const herPage = async (actor: Actor, id: string, extra: Record<string, unknown> = {}) => {
    const header = await svc.header(actor, id);
    return { header, ...(await svc.appointmentsOf(actor, id)), values: {}, ...extra };
  };
  app.get('/participants/:id/appointments', { schema: { params: idParams } }, async (req, reply) =>
    reply.view('casework/appointments/views/her.njk', await herPage(actorOf(req), req.params.id)),
  );
  app.post('/participants/:id/appointments', withId, async (req, reply) => {
    const body = req.body;
    try {
      const slotId = one(body.slotId);
      if (!slotId) throw new ValidationError({ slotId: 'appointments.errors.chooseSlot' });
      const bookingId = await svc.book(actorOf(req), req.params.id, slotId);
      req.session.set('flash', { type: 'success', key: 'appointments.booking.booked' });
      return reply.redirect(`/appointments/bookings/${bookingId}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view(
          'casework/appointments/views/her.njk',
          await herPage(actorOf(req), req.params.id, { values: body, errors: err.fields }),
        );
    }
  });

  // One booking: details, messages, cancel, rebook, outcome
  const bookingPage = async (actor: Actor, rid: string, extra: Record<string, unknown> = {}) => {
    const data = await svc.getBooking(actor, rid);
    const header = await svc.header(actor, data.booking.participantId);
    return { header, ...data, started: data.slot.startsAt.getTime() <= Date.now(), values: {}, ...extra };
  };
  app.get('/appointments/bookings/:rid', { schema: { params: ridParams } }, async (req, reply) =>
    reply.view('casework/appointments/views/booking.njk', await bookingPage(actorOf(req), req.params.rid)),
  );
  const action = (
    path: string,
    run: (actor: Actor, rid: string, body: Body) => Promise<string>,
    flash: string,
  ) =>
    app.post(`/appointments/bookings/:rid/${path}`, withRid, async (req, reply) => {
      const body = req.body;
      try {
        const to = await run(actorOf(req), req.params.rid, body);
        req.session.set('flash', { type: 'success', key: flash });
        return reply.redirect(to, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return reply
          .code(400)
          .view(
            'casework/appointments/views/booking.njk',
            await bookingPage(actorOf(req), req.params.rid, { values: body, errors: err.fields }),
          );
      }
    });
  // Cancelling asks first, with the reason: a cancellation is sent to her at once and cannot be undone.
  const cancelPage = async (
    actor: Actor,
    rid: string,
    values: Body = {},
    errors?: Record<string, string>,
  ) => ({
    ...(await bookingPage(actor, rid)),
    reasons: cancelReasons,
    values,
    errors,
  });
  app.get('/appointments/bookings/:rid/cancel', { schema: { params: ridParams } }, async (req, reply) =>
    reply.view('casework/appointments/views/cancel.njk', await cancelPage(actorOf(req), req.params.rid)),
  );
  app.post('/appointments/bookings/:rid/cancel', withRid, async (req, reply) => {
    const { rid } = req.params;
    const reason = one(req.body.reason) as CancelReason;
    try {
      if (!cancelReasons.includes(reason))
        throw new ValidationError({ reason: 'appointments.errors.cancelReason' });
      const participantId = await svc.cancel(actorOf(req), rid, reason);
      req.session.set('flash', { type: 'success', key: 'appointments.booking.cancelled' });
      return reply.redirect(`/participants/${participantId}/appointments`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view(
          'casework/appointments/views/cancel.njk',
          await cancelPage(actorOf(req), rid, req.body, err.fields),
        );
    }
  });
  action(
    'rebook',
    async (actor, rid, body) => {
      const slotId = one(body.slotId);
      if (!slotId) throw new ValidationError({ slotId: 'appointments.errors.chooseSlot' });
      return `/appointments/bookings/${await svc.rebook(actor, rid, slotId)}`;
    },
    'appointments.booking.rebooked',
  );
  action(
    'outcome',
    async (actor, rid, body) => {
      const outcome = one(body.outcome);
      if (outcome !== 'attended' && outcome !== 'did_not_attend')
        throw new ValidationError({ outcome: 'appointments.errors.outcome' });
      await svc.recordOutcome(actor, rid, outcome);
      return `/appointments/bookings/${rid}`;
    },
    'appointments.booking.outcomeRecorded',
  );

  // "Send again" of a failed message (once, through the same consent and safe-contact rules)
  const retry = { schema: { params: z.object({ rid: uuid, mid: uuid }), body: formBody } };
  app.post('/appointments/bookings/:rid/messages/:mid/retry', retry, async (req, reply) => {
    const { rid, mid } = req.params;
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
        .view(
          'casework/appointments/views/booking.njk',
          await bookingPage(actorOf(req), rid, { errors: err.fields }),
        );
    }
  });
}
