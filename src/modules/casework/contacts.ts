import { and, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { audit, type CaseworkDeps, isUuid, ownerHeader } from './deps.ts';
import { type ContactKind, contacts, contactVersions } from './schema.ts';

export interface ContactInput {
  kind: ContactKind;
  /** YYYY-MM-DD */
  happenedOn: string;
  notes: string | null;
  restricted: boolean;
  nextContactOn: string | null;
}

type Contact = typeof contacts.$inferSelect;

/** A restricted entry (e.g. a disclosure of abuse) is seen only by its author and the organisation's managers. */
export const canSee = (c: Pick<Contact, 'restricted' | 'authorUserId'>, actor: Actor) =>
  !c.restricted || c.authorUserId === actor.userId || actor.role === 'manager';

/** Her contacts timeline, newest first, without the restricted entries this actor may not see. */
export async function contactsOf(deps: CaseworkDeps, actor: Actor, participantId: string) {
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'read');
    const rows = await tx
      .select()
      .from(contacts)
      .where(
        and(eq(contacts.participantId, participantId), eq(contacts.organisationId, header.organisationId)),
      )
      .orderBy(desc(contacts.happenedAt), desc(contacts.createdAt));
    const visible = rows.filter((c) => canSee(c, actor));
    await audit(deps, tx, actor, 'contact.timeline-viewed', 'participant', participantId, {
      shown: visible.length,
      hiddenRestricted: rows.length - visible.length,
    });
    return {
      header,
      rows: visible.map((c) => ({
        ...c,
        canEdit: c.authorUserId === actor.userId || actor.role === 'manager',
      })),
    };
  });
}

/** Records a contact with her; her last-contact date (retention) moves on in the same transaction. */
export async function addContact(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  input: ContactInput,
) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const { access } = await ownerHeader(deps, tx, actor, participantId, 'write');
    const happenedAt = new Date(`${input.happenedOn}T12:00:00Z`);
    const [row] = await tx
      .insert(contacts)
      .values({
        participantId,
        organisationId: access.organisationId,
        authorUserId: actor.userId,
        kind: input.kind,
        happenedAt,
        notes: input.notes,
        restricted: input.restricted,
        nextContactOn: input.nextContactOn,
      })
      .returning({ id: contacts.id });
    await deps.participants.touchLastContact(tx, participantId, happenedAt);
    await audit(deps, tx, actor, 'contact.created', 'participant', participantId, {
      contactId: row!.id,
      kind: input.kind,
      restricted: input.restricted,
    });
    return row!.id;
  });
}

async function loadVisible(
  deps: CaseworkDeps,
  tx: DbOrTx,
  actor: Actor,
  contactId: string,
  need: 'read' | 'write',
) {
  if (!isUuid(contactId)) throw new NotFoundError();
  const [c] = await tx.select().from(contacts).where(eq(contacts.id, contactId));
  requireOwn(actor, c);
  const header = await ownerHeader(deps, tx, actor, c.participantId, need);
  if (!canSee(c, actor)) throw new NotFoundError();
  if (need === 'write' && c.authorUserId !== actor.userId && actor.role !== 'manager')
    throw new NotFoundError();
  return { c, header };
}

export async function getContact(deps: CaseworkDeps, actor: Actor, contactId: string) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const { c, header } = await loadVisible(deps, tx, actor, contactId, 'write');
    await audit(deps, tx, actor, 'contact.viewed', 'participant', c.participantId, { contactId });
    return { contact: c, header };
  });
}

/** Edits a contact; the version it replaces is kept. Returns her id (for her timeline). */
export async function editContact(deps: CaseworkDeps, actor: Actor, contactId: string, input: ContactInput) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const { c } = await loadVisible(deps, tx, actor, contactId, 'write');
    await tx.insert(contactVersions).values({
      contactId: c.id,
      version: c.version,
      kind: c.kind,
      happenedAt: c.happenedAt,
      notes: c.notes,
      restricted: c.restricted,
      nextContactOn: c.nextContactOn,
      editedByUserId: c.authorUserId,
      editedAt: c.updatedAt,
    });
    const happenedAt = new Date(`${input.happenedOn}T12:00:00Z`);
    await tx
      .update(contacts)
      .set({
        kind: input.kind,
        happenedAt,
        notes: input.notes,
        restricted: input.restricted,
        nextContactOn: input.nextContactOn,
        version: sql`${contacts.version} + 1`,
        authorUserId: c.authorUserId,
        updatedAt: new Date(),
      })
      .where(eq(contacts.id, c.id));
    await deps.participants.touchLastContact(tx, c.participantId, happenedAt);
    await audit(deps, tx, actor, 'contact.edited', 'participant', c.participantId, {
      contactId: c.id,
      fromVersion: c.version,
    });
    return c.participantId;
  });
}

/** Every version of a contact, current first. */
export async function contactHistory(deps: CaseworkDeps, actor: Actor, contactId: string) {
  authorise(actor, 'participant:read');
  return deps.db.transaction(async (tx) => {
    const { c, header } = await loadVisible(deps, tx, actor, contactId, 'read');
    const versions = await tx
      .select()
      .from(contactVersions)
      .where(eq(contactVersions.contactId, c.id))
      .orderBy(desc(contactVersions.version));
    await audit(deps, tx, actor, 'contact.history-viewed', 'participant', c.participantId, { contactId });
    return { header, contact: c, versions };
  });
}

/**
 * The next contact planned for her (caseload column): the latest next-contact date any of her
 * contacts planned, so a later note that plans none (a restricted note, a drop-in visit) does not
 * blank it. One read of her contacts by the participant index per woman.
 */
export async function nextContacts(db: DbOrTx, participantIds: string[]) {
  const out = new Map<string, Date | null>();
  if (!participantIds.length) return out;
  const ids = sql.join(
    participantIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const { rows } = await db.execute<{ participant_id: string; next: string | null }>(sql`
    select p.id as participant_id, c.next::text as next
    from unnest(array[${ids}]::uuid[]) as p(id)
    cross join lateral (
      select max(${contacts.nextContactOn}) as next from ${contacts}
      where ${contacts.participantId} = p.id
    ) c`);
  // A date (not text), so that the caseload shows it as a date in her language.
  for (const r of rows) out.set(r.participant_id, r.next ? new Date(`${r.next}T00:00:00Z`) : null);
  return out;
}
