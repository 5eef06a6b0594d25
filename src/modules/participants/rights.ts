import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { participantAccess } from './access.ts';
import { consentHistory } from './consent.ts';
import type { ParticipantsDeps } from './extensions.ts';
import { messageOutbox } from './outbox/schema.ts';
import { decryptOrNull, loadSpecial, organisationNames, userNames } from './record.ts';
import {
  participantConsents,
  participantKeyWorkerHistory,
  participantQualifications,
  participantShares,
  participantSpecialCategory,
  participantStatusHistory,
  participants,
  participantWorkHistory,
} from './schema.ts';
import { sharesOf } from './shares.ts';

/** The placeholder left where her name was. */
export const ERASED_NAME = 'Erased';

export type SubjectAccessExport = Awaited<ReturnType<typeof subjectAccessExport>>;

/**
 * Everything held about her, special-category data decrypted, for a subject access request.
 * Her assigned key worker or a manager of the owning organisation; audited.
 */
export async function subjectAccessExport(
  deps: ParticipantsDeps,
  actor: Actor,
  participantId: string,
  format: 'json' | 'pdf',
) {
  authorise(actor, 'participant:subject-access');
  return deps.db.transaction(async (tx) => {
    await participantAccess(tx, actor, participantId, 'special');
    const [p] = await tx.select().from(participants).where(eq(participants.id, participantId));
    const { phoneEnc, emailEnc, ...row } = p!;
    const history = await consentHistory(tx, participantId);
    const statusHistory = await tx
      .select()
      .from(participantStatusHistory)
      .where(eq(participantStatusHistory.participantId, participantId))
      .orderBy(asc(participantStatusHistory.changedAt));
    const keyWorkerHistory = await tx
      .select()
      .from(participantKeyWorkerHistory)
      .where(eq(participantKeyWorkerHistory.participantId, participantId))
      .orderBy(asc(participantKeyWorkerHistory.changedAt));
    const names = await userNames(tx, [
      row.keyWorkerUserId,
      ...keyWorkerHistory.flatMap((k) => [k.fromUserId, k.toUserId]),
    ]);
    const accessLog = await tx
      .select({
        at: auditEvents.at,
        action: auditEvents.action,
        organisationId: auditEvents.actorOrganisationId,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.recordType, 'participant'), eq(auditEvents.recordId, participantId)))
      .orderBy(asc(auditEvents.seq));
    const shares = await sharesOf(tx, participantId);
    // Her copy hides ids, so each organisation is named: whom she agreed to share with, who has
    // her record, who used it (UK GDPR Art. 15(1)(c), the recipients of her data).
    const orgs = await organisationNames(tx, [
      ...history.map((c) => c.organisationId),
      ...shares.map((s) => s.organisationId),
      ...accessLog.map((e) => e.organisationId),
    ]);
    const named = <T extends { organisationId: string | null }>(row: T) => ({
      ...row,
      organisationName: row.organisationId ? (orgs.get(row.organisationId) ?? null) : null,
    });
    const extra: Record<string, unknown> = {};
    for (const section of deps.extensions.exportSections)
      extra[section.name] = await section.load(tx, participantId);
    await deps.audit.record(
      {
        actor,
        action: 'participant.exported',
        recordType: 'participant',
        recordId: participantId,
        details: { format },
      },
      tx,
    );
    return {
      exportedAt: new Date().toISOString(),
      participant: {
        ...row,
        keyWorkerName: row.keyWorkerUserId ? (names.get(row.keyWorkerUserId) ?? null) : null,
        phone: decryptOrNull(deps.cipher, phoneEnc),
        email: decryptOrNull(deps.cipher, emailEnc),
      },
      specialCategory: await loadSpecial(tx, deps.cipher, participantId),
      qualifications: await tx
        .select()
        .from(participantQualifications)
        .where(eq(participantQualifications.participantId, participantId)),
      workHistory: await tx
        .select()
        .from(participantWorkHistory)
        .where(eq(participantWorkHistory.participantId, participantId)),
      consents: history.map(named),
      statusHistory,
      // Messages sent (or not) to her through the outbox: what, how and when, never the text.
      messages: await tx
        .select({
          kind: messageOutbox.kind,
          channel: messageOutbox.channel,
          status: messageOutbox.status,
          reason: messageOutbox.reason,
          attempts: messageOutbox.attempts,
          createdAt: messageOutbox.createdAt,
          settledAt: messageOutbox.settledAt,
        })
        .from(messageOutbox)
        .where(eq(messageOutbox.participantId, participantId))
        .orderBy(asc(messageOutbox.createdAt)),
      keyWorkerHistory: keyWorkerHistory.map((k) => ({
        ...k,
        fromName: k.fromUserId ? (names.get(k.fromUserId) ?? null) : null,
        toName: k.toUserId ? (names.get(k.toUserId) ?? null) : null,
      })),
      shares: shares.map(named),
      accessLog: accessLog.map(named),
      ...extra,
    };
  });
}

const month = (col: unknown) => sql`date_trunc('month', ${col})`;

/**
 * Removes her personal data and keeps a non-identifying row for aggregate counts: organisation,
 * status, home area (a local authority), and dates rounded to the month. Special-category data,
 * consents, shares, qualifications, work history and key worker history are deleted; other modules
 * remove theirs through their erase handlers. One transaction; audited.
 */
async function anonymise(
  deps: ParticipantsDeps,
  tx: DbOrTx,
  actor: Actor | null,
  participantId: string,
  reason: 'request' | 'retention',
) {
  for (const handler of deps.extensions.eraseHandlers) await handler(tx, participantId);
  await tx
    .delete(participantSpecialCategory)
    .where(eq(participantSpecialCategory.participantId, participantId));
  await tx
    .delete(participantQualifications)
    .where(eq(participantQualifications.participantId, participantId));
  await tx.delete(participantWorkHistory).where(eq(participantWorkHistory.participantId, participantId));
  await tx.delete(participantConsents).where(eq(participantConsents.participantId, participantId));
  await tx.delete(participantShares).where(eq(participantShares.participantId, participantId));
  // Her messages, sent or waiting: a message still waiting is never sent.
  await tx.delete(messageOutbox).where(eq(messageOutbox.participantId, participantId));
  await tx
    .delete(participantKeyWorkerHistory)
    .where(eq(participantKeyWorkerHistory.participantId, participantId));
  await tx
    .update(participantStatusHistory)
    .set({ changedAt: month(participantStatusHistory.changedAt), changedByUserId: null })
    .where(eq(participantStatusHistory.participantId, participantId));
  await tx
    .update(participants)
    .set({
      keyWorkerUserId: null,
      givenName: null,
      familyName: null,
      preferredName: ERASED_NAME,
      dateOfBirth: null,
      contactMethods: [],
      safeTimes: null,
      neverContactAtHome: false,
      phoneEnc: null,
      emailEnc: null,
      languages: [],
      interpreterNeeded: false,
      interpreterLanguage: null,
      englishLevel: null,
      careCommitments: null,
      availableDays: [],
      schoolHoursOnly: false,
      availabilityNotes: null,
      travelLimitMinutes: null,
      skills: [],
      aspirations: null,
      createdByUserId: null,
      lastContactAt: month(participants.lastContactAt),
      createdAt: month(participants.createdAt),
      updatedAt: month(sql`now()`),
      erasedAt: month(sql`now()`),
    })
    .where(eq(participants.id, participantId));
  await deps.audit.record(
    {
      actor,
      action: 'participant.erased',
      recordType: 'participant',
      recordId: participantId,
      details: { reason },
    },
    tx,
  );
}

/** Erasure at her request: a manager of the owning organisation. */
export async function eraseParticipant(deps: ParticipantsDeps, actor: Actor, participantId: string) {
  authorise(actor, 'participant:erase');
  await deps.db.transaction(async (tx) => {
    await participantAccess(tx, actor, participantId, 'write');
    await anonymise(deps, tx, actor, participantId, 'request');
  });
}

/**
 * The retention rule: anonymises every record whose latest contact (or, without contacts, latest
 * change) is more than `years` old. Each record in its own transaction; returns how many.
 */
export async function runRetention(deps: ParticipantsDeps, years: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  let erased = 0;
  for (;;) {
    const due = await deps.db
      .select({ id: participants.id })
      .from(participants)
      .where(
        and(
          isNull(participants.erasedAt),
          lt(sql`coalesce(${participants.lastContactAt}, ${participants.updatedAt})`, cutoff),
        ),
      )
      .limit(200);
    if (!due.length) return erased;
    for (const { id } of due) {
      await deps.db.transaction((tx) => anonymise(deps, tx, null, id, 'retention'));
      erased++;
    }
  }
}
