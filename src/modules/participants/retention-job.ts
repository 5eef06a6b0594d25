import type { FastifyInstance } from 'fastify';
import { errorForLog } from '../../platform/logging.ts';
import type { ParticipantsService } from './service.ts';

const DAY = 24 * 60 * 60_000;

/**
 * The daily retention job: anonymises records past RETENTION_YEARS_AFTER_LAST_CONTACT (each one
 * audited as 'participant.erased' with reason 'retention'), then runs the other modules' retention
 * tasks for people who are not participants (mentoring's reverse-mentoring leaders). First run a
 * minute after start, then once a day; stopped when the app closes. `npm run retention:run` runs it
 * once by hand.
 */
export function scheduleRetention(app: FastifyInstance, participants: ParticipantsService): void {
  const run = () =>
    participants
      .runRetention()
      .then((n) => {
        if (n) app.log.info({ anonymised: n }, 'retention: records anonymised');
      })
      .catch((err: unknown) => app.log.error({ err: errorForLog(err) }, 'retention run failed'));
  const first = setTimeout(run, 60_000);
  const daily = setInterval(run, DAY);
  first.unref();
  daily.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(daily);
  });
}
