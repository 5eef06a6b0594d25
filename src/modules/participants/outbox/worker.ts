import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import type { ParticipantsDeps } from '../extensions.ts';
import { addressFor, londonHour, type RefusalReason, readHer } from './rules.ts';
import { messageOutbox, type OutboxChannel } from './schema.ts';
import type { Rendered } from './send.ts';

const MINUTE = 60_000;
/** How long a claim holds: far longer than one SMTP or SMS call, after which another worker takes over. */
export const CLAIM_LEASE = 5 * MINUTE;
/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; after the 5th it is given up. */
export const BACK_OFF = [5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 4 * 60 * MINUTE];
export const MAX_ATTEMPTS = BACK_OFF.length + 1;

/** What became of one attempt, handed to the handler of the module that wrote the message. */
export interface MessageResult {
  outboxId: string;
  participantId: string;
  kind: string;
  channel: OutboxChannel;
  reference: Record<string, string>;
  /** pending: failed this time, tried again at `nextAttemptAt`. */
  status: 'sent' | 'failed' | 'not_sent' | 'pending';
  reason: RefusalReason | 'provider_error' | null;
  providerId: string | null;
  errorCode: string | null;
  nextAttemptAt: Date | null;
  attempt: number;
}

/** A result handler: runs in the transaction that records the result (so both or neither are kept). */
export interface MessageResultHandler {
  /** Results of messages whose kind starts with this (e.g. `appointment.`). */
  kindPrefix: string;
  handle(tx: DbOrTx, result: MessageResult): Promise<void>;
}

type Outcome = Pick<MessageResult, 'status' | 'reason' | 'providerId' | 'errorCode' | 'nextAttemptAt'>;

type Row = typeof messageOutbox.$inferSelect;

/**
 * Claims due messages (pending and due, in their safe hours; or sending under a dead worker's expired
 * claim) with FOR UPDATE SKIP LOCKED, in one statement that commits at once: no row lock is held
 * while the provider is called.
 */
async function claim(
  deps: ParticipantsDeps,
  now: Date,
  ids: string[] | undefined,
  limit: number,
): Promise<Row[]> {
  const hour = londonHour(now);
  const due = deps.db
    .select({ id: messageOutbox.id })
    .from(messageOutbox)
    .where(
      and(
        ids ? inArray(messageOutbox.id, ids) : undefined,
        sql`((${messageOutbox.status} = 'pending' and ${messageOutbox.nextAttemptAt} <= ${now})
          or (${messageOutbox.status} = 'sending' and ${messageOutbox.claimedUntil} < ${now}))`,
        sql`(${messageOutbox.sendFromHour} is null or (${messageOutbox.sendFromHour} <= ${hour} and ${hour} < ${messageOutbox.sendUntilHour}))`,
      ),
    )
    .orderBy(messageOutbox.nextAttemptAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return deps.db
    .update(messageOutbox)
    .set({
      status: 'sending',
      claimedUntil: new Date(now.getTime() + CLAIM_LEASE),
      attempts: sql`${messageOutbox.attempts} + 1`,
    })
    .where(inArray(messageOutbox.id, due))
    .returning();
}

/** One call to the provider: its id, or an error code (its status or SMTP code, never its text). */
async function callProvider(
  deps: ParticipantsDeps,
  channel: OutboxChannel,
  address: string,
  payload: Rendered,
): Promise<{ providerId: string | null } | { errorCode: string }> {
  const { sms, mailer } = deps.messaging!;
  try {
    if (channel === 'sms') return { providerId: (await sms.send(address, payload.text)).id };
    await mailer.send({
      to: address,
      subject: payload.subject,
      text: payload.text,
      ...(payload.attachment ? { attachments: [payload.attachment] } : {}),
    });
    return { providerId: null };
  } catch (err) {
    const e = err as { status?: number; responseCode?: number; code?: string };
    const code =
      e.status !== undefined ? `http_${e.status}` : e.responseCode ? `smtp_${e.responseCode}` : e.code;
    return { errorCode: String(code ?? 'error').slice(0, 40) };
  }
}

/**
 * Records one attempt's result, and hands it to the writing module's handler in the same
 * transaction. Only while this worker's claim stands (same status and attempt): a claim taken over
 * after its lease is recorded by the worker that took it.
 */
async function record(deps: ParticipantsDeps, row: Row, result: Outcome, now: Date) {
  const base = {
    outboxId: row.id,
    participantId: row.participantId,
    kind: row.kind,
    channel: row.channel,
    reference: row.reference,
    attempt: row.attempts,
  };
  const settled = result.status !== 'pending';
  return deps.db.transaction(async (tx) => {
    const [kept] = await tx
      .update(messageOutbox)
      .set({
        status: result.status,
        reason: result.reason,
        providerId: result.providerId,
        errorCode: result.errorCode,
        claimedUntil: null,
        nextAttemptAt: result.nextAttemptAt ?? now,
        settledAt: settled ? now : null,
        // Her text is not kept once it can no longer be sent.
        ...(settled ? { payloadEnc: null } : {}),
      })
      .where(
        and(
          eq(messageOutbox.id, row.id),
          eq(messageOutbox.status, 'sending'),
          eq(messageOutbox.attempts, row.attempts),
        ),
      )
      .returning({ id: messageOutbox.id });
    if (!kept) return null;
    const full: MessageResult = { ...base, ...result };
    for (const h of deps.extensions.messageResultHandlers)
      if (row.kind.startsWith(h.kindPrefix)) await h.handle(tx, full);
    return full;
  });
}

async function deliverOne(deps: ParticipantsDeps, row: Row, now: Date) {
  const none = { providerId: null, errorCode: null, nextAttemptAt: null };
  // Her rules again, now: a consent withdrawn since writing stops the message.
  const verdict = addressFor(await readHer(deps, deps.db, row.participantId), row.channel);
  if ('refused' in verdict || !row.payloadEnc)
    return record(
      deps,
      row,
      { ...none, status: 'not_sent', reason: 'refused' in verdict ? verdict.refused : 'erased' },
      now,
    );
  const payload = JSON.parse(deps.cipher.decrypt(row.payloadEnc)) as Rendered;
  const answer = await callProvider(deps, row.channel, verdict.address, payload);
  if ('providerId' in answer)
    return record(deps, row, { ...none, status: 'sent', reason: null, providerId: answer.providerId }, now);
  const wait = BACK_OFF[row.attempts - 1];
  return record(
    deps,
    row,
    {
      status: wait === undefined ? 'failed' : 'pending',
      reason: 'provider_error',
      providerId: null,
      errorCode: answer.errorCode,
      nextAttemptAt: wait === undefined ? null : new Date(now.getTime() + wait),
    },
    now,
  );
}

/**
 * Sends what is due (only `ids`, for the nudge right after a commit; else everything due) and
 * returns each attempt's result. Claim, commit, send, record: a crash after the claim leaves the row
 * to be taken over once its lease ends; the unique idempotency key means it was written once.
 */
export async function deliverDue(
  deps: ParticipantsDeps,
  opts: { now?: Date; ids?: string[]; limit?: number } = {},
): Promise<MessageResult[]> {
  if (opts.ids && !opts.ids.length) return [];
  const results: MessageResult[] = [];
  for (let round = 0; round < 20; round++) {
    const now = opts.now ?? new Date();
    const rows = await claim(deps, now, opts.ids, opts.limit ?? 50);
    // The nudge sends in the order the caller wrote (a cancellation before the new confirmation).
    if (opts.ids) rows.sort((a, b) => opts.ids!.indexOf(a.id) - opts.ids!.indexOf(b.id));
    for (const row of rows) {
      const r = await deliverOne(deps, row, opts.now ?? new Date());
      if (r) results.push(r);
    }
    if (opts.ids || rows.length < (opts.limit ?? 50)) break;
  }
  return results;
}

/**
 * Withdraws a message not yet claimed (staff "Send again" replaces the automatic retry). Returns
 * the status it found: only `pending` is withdrawn; `sending` means a worker is sending it now.
 */
export async function cancelMessage(tx: DbOrTx, outboxId: string): Promise<string | null> {
  const [row] = await tx
    .select({ status: messageOutbox.status })
    .from(messageOutbox)
    .where(eq(messageOutbox.id, outboxId))
    .for('update');
  if (row?.status === 'pending')
    await tx
      .update(messageOutbox)
      .set({ status: 'cancelled', payloadEnc: null, settledAt: new Date() })
      .where(eq(messageOutbox.id, outboxId));
  return row?.status ?? null;
}
