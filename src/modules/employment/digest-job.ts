import type { FastifyInstance } from 'fastify';
import { errorForLog } from '../../platform/logging.ts';
import type { EmploymentService } from './service.ts';

const HOUR = 60 * 60_000;

/**
 * The monthly opportunities digest: checked hourly, sent on the month's first working day, once
 * per organisation (digest.ts claims the month first); stopped when the app closes.
 */
export function scheduleEmploymentDigest(app: FastifyInstance, employment: EmploymentService): void {
  const run = () =>
    employment
      .sendDigests()
      .then((n) => {
        if (n) app.log.info({ emails: n }, 'employment digest sent');
      })
      .catch((err: unknown) => app.log.error({ err: errorForLog(err) }, 'employment digest failed'));
  const hourly = setInterval(run, HOUR);
  hourly.unref();
  app.addHook('onClose', async () => clearInterval(hourly));
}
