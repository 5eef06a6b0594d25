import { eq } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { NotFoundError } from '../../../platform/http/errors.ts';
import type { ParticipantsDeps } from '../extensions.ts';
import {
  addressFor,
  languageFor,
  type RefusalReason,
  readHer,
  type SendWindow,
  withinWindow,
} from './rules.ts';
import { messageOutbox, type OutboxChannel, outboxChannels } from './schema.ts';

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

/** The message in her language, as stored (encrypted) in the outbox. */
export interface Rendered {
  subject: string;
  text: string;
  attachment?: Attachment;
}

/**
 * A message to her, in terms any module can use (appointments now; employment, mentoring and
 * bursaries later). The text is an i18n key rendered in her language with `values`; the email
 * subject likewise. Nothing in `kind` or `reference` may identify her: both stay after sending.
 */
export interface HerMessage {
  /** What it is about, e.g. `appointment.confirmation`: routes the result to the caller's handler. */
  kind: string;
  /** i18n keys of the text and of the email subject. */
  template: string;
  subject: string;
  /** Values for the text, or a function giving them in her language (dates, places...). */
  values?: Record<string, string> | ((lang: string, t: TFunction) => Record<string, string>);
  /** An email attachment made from the rendered text (e.g. an appointment's .ics file). */
  attachment?: (m: { lang: string; t: TFunction; subject: string; text: string }) => Attachment;
  /** Only these channels (default: every channel her rules allow). */
  channels?: readonly OutboxChannel[];
  /** Her safe hours for this message: written now, it waits in the outbox until they come. */
  sendBetween?: SendWindow;
  /** The caller's own ids (e.g. its message row), handed back to its result handler. */
  reference?: Record<string, string>;
}

/** One channel's fate at the moment of writing: queued in the outbox, or refused by her rules. */
export interface Queued {
  outboxId: string;
  channel: OutboxChannel;
  status: 'pending' | 'not_sent';
  reason: RefusalReason | null;
  /** False when this idempotency key had already been written: nothing new was queued. */
  created: boolean;
}

/**
 * Writes a message to her into the outbox, in the caller's transaction, so it commits or rolls back
 * with the change that causes it; the worker sends it after commit. Each channel is decided now by
 * her rules (consent, safe methods, address): a refused channel is written as `not_sent` with the
 * reason, so the caller can tell staff why. The same idempotency key twice queues nothing new.
 * `actor` (null for a scheduled job) must belong to her organisation; her record must not be erased.
 */
export async function messageHer(
  deps: ParticipantsDeps,
  tx: DbOrTx,
  actor: Actor | null,
  participantId: string,
  message: HerMessage,
  opts: { idempotencyKey: string; now?: Date },
): Promise<Queued[]> {
  const messaging = deps.messaging;
  if (!messaging) throw new Error('Messaging is not configured for the participants service');
  const her = await readHer(deps, tx, participantId);
  // Erased (or never there): nothing to write. Another organisation's actor: as if not there.
  if (!her || (actor && her.organisationId !== actor.organisationId)) throw new NotFoundError();
  const i18n = await messaging.i18n();
  const lang = languageFor(i18n, her.languages);
  const t = i18n.t(lang);
  const values = typeof message.values === 'function' ? message.values(lang, t) : (message.values ?? {});
  const text = t(message.template, values);
  const subject = t(message.subject, values);
  const now = opts.now ?? new Date();
  const out: Queued[] = [];
  for (const channel of message.channels ?? outboxChannels) {
    const verdict = addressFor(her, channel);
    const refused = 'refused' in verdict ? verdict.refused : null;
    const payload: Rendered = {
      subject,
      text,
      ...(channel === 'email' && message.attachment
        ? { attachment: message.attachment({ lang, t, subject, text }) }
        : {}),
    };
    const key = `${opts.idempotencyKey}:${channel}`;
    const [row] = await tx
      .insert(messageOutbox)
      .values({
        idempotencyKey: key,
        participantId,
        organisationId: her.organisationId,
        kind: message.kind,
        channel,
        reference: message.reference ?? {},
        payloadEnc: refused ? null : deps.cipher.encrypt(JSON.stringify(payload)),
        status: refused ? 'not_sent' : 'pending',
        reason: refused,
        sendFromHour: message.sendBetween?.fromHour ?? null,
        sendUntilHour: message.sendBetween?.untilHour ?? null,
        nextAttemptAt: withinWindow(message.sendBetween, now)
          ? now
          : nextWindowStart(message.sendBetween!, now),
        settledAt: refused ? now : null,
      })
      .onConflictDoNothing({ target: messageOutbox.idempotencyKey })
      .returning({ id: messageOutbox.id });
    if (row) {
      out.push({
        outboxId: row.id,
        channel,
        status: refused ? 'not_sent' : 'pending',
        reason: refused,
        created: true,
      });
      continue;
    }
    const [existing] = await tx
      .select({ id: messageOutbox.id, status: messageOutbox.status, reason: messageOutbox.reason })
      .from(messageOutbox)
      .where(eqKey(key));
    out.push({
      outboxId: existing!.id,
      channel,
      status: existing!.status === 'not_sent' ? 'not_sent' : 'pending',
      reason: (existing!.reason as RefusalReason | null) ?? null,
      created: false,
    });
  }
  return out;
}

const eqKey = (key: string) => eq(messageOutbox.idempotencyKey, key);

/** The next hour (UK time) at which the window opens, to the hour. */
export function nextWindowStart(window: SendWindow, from: Date): Date {
  const at = new Date(from);
  at.setUTCMinutes(0, 0, 0);
  for (let i = 0; i < 48; i++) {
    at.setTime(at.getTime() + 3_600_000);
    if (withinWindow(window, at)) return at;
  }
  return at;
}
