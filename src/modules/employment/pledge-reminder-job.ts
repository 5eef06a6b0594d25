import type { FastifyInstance } from 'fastify';
import { errorForLog } from '../../platform/logging.ts';
import type { EmploymentService } from './service.ts';

const HOUR = 60 * 60_000;

/**
 * The pledge renewal reminders: checked hourly, each pledge reminded once from its reminder date
 * (pledge-reminders.ts claims it first); stopped when the app closes.
 */
export function schedulePledgeReminders(app: FastifyInstance, employment: EmploymentService): void {
  const run = () =>
    employment
      .sendPledgeReminders()
      .then((n) => {
        if (n) app.log.info({ emails: n }, 'pledge reminders sent');
      })
      .catch((err: unknown) => app.log.error({ err: errorForLog(err) }, 'pledge reminders failed'));
  const hourly = setInterval(run, HOUR);
  hourly.unref();
  app.addHook('onClose', async () => clearInterval(hourly));
}
