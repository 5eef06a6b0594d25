import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { likelyMatch, type MatchReason, type PersonFacts } from './duplicates.ts';
import type { ParticipantsDeps } from './extensions.ts';
import type { ContactInput, LanguagesInput, NamesInput, QuickInput } from './forms.ts';
import { decryptOrNull } from './record.ts';
import {
  type ConsentMethod,
  type ConsentPurpose,
  participantConsents,
  participantStatusHistory,
  participants,
} from './schema.ts';

export interface RegisterInput {
  consent: { purposes: ConsentPurpose[]; method: ConsentMethod };
  names: NamesInput;
  contact: ContactInput;
  languages: LanguagesInput;
}

const enc = (deps: Pick<ParticipantsDeps, 'cipher'>, v: string | null | undefined) =>
  v ? deps.cipher.encrypt(v) : null;

async function insertConsents(
  tx: DbOrTx,
  actor: Actor,
  participantId: string,
  purposes: ConsentPurpose[],
  method: ConsentMethod,
) {
  const at = new Date();
  await tx.insert(participantConsents).values(
    purposes
      .filter((p) => p !== 'share_organisation')
      .map((purpose) => ({
        participantId,
        purpose,
        given: true,
        method,
        recordedByUserId: actor.userId,
        recordedAt: at,
      })),
  );
}

async function created(
  deps: ParticipantsDeps,
  tx: DbOrTx,
  actor: Actor,
  id: string,
  details: Record<string, unknown>,
) {
  await tx.insert(participantStatusHistory).values({
    participantId: id,
    status: 'active',
    reason: 'registered',
    changedByUserId: actor.userId,
  });
  await deps.audit.record(
    { actor, action: 'participant.created', recordType: 'participant', recordId: id, details },
    tx,
  );
}

/**
 * Registers a woman, consent first: she must agree to support before anything about her is kept.
 * A key worker who registers her becomes her key worker; a manager's registration is unassigned.
 */
export async function registerParticipant(
  deps: ParticipantsDeps,
  actor: Actor,
  input: RegisterInput,
): Promise<string> {
  authorise(actor, 'participant:write');
  if (!input.consent.purposes.includes('support'))
    throw new ValidationError({ purposes: 'participants.errors.supportConsentMissing' });
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(participants)
      .values({
        organisationId: actor.organisationId,
        keyWorkerUserId: actor.role === 'key_worker' ? actor.userId : null,
        preferredName: input.names.preferredName,
        givenName: input.names.givenName,
        familyName: input.names.familyName,
        dateOfBirth: input.names.dateOfBirth,
        contactMethods: input.contact.contactMethods,
        safeTimes: input.contact.safeTimes,
        neverContactAtHome: input.contact.neverContactAtHome,
        phoneEnc: enc(deps, input.contact.phone),
        emailEnc: enc(deps, input.contact.email),
        languages: input.languages.languages,
        interpreterNeeded: input.languages.interpreterNeeded,
        interpreterLanguage: input.languages.interpreterLanguage,
        englishLevel: input.languages.englishLevel,
        createdByUserId: actor.userId,
      })
      .returning({ id: participants.id });
    const id = row!.id;
    await insertConsents(tx, actor, id, input.consent.purposes, input.consent.method);
    await created(deps, tx, actor, id, { kind: 'full', consents: input.consent.purposes });
    return id;
  });
}

/** A drop-in walk-in in seconds: the name she wants used, consent to support, safe contact. */
export async function quickRegisterParticipant(
  deps: ParticipantsDeps,
  actor: Actor,
  input: QuickInput,
  /** The caller's transaction, when her registration is part of something larger (a drop-in walk-in). */
  outer?: DbOrTx,
): Promise<string> {
  authorise(actor, 'participant:write');
  const inTransaction = <T>(fn: (tx: DbOrTx) => Promise<T>) => (outer ? fn(outer) : deps.db.transaction(fn));
  return inTransaction(async (tx) => {
    const [row] = await tx
      .insert(participants)
      .values({
        organisationId: actor.organisationId,
        keyWorkerUserId: actor.role === 'key_worker' ? actor.userId : null,
        registrationComplete: false,
        preferredName: input.preferredName,
        contactMethods: input.contactMethods,
        safeTimes: input.safeTimes,
        neverContactAtHome: input.neverContactAtHome,
        phoneEnc: enc(deps, input.phone),
        createdByUserId: actor.userId,
      })
      .returning({ id: participants.id });
    const id = row!.id;
    const consents: ConsentPurpose[] = ['support', ...(input.contactConsents ?? [])];
    await insertConsents(tx, actor, id, consents, input.method);
    await created(deps, tx, actor, id, { kind: 'quick', consents });
    return id;
  });
}

export interface LikelyDuplicate {
  id: string;
  preferredName: string;
  registeredAt: Date;
  reason: MatchReason;
}

/**
 * Women already on record in the user's own organisation (the records she may see) who are likely
 * the one being registered (duplicates.ts says when). Candidates share a name (the name index);
 * their phones are decrypted here only to compare. Audited: it shows who is on record.
 */
export async function likelyDuplicates(
  deps: ParticipantsDeps,
  actor: Actor,
  person: PersonFacts,
): Promise<LikelyDuplicate[]> {
  authorise(actor, 'participant:write');
  const words = [person.preferredName, person.givenName, person.familyName]
    .map((w) => (w ?? '').trim().toLowerCase())
    .filter((w) => w.length >= 2)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (!words.length) return [];
  const rows = await deps.db
    .select({
      id: participants.id,
      preferredName: participants.preferredName,
      givenName: participants.givenName,
      familyName: participants.familyName,
      dateOfBirth: participants.dateOfBirth,
      phoneEnc: participants.phoneEnc,
      createdAt: participants.createdAt,
    })
    .from(participants)
    .where(
      and(
        eq(participants.organisationId, actor.organisationId),
        isNull(participants.erasedAt),
        or(
          ...words.map(
            (w) =>
              sql`participant_search_text(${participants.preferredName}, ${participants.givenName}, ${participants.familyName}) like ${w}`,
          ),
        ),
      ),
    )
    .limit(200);
  const found = rows.flatMap((r) => {
    const reason = likelyMatch(person, { ...r, phone: decryptOrNull(deps.cipher, r.phoneEnc) });
    return reason ? [{ id: r.id, preferredName: r.preferredName, registeredAt: r.createdAt, reason }] : [];
  });
  await deps.audit.record({
    actor,
    action: 'participant.duplicate-checked',
    recordType: 'participant',
    details: { matches: found.length },
  });
  return found;
}
