import type { FastifyInstance } from 'fastify';
import { errorForLog } from '../../../platform/logging.ts';
import type { AppointmentsService } from './service.ts';

const HOUR = 60 * 60_000;

/**
 * The reminder job: each hour, a reminder for every booking starting within the next day that has
 * none yet (the service records each one, so a reminder is sent once however often this runs).
 * First run a minute after start; stopped when the app closes. Logs counts only, never who or where.
 */
export function scheduleAppointmentReminders(app: FastifyInstance, appointments: AppointmentsService): void {
  const run = () =>
    appointments
      .sendReminders()
      .then((r) => {
        if (r.bookings) app.log.info({ bookings: r.bookings, sent: r.sent }, 'appointment reminders');
      })
      .catch((err: unknown) => app.log.error({ err: errorForLog(err) }, 'appointment reminders failed'));
  const first = setTimeout(run, 60_000);
  const hourly = setInterval(run, HOUR);
  first.unref();
  hourly.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(hourly);
  });
}
