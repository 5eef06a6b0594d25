import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/zod.ts';
import { hasConsent } from './consent.ts';
import { participantShares, participants, type ShareSection, shareSections } from './schema.ts';

/** A well-formed uuid (anything else cannot name a record: 404, not a database error). */
export { isUuid } from '../../platform/http/zod.ts';

export type AccessLevel = 'owner' | 'shared';

export interface ParticipantAccess {
  participantId: string;
  organisationId: string;
  keyWorkerUserId: string | null;
  /** owner: a key worker or manager of the owning organisation; shared: a partner through a referral. */
  level: AccessLevel;
  /** Sections of her record this actor may see. */
  sections: ReadonlySet<ShareSection>;
  /** May see (and, as owner, change) special-category fields. */
  specialCategory: boolean;
  /** May change her record (owning organisation only). */
  canWrite: boolean;
  /** Is her assigned key worker. */
  isKeyWorker: boolean;
}

const allSections: ReadonlySet<ShareSection> = new Set(shareSections);

/**
 * The record-level access rule (docs/DATA-PROTECTION.md "Who sees her record"):
 * - roles without participant:read (admin, mentor, employer, commissioner): 403;
 * - the owning organisation's key workers and managers see the record; special-category fields
 *   only her assigned key worker and the organisation's managers;
 * - another organisation sees only the sections of an active share made through an accepted
 *   referral, and only while she still consents to sharing with that organisation;
 * - anyone else: 404, so the record's existence is not revealed. Erased records are 404 to all.
 */
export async function participantAccess(
  db: DbOrTx,
  actor: Actor | null | undefined,
  participantId: string,
  need: 'read' | 'write' | 'special' = 'read',
): Promise<ParticipantAccess> {
  return (await accessAndHeaderRow(db, actor, participantId, need)).access;
}

/** The columns of her row a record header shows, read with the access decision (one read). */
const headerColumns = {
  id: participants.id,
  organisationId: participants.organisationId,
  keyWorkerUserId: participants.keyWorkerUserId,
  preferredName: participants.preferredName,
  status: participants.status,
  neverContactAtHome: participants.neverContactAtHome,
  safeTimes: participants.safeTimes,
  contactMethods: participants.contactMethods,
  homeAreaCode: participants.homeAreaCode,
};
export type HeaderRow = Pick<typeof participants.$inferSelect, keyof typeof headerColumns>;

/** The access decision and the row it was made on: her header needs no second read. */
export async function accessAndHeaderRow(
  db: DbOrTx,
  actor: Actor | null | undefined,
  participantId: string,
  need: 'read' | 'write' | 'special' = 'read',
): Promise<{ access: ParticipantAccess; row: HeaderRow }> {
  authorise(actor, need === 'read' ? 'participant:read' : 'participant:write');
  if (!isUuid(participantId)) throw new NotFoundError();
  const [p] = await db
    .select(headerColumns)
    .from(participants)
    .where(and(eq(participants.id, participantId), isNull(participants.erasedAt)));
  if (!p) throw new NotFoundError();
  return { access: await decide(db, actor, p, need), row: p };
}

/**
 * The access decision and her whole row with her key worker's name, for her record page: the read
 * that decides access is the one the page shows (record.ts readRecord).
 */
export async function accessAndFullRow(
  db: DbOrTx,
  actor: Actor | null | undefined,
  participantId: string,
): Promise<{
  access: ParticipantAccess;
  row: typeof participants.$inferSelect;
  keyWorkerName: string | null;
}> {
  authorise(actor, 'participant:read');
  if (!isUuid(participantId)) throw new NotFoundError();
  const [found] = await db
    .select({ row: participants, keyWorkerName: users.name })
    .from(participants)
    .leftJoin(users, eq(users.id, participants.keyWorkerUserId))
    .where(and(eq(participants.id, participantId), isNull(participants.erasedAt)));
  if (!found) throw new NotFoundError();
  return { access: await decide(db, actor, found.row, 'read'), ...found };
}

/** The rule above, on her row as read (the actor already holds the permission `need` asks for). */
async function decide(
  db: DbOrTx,
  actor: Actor,
  p: HeaderRow,
  need: 'read' | 'write' | 'special',
): Promise<ParticipantAccess> {
  if (p.organisationId === actor.organisationId) {
    const isKeyWorker = p.keyWorkerUserId === actor.userId;
    const specialCategory =
      can(actor, 'participant:special-category', p) && (actor.role === 'manager' || isKeyWorker);
    if (need === 'special' && !specialCategory)
      throw new ForbiddenError(undefined, { reason: 'record', permission: 'participant:special-category' });
    return {
      participantId: p.id,
      organisationId: p.organisationId,
      keyWorkerUserId: p.keyWorkerUserId,
      level: 'owner',
      sections: allSections,
      specialCategory,
      canWrite: can(actor, 'participant:write', p),
      isKeyWorker,
    };
  }

  // Another organisation: only through an active share, while her consent to it stands.
  // Her existence is not revealed; the attempt is still recorded as a refusal (platform/audit/refusals.ts).
  const hidden = new NotFoundError(undefined, { reason: 'organisation' });
  if (need !== 'read') throw hidden;
  const shares = await db
    .select({ sections: participantShares.sections })
    .from(participantShares)
    .where(
      and(
        eq(participantShares.participantId, p.id),
        eq(participantShares.organisationId, actor.organisationId),
        eq(participantShares.active, true),
      ),
    );
  if (!shares.length || !(await hasConsent(db, p.id, 'share_organisation', actor.organisationId)))
    throw hidden;
  const sections = new Set(shares.flatMap((s) => s.sections));
  return {
    participantId: p.id,
    organisationId: p.organisationId,
    keyWorkerUserId: p.keyWorkerUserId,
    level: 'shared',
    sections,
    specialCategory: sections.has('special_category') && can(actor, 'participant:special-category'),
    canWrite: false,
    isKeyWorker: false,
  };
}
