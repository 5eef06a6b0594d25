import { eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { accessAndFullRow, accessAndHeaderRow, type ParticipantAccess } from './access.ts';
import type { RightToWorkCheck } from './codes.ts';
import type { ConsentState } from './consent.ts';
import type { ParticipantsDeps } from './extensions.ts';
import {
  type participantKeyWorkerHistory,
  type participantQualifications,
  participantSpecialCategory,
  type participantStatusHistory,
  type participants,
  type participantWorkHistory,
} from './schema.ts';
import type { sharesOf } from './shares.ts';

export const decryptOrNull = (cipher: FieldCipher, v: string | null | undefined) =>
  v ? cipher.decrypt(v) : null;

export interface SpecialCategory {
  immigrationStatus: string | null;
  rightToWork: RightToWorkCheck | null;
  ethnicity: string | null;
  religion: string | null;
  sexuality: string | null;
  healthNotes: string | null;
}

export function decryptSpecial(
  cipher: FieldCipher,
  s: typeof participantSpecialCategory.$inferSelect | undefined,
): SpecialCategory {
  const d = (v: string | null | undefined) => decryptOrNull(cipher, v);
  const rtw = d(s?.rightToWorkEnc);
  return {
    immigrationStatus: d(s?.immigrationStatusEnc),
    rightToWork: rtw ? (JSON.parse(rtw) as RightToWorkCheck) : null,
    ethnicity: d(s?.ethnicityEnc),
    religion: d(s?.religionEnc),
    sexuality: d(s?.sexualityEnc),
    healthNotes: d(s?.healthNotesEnc),
  };
}

export async function loadSpecial(
  db: DbOrTx,
  cipher: FieldCipher,
  participantId: string,
): Promise<SpecialCategory> {
  const [s] = await db
    .select()
    .from(participantSpecialCategory)
    .where(eq(participantSpecialCategory.participantId, participantId));
  return decryptSpecial(cipher, s);
}

type Row = typeof participants.$inferSelect;

export interface ParticipantRecord {
  access: ParticipantAccess;
  id: string;
  organisationId: string;
  status: Row['status'];
  registrationComplete: boolean;
  preferredName: string;
  names?: { givenName: string | null; familyName: string | null };
  dateOfBirth?: string | null;
  contact?: {
    contactMethods: string[];
    safeTimes: string | null;
    neverContactAtHome: boolean;
    phone: string | null;
    email: string | null;
  };
  languages?: Pick<Row, 'languages' | 'interpreterNeeded' | 'interpreterLanguage' | 'englishLevel'>;
  circumstances?: Pick<
    Row,
    | 'homeAreaCode'
    | 'careCommitments'
    | 'availableDays'
    | 'schoolHoursOnly'
    | 'availabilityNotes'
    | 'travelLimitMinutes'
  >;
  aspirations?: Pick<Row, 'skills' | 'aspirations'>;
  qualifications?: (typeof participantQualifications.$inferSelect)[];
  workHistory?: (typeof participantWorkHistory.$inferSelect)[];
  special?: SpecialCategory;
  keyWorker: { id: string; name: string } | null;
  /** Owning organisation only from here on. */
  consents?: ConsentState[];
  statusHistory?: (typeof participantStatusHistory.$inferSelect)[];
  keyWorkerHistory?: (typeof participantKeyWorkerHistory.$inferSelect)[];
  shares?: Awaited<ReturnType<typeof sharesOf>>;
  createdAt: Date;
  updatedAt: Date;
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
/** A row from json_agg (snake_case keys, ISO timestamps) as Drizzle would have returned it. */
function fromJson<T>(rows: unknown): T[] {
  return ((rows as Record<string, unknown>[] | null) ?? []).map(
    (r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => {
          const key = camel(k);
          return [key, key.endsWith('At') && typeof v === 'string' ? new Date(v) : v];
        }),
      ) as T,
  );
}

/**
 * What `access` allows of her record (no audit: callers audit their view), from her row as read by
 * the access decision (accessAndFullRow) and one more query for every list about her as JSON, so a
 * record page costs two round trips to the database however much it shows.
 */
export async function readRecord(
  db: DbOrTx,
  cipher: FieldCipher,
  found: { access: ParticipantAccess; row: Row; keyWorkerName: string | null },
): Promise<ParticipantRecord> {
  const { access, row } = found;
  const id = access.participantId;
  const has = (s: Parameters<typeof access.sections.has>[0]) => access.sections.has(s);
  const owner = access.level === 'owner';
  const list = (include: boolean, query: ReturnType<typeof sql>) =>
    include ? sql`(select coalesce(json_agg(x), '[]'::json) from (${query}) x)` : sql`null::json`;
  const { rows } = await db.execute<Record<string, unknown>>(sql`select
    ${list(has('qualifications'), sql`select * from participant_qualifications where participant_id = ${id} order by created_at`)} as qualifications,
    ${list(has('work_history'), sql`select * from participant_work_history where participant_id = ${id} order by created_at`)} as work_history,
    ${list(access.specialCategory, sql`select * from participant_special_category where participant_id = ${id}`)} as special,
    ${list(
      owner,
      sql`select distinct on (purpose, organisation_id) purpose, organisation_id, given, method, recorded_at, recorded_by_user_id
      from participant_consents where participant_id = ${id} order by purpose, organisation_id, recorded_at desc, ctid desc`,
    )} as consents,
    ${list(owner, sql`select * from participant_status_history where participant_id = ${id} order by changed_at desc`)} as status_history,
    ${list(owner, sql`select * from participant_key_worker_history where participant_id = ${id} order by changed_at desc`)} as key_worker_history,
    ${list(owner, sql`select * from participant_shares where participant_id = ${id} order by granted_at`)} as shares`);
  const related = rows[0]!;
  const record: ParticipantRecord = {
    access,
    id,
    organisationId: row.organisationId,
    status: row.status,
    registrationComplete: row.registrationComplete,
    preferredName: row.preferredName,
    keyWorker: row.keyWorkerUserId ? { id: row.keyWorkerUserId, name: found.keyWorkerName ?? '' } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  if (has('names')) record.names = { givenName: row.givenName, familyName: row.familyName };
  if (has('date_of_birth')) record.dateOfBirth = row.dateOfBirth;
  if (has('contact'))
    record.contact = {
      contactMethods: row.contactMethods,
      safeTimes: row.safeTimes,
      neverContactAtHome: row.neverContactAtHome,
      phone: decryptOrNull(cipher, row.phoneEnc),
      email: decryptOrNull(cipher, row.emailEnc),
    };
  if (has('languages'))
    record.languages = {
      languages: row.languages,
      interpreterNeeded: row.interpreterNeeded,
      interpreterLanguage: row.interpreterLanguage,
      englishLevel: row.englishLevel,
    };
  if (has('availability'))
    record.circumstances = {
      homeAreaCode: row.homeAreaCode,
      careCommitments: row.careCommitments,
      availableDays: row.availableDays,
      schoolHoursOnly: row.schoolHoursOnly,
      availabilityNotes: row.availabilityNotes,
      travelLimitMinutes: row.travelLimitMinutes,
    };
  if (has('skills')) record.aspirations = { skills: row.skills, aspirations: row.aspirations };
  if (has('qualifications')) record.qualifications = fromJson(related.qualifications);
  if (has('work_history')) record.workHistory = fromJson(related.work_history);
  if (access.specialCategory)
    record.special = decryptSpecial(
      cipher,
      fromJson<typeof participantSpecialCategory.$inferSelect>(related.special)[0],
    );
  if (owner) {
    record.consents = fromJson(related.consents);
    record.statusHistory = fromJson(related.status_history);
    record.keyWorkerHistory = fromJson(related.key_worker_history);
    record.shares = fromJson(related.shares);
  }
  return record;
}

/**
 * Her record as this actor may see it; the view is audited ('participant.viewed') in the same
 * transaction as the read.
 */
export async function viewRecord(deps: ParticipantsDeps, actor: Actor, participantId: string) {
  return deps.db.transaction(async (tx) => {
    const found = await accessAndFullRow(tx, actor, participantId);
    const { access } = found;
    const record = await readRecord(tx, deps.cipher, found);
    await deps.audit.record(
      {
        actor,
        action: 'participant.viewed',
        recordType: 'participant',
        recordId: participantId,
        details: { access: access.level, specialCategory: access.specialCategory },
      },
      tx,
    );
    return record;
  });
}

export interface ParticipantHeader {
  id: string;
  organisationId: string;
  preferredName: string;
  status: Row['status'];
  keyWorkerUserId: string | null;
  /** Her home area (ONS code), for her own organisation only: the referral picker searches it first. */
  homeAreaCode: string | null;
  /** Safe contact, to show wherever contact is possible (null when not shared with this actor). */
  safeContact: { neverContactAtHome: boolean; safeTimes: string | null; contactMethods: string[] } | null;
  access: ParticipantAccess;
}

/**
 * The small header other modules show on their pages about her (name, status, safe contact),
 * after the same access check. Not audited here: the calling module audits its own view.
 */
export async function participantHeader(
  db: DbOrTx,
  actor: Actor,
  participantId: string,
  need: 'read' | 'write' = 'read',
): Promise<ParticipantHeader> {
  const { access, row: p } = await accessAndHeaderRow(db, actor, participantId, need);
  return {
    id: p.id,
    organisationId: p.organisationId,
    preferredName: p.preferredName,
    status: p.status,
    keyWorkerUserId: p.keyWorkerUserId,
    homeAreaCode: access.level === 'owner' ? p.homeAreaCode : null,
    safeContact: access.sections.has('contact')
      ? {
          neverContactAtHome: p.neverContactAtHome,
          safeTimes: p.safeTimes,
          contactMethods: p.contactMethods,
        }
      : null,
    access,
  };
}

/** Names of users by id (key workers on caseload pages and histories). */
export async function userNames(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The names of organisations by id (inactive ones too: her history may name them). */
export async function organisationNames(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Organisations of the partnership (for consent to share with a named organisation). */
export async function organisationList(db: DbOrTx) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.active, true))
    .orderBy(organisations.name);
}
