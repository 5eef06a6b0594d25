import type { FastifyInstance } from 'fastify';
import { errorForLog } from '../../../platform/logging.ts';
import type { ParticipantsService } from '../service.ts';

const MINUTE = 60_000;

/**
 * The outbox job: each minute, sends every message that is due (a retry whose back-off has passed, a
 * message waiting for her safe hours, one a crash left between commit and send, or one claimed by a
 * worker that died). Services nudge it for their own messages right after commit; this is the net.
 * Logs counts only, never who, where or what.
 */
export function scheduleMessageOutbox(app: FastifyInstance, participants: ParticipantsService): void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    participants
      .deliverMessages()
      .then((results) => {
        if (results.length)
          app.log.info(
            { attempts: results.length, sent: results.filter((r) => r.status === 'sent').length },
            'message outbox',
          );
      })
      .catch((err: unknown) => app.log.error({ err: errorForLog(err) }, 'message outbox failed'))
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, MINUTE);
  const every = setInterval(run, MINUTE);
  first.unref();
  every.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(every);
  });
}
