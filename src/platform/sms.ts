import { randomUUID } from 'node:crypto';
import { writeToOutbox } from './mail.ts';

/** Sends one text message; resolves with the provider's id, rejects with SmsError when not accepted. */
export interface SmsSender {
  send(to: string, text: string): Promise<{ id: string }>;
}

/** A message the provider did not accept (HTTP status, or 0 when it could not be reached). */
export class SmsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An SMS provider with a GOV.UK Notify-style JSON API: POST {baseUrl}/v2/notifications/sms with a
 * bearer API key and `{ phone_number, content }`; the reply's `id` identifies the message. Errors
 * carry the status only: neither the number nor the text is put in an error or a log.
 */
export function createHttpSmsSender(opts: {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}): SmsSender {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/v2/notifications/sms`;
  return {
    async send(to, text) {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${opts.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({ phone_number: to, content: text }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new SmsError(0, `SMS provider unreachable: ${(err as Error).name}`);
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new SmsError(res.status, `SMS provider refused the message: HTTP ${res.status}`);
      }
      const body = (await res.json().catch(() => null)) as { id?: unknown } | null;
      if (!body || typeof body.id !== 'string' || !body.id)
        throw new SmsError(res.status, 'SMS provider reply had no message id');
      return { id: body.id };
    },
  };
}

/**
 * The provider when SMS_PROVIDER_URL and SMS_API_KEY are set. Without them (a demo machine) each
 * message is written to DATA_DIR/outbox as a .sms.txt file, readable only by the app's user;
 * nothing goes to the log.
 */
export function createSmsSender(opts: { providerUrl?: string; apiKey?: string; dataDir: string }): SmsSender {
  if (opts.providerUrl && opts.apiKey)
    return createHttpSmsSender({ baseUrl: opts.providerUrl, apiKey: opts.apiKey });
  return {
    async send(to, text) {
      const id = randomUUID();
      writeToOutbox(opts.dataDir, `${id}.sms.txt`, `To: ${to}\n\n${text}\n`);
      return { id };
    },
  };
}
