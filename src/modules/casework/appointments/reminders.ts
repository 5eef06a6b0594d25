import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { DAYTIME } from '../../participants/index.ts';
import type { Booking } from './bookings.ts';
import { nudge, queueMessage } from './messages.ts';
import { appointmentBookings, appointmentMessages, appointmentSlots } from './schema.ts';
import { type AppointmentsDeps, HOUR } from './slots.ts';

/** A reminder goes in the 24 hours before; not for a booking made less than 12 hours before. */
const REMINDER_WINDOW = 24 * HOUR;
const REMINDER_MIN_NOTICE = 12 * HOUR;

const londonHour = (at: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(
      at,
    ),
  );

/**
 * The reminder job: every booking starting in the next 24 hours (booked at least 12 hours ahead)
 * without a reminder yet. Safe to run often and twice at once: a booking being reminded is locked
 * and skipped, a reminder written is never written again (its idempotency key), and the outbox
 * sends each once. Nothing is queued at night (before 08:00 or from 20:00 UK time), and a reminder
 * the outbox cannot send before 20:00 waits there for the morning.
 */
export async function sendReminders(deps: AppointmentsDeps, now = new Date()) {
  const hour = londonHour(now);
  if (hour < DAYTIME.fromHour || hour >= DAYTIME.untilHour) return { bookings: 0, sent: 0, quiet: true };
  const due = await deps.db
    .select({ id: appointmentBookings.id })
    .from(appointmentBookings)
    .innerJoin(appointmentSlots, eq(appointmentSlots.id, appointmentBookings.slotId))
    .where(
      and(
        eq(appointmentBookings.status, 'booked'),
        gt(appointmentSlots.startsAt, now),
        lte(appointmentSlots.startsAt, new Date(now.getTime() + REMINDER_WINDOW)),
        lte(
          appointmentBookings.bookedAt,
          sql`${appointmentSlots.startsAt} - ${`${REMINDER_MIN_NOTICE / HOUR} hours`}::interval`,
        ),
        sql`not exists (select 1 from ${appointmentMessages} m where m.booking_id = ${appointmentBookings.id} and m.kind = 'reminder')`,
      ),
    )
    .limit(1000);
  let sent = 0;
  for (const { id } of due) {
    const queued = await deps.db.transaction(async (tx) => {
      // Another run reminding this booking holds it: skip it rather than wait.
      const [booking] = await tx
        .select()
        .from(appointmentBookings)
        .where(eq(appointmentBookings.id, id))
        .for('update', { skipLocked: true });
      if (booking?.status !== 'booked') return [];
      const [already] = await tx
        .select({ id: appointmentMessages.id })
        .from(appointmentMessages)
        .where(and(eq(appointmentMessages.bookingId, id), eq(appointmentMessages.kind, 'reminder')))
        .limit(1);
      if (already) return [];
      const [slot] = await tx.select().from(appointmentSlots).where(eq(appointmentSlots.id, booking.slotId));
      return queueMessage(deps, tx, null, booking as Booking, slot!, 'reminder', undefined, now);
    });
    const results = await nudge(deps, queued, now);
    sent += results.filter((r) => r.status === 'sent').length;
  }
  return { bookings: due.length, sent, quiet: false };
}
