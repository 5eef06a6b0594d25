import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { participantAccess } from './access.ts';
import { statusReasons } from './codes.ts';
import type { ParticipantsDeps } from './extensions.ts';
import type {
  AspirationsInput,
  CircumstancesInput,
  ContactInput,
  LanguagesInput,
  NamesInput,
  QualificationInput,
  SpecialInput,
  WorkHistoryInput,
} from './forms.ts';
import {
  type ConsentMethod,
  type ConsentPurpose,
  type ParticipantStatus,
  participantConsents,
  participantKeyWorkerHistory,
  participantQualifications,
  participantSpecialCategory,
  participantStatusHistory,
  participants,
  participantWorkHistory,
} from './schema.ts';
import { revokeShares } from './shares.ts';

export type SectionInput =
  | { section: 'names'; data: NamesInput }
  | { section: 'contact'; data: ContactInput }
  | { section: 'languages'; data: LanguagesInput }
  | { section: 'circumstances'; data: CircumstancesInput }
  | { section: 'aspirations'; data: AspirationsInput };

const audit = (
  deps: ParticipantsDeps,
  tx: DbOrTx,
  actor: Actor | null,
  id: string,
  action: string,
  details = {},
) => deps.audit.record({ actor, action, recordType: 'participant', recordId: id, details }, tx);

/** Runs `fn` in one transaction after the write check; the change and its audit event commit together. */
async function write<T>(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  need: 'write' | 'special',
  fn: (tx: DbOrTx) => Promise<T>,
): Promise<T> {
  return deps.db.transaction(async (tx) => {
    await participantAccess(tx, actor, id, need);
    return fn(tx);
  });
}

const touch = (tx: DbOrTx, id: string, set: Partial<typeof participants.$inferInsert> = {}) =>
  tx
    .update(participants)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(participants.id, id));

export async function updateSection(deps: ParticipantsDeps, actor: Actor, id: string, input: SectionInput) {
  const enc = (v: string | null) => (v ? deps.cipher.encrypt(v) : null);
  await write(deps, actor, id, 'write', async (tx) => {
    let set: Partial<typeof participants.$inferInsert>;
    if (input.section === 'contact') {
      const { phone, email, ...rest } = input.data;
      set = { ...rest, phoneEnc: enc(phone), emailEnc: enc(email) };
    } else {
      set = { ...input.data };
    }
    const [current] = await tx
      .select({ complete: participants.registrationComplete, given: participants.givenName })
      .from(participants)
      .where(eq(participants.id, id));
    // A quick registration is complete once her names are recorded.
    if (!current!.complete && input.section === 'names' && input.data.givenName)
      set.registrationComplete = true;
    await touch(tx, id, set);
    await audit(deps, tx, actor, id, 'participant.updated', {
      section: input.section,
      fields: Object.keys(input.data),
    });
  });
}

export async function updateSpecialCategory(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  input: SpecialInput,
) {
  const enc = (v: string | null) => (v ? deps.cipher.encrypt(v) : null);
  const rtw =
    input.rightToWorkCheckedOn && input.rightToWorkMethod && input.rightToWorkOutcome
      ? JSON.stringify({
          checkedOn: input.rightToWorkCheckedOn,
          method: input.rightToWorkMethod,
          outcome: input.rightToWorkOutcome,
          recheckOn: input.rightToWorkRecheckOn,
        })
      : null;
  const values = {
    immigrationStatusEnc: enc(input.immigrationStatus),
    rightToWorkEnc: enc(rtw),
    ethnicityEnc: enc(input.ethnicity),
    religionEnc: enc(input.religion),
    sexualityEnc: enc(input.sexuality),
    healthNotesEnc: enc(input.healthNotes),
    updatedByUserId: actor.userId,
    updatedAt: new Date(),
  };
  await write(deps, actor, id, 'special', async (tx) => {
    await tx
      .insert(participantSpecialCategory)
      .values({ participantId: id, ...values })
      .onConflictDoUpdate({ target: participantSpecialCategory.participantId, set: values });
    await touch(tx, id);
    await audit(deps, tx, actor, id, 'participant.updated', { section: 'special-category' });
  });
}

export async function addQualification(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  input: QualificationInput,
) {
  return write(deps, actor, id, 'write', async (tx) => {
    const [row] = await tx
      .insert(participantQualifications)
      .values({ participantId: id, ...input })
      .returning({ id: participantQualifications.id });
    await touch(tx, id);
    await audit(deps, tx, actor, id, 'participant.qualification-added', { qualificationId: row!.id });
    return row!.id;
  });
}

export async function removeQualification(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  qualificationId: string,
) {
  await write(deps, actor, id, 'write', async (tx) => {
    const gone = await tx
      .delete(participantQualifications)
      .where(
        and(
          eq(participantQualifications.id, qualificationId),
          eq(participantQualifications.participantId, id),
        ),
      )
      .returning({ id: participantQualifications.id });
    if (!gone.length) throw new NotFoundError();
    await touch(tx, id);
    await audit(deps, tx, actor, id, 'participant.qualification-removed', { qualificationId });
  });
}

export async function addWorkHistory(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  input: WorkHistoryInput,
) {
  if (input.fromYear && input.toYear && input.toYear < input.fromYear)
    throw new ValidationError({ toYear: 'participants.errors.yearOrder' });
  return write(deps, actor, id, 'write', async (tx) => {
    const [row] = await tx
      .insert(participantWorkHistory)
      .values({ participantId: id, ...input })
      .returning({ id: participantWorkHistory.id });
    await touch(tx, id);
    await audit(deps, tx, actor, id, 'participant.work-history-added', { workHistoryId: row!.id });
    return row!.id;
  });
}

export async function removeWorkHistory(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  workHistoryId: string,
) {
  await write(deps, actor, id, 'write', async (tx) => {
    const gone = await tx
      .delete(participantWorkHistory)
      .where(and(eq(participantWorkHistory.id, workHistoryId), eq(participantWorkHistory.participantId, id)))
      .returning({ id: participantWorkHistory.id });
    if (!gone.length) throw new NotFoundError();
    await touch(tx, id);
    await audit(deps, tx, actor, id, 'participant.work-history-removed', { workHistoryId });
  });
}

export interface ConsentChange {
  purpose: ConsentPurpose;
  organisationId: string | null;
  given: boolean;
  method: ConsentMethod;
}

/**
 * Records her answer for one purpose. A withdrawal takes effect in the same transaction: shares
 * with that organisation end, and every module's withdrawal handler runs (e.g. casework stops
 * pending referrals).
 */
export async function recordConsent(deps: ParticipantsDeps, actor: Actor, id: string, change: ConsentChange) {
  const organisationId = change.purpose === 'share_organisation' ? change.organisationId : null;
  if (change.purpose === 'share_organisation' && !organisationId)
    throw new ValidationError({ organisationId: 'participants.errors.organisationMissing' });
  await write(deps, actor, id, 'write', async (tx) => {
    if (organisationId) {
      const [org] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(and(eq(organisations.id, organisationId), eq(organisations.active, true)));
      if (!org) throw new ValidationError({ organisationId: 'participants.errors.organisationMissing' });
    }
    await tx.insert(participantConsents).values({
      participantId: id,
      purpose: change.purpose,
      organisationId,
      given: change.given,
      method: change.method,
      recordedByUserId: actor.userId,
      recordedAt: new Date(),
    });
    await audit(
      deps,
      tx,
      actor,
      id,
      change.given ? 'participant.consent-given' : 'participant.consent-withdrawn',
      {
        purpose: change.purpose,
        organisationId,
        method: change.method,
      },
    );
    if (!change.given) {
      if (change.purpose === 'share_organisation' && organisationId)
        await revokeShares(deps, tx, actor, { participantId: id, organisationId }, 'consent-withdrawn');
      for (const handler of deps.extensions.consentWithdrawnHandlers)
        await handler(tx, { participantId: id, purpose: change.purpose, organisationId, actor });
    }
  });
}

export async function changeStatus(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  input: { status: ParticipantStatus; reason: string },
) {
  if (!(statusReasons[input.status] as readonly string[]).includes(input.reason))
    throw new ValidationError({ reason: 'participants.errors.reasonMissing' });
  await write(deps, actor, id, 'write', async (tx) => {
    const [p] = await tx
      .select({ status: participants.status })
      .from(participants)
      .where(eq(participants.id, id));
    if (p!.status === input.status) throw new ValidationError({ status: 'participants.errors.statusSame' });
    await touch(tx, id, { status: input.status });
    await tx.insert(participantStatusHistory).values({
      participantId: id,
      status: input.status,
      reason: input.reason,
      changedByUserId: actor.userId,
    });
    await audit(deps, tx, actor, id, 'participant.status-changed', {
      from: p!.status,
      to: input.status,
      reason: input.reason,
    });
  });
}

/**
 * Assigns or hands her over to a key worker of the owning organisation (null: unassigned).
 * Managers may assign anyone; a key worker may take on an unassigned woman or hand over her own.
 */
export async function assignKeyWorker(
  deps: ParticipantsDeps,
  actor: Actor,
  id: string,
  toUserId: string | null,
) {
  await deps.db.transaction(async (tx) => {
    const access = await participantAccess(tx, actor, id, 'write');
    if (actor.role !== 'manager' && access.keyWorkerUserId && !access.isKeyWorker)
      throw new ValidationError({ keyWorker: 'participants.errors.handOverNotYours' });
    if (toUserId) {
      const [u] = await tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.id, toUserId),
            eq(users.organisationId, access.organisationId),
            eq(users.active, true),
            sql`${users.role} in ('key_worker', 'manager')`,
          ),
        );
      if (!u) throw new ValidationError({ keyWorker: 'participants.errors.keyWorkerMissing' });
    }
    if (toUserId === access.keyWorkerUserId) return;
    await touch(tx, id, { keyWorkerUserId: toUserId });
    await tx.insert(participantKeyWorkerHistory).values({
      participantId: id,
      fromUserId: access.keyWorkerUserId,
      toUserId,
      changedByUserId: actor.userId,
    });
    await audit(deps, tx, actor, id, 'participant.key-worker-assigned', {
      from: access.keyWorkerUserId,
      to: toUserId,
    });
  });
}

/** Key workers and managers of an organisation, for the assignment page. */
export async function assignableUsers(deps: ParticipantsDeps, organisationId: string) {
  return deps.db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(
      and(
        eq(users.organisationId, organisationId),
        eq(users.active, true),
        sql`${users.role} in ('key_worker', 'manager')`,
      ),
    )
    .orderBy(users.name);
}

/**
 * Casework calls this (in its own transaction) whenever it records a contact with her, so the
 * retention rule counts from her latest contact.
 */
export async function touchLastContact(tx: DbOrTx, participantId: string, at: Date = new Date()) {
  await tx
    .update(participants)
    .set({ lastContactAt: sql`greatest(coalesce(${participants.lastContactAt}, ${at}), ${at})` })
    .where(eq(participants.id, participantId));
}
