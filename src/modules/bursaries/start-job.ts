import type { FastifyInstance } from 'fastify';
import { errorForLog } from '../../platform/logging.ts';
import type { BursariesService } from './service.ts';

const HOUR = 60 * 60_000;

/**
 * The start-window job (start-jobs.ts: lapses, 3/6/9-month reminders): checked hourly, since each
 * award is acted on once (a lapse changes its status, a reminder month is written once); stopped
 * when the app closes. Logs counts only.
 */
export function scheduleBursaryStartWindow(app: FastifyInstance, bursaries: BursariesService): void {
  const run = () =>
    bursaries.money
      .runStartWindow()
      .then((r) => {
        if (r.lapsed || r.reminded) app.log.info(r, 'bursary start window');
      })
      .catch((err: unknown) => app.log.error({ err: errorForLog(err) }, 'bursary start window failed'));
  const hourly = setInterval(run, HOUR);
  hourly.unref();
  app.addHook('onClose', async () => clearInterval(hourly));
}
