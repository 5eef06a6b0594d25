// Issue 12 point 12: cancelling a 1-2-1 asks first and records why; a cancelled appointment that
// had not happened yet is listed as cancelled, not among her earlier appointments.
import { describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../../tests/support/app.ts';
import { useScenario } from '../../../../tests/support/scenario.ts';

const { t, users, as, actor } = useScenario({ users: { kw: 'key_worker' } });
const { kw } = users;

/** The section of her appointments page under a heading, up to the next heading. */
const section = (html: string, heading: string) => {
  const start = html.indexOf(`>${heading}</h2>`);
  if (start < 0) return '';
  const next = html.indexOf('<h2', start);
  return html.slice(start, next < 0 ? undefined : next);
};

describe('cancelling a 1-2-1', () => {
  it('asks for confirmation and a reason, records the reason, and lists it as cancelled', async () => {
    const her = await registerWalkIn(t, kw, 'Nour Cancel');
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const slot = await t.services.appointments.createSlot(actor(kw), {
      mode: 'phone',
      place: null,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      staffUserId: kw.id,
    });
    const booking = await t.services.appointments.book(actor(kw), her, slot);
    const a = await as(kw);
    const url = `/appointments/bookings/${booking}`;

    // The booking page links to a confirmation; nothing is cancelled by one click.
    expect((await a.get(url)).body).toContain(`href="${url}/cancel"`);
    const ask = await a.get(`${url}/cancel`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Cancel this appointment?');
    expect(ask.body).toContain('No, keep it');

    const noReason = await a.submit(`${url}/cancel`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Choose why the appointment is cancelled');
    const still = await t.database.pool.query(
      'select status, cancel_reason from casework_appointment_bookings where id = $1',
      [booking],
    );
    expect(still.rows[0]).toEqual({ status: 'booked', cancel_reason: null });

    const done = await a.submit(`${url}/cancel`, { reason: 'staff_unavailable' });
    expect(done.statusCode).toBe(303);
    const after = await t.database.pool.query(
      'select status, cancel_reason from casework_appointment_bookings where id = $1',
      [booking],
    );
    expect(after.rows[0]).toEqual({ status: 'cancelled', cancel_reason: 'staff_unavailable' });
    expect((await a.get(url)).body).toContain('The member of staff is not available');
    const [event] = await t.services.audit.list({ action: 'appointment.cancelled', recordId: her });
    expect(event?.details).toMatchObject({ bookingId: booking, reason: 'staff_unavailable' });

    const page = (await a.get(`/participants/${her}/appointments`)).body;
    expect(section(page, 'Earlier appointments')).not.toContain(booking);
    expect(section(page, 'Cancelled appointments')).toContain(booking);
  });
});
