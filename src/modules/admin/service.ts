import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { AuditFilters, AuditService } from '../../platform/audit/service.ts';
import type { Accounts } from '../../platform/auth/accounts.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can } from '../../platform/auth/authorise.ts';
import { organisations, type Role, users } from '../../platform/auth/schema.ts';
import type { PgSessionStore } from '../../platform/auth/session-store.ts';
import type { Db } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import type { Mailer } from '../../platform/mail.ts';

export const organisationKinds = ['charity', 'council', 'employer', 'other'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export interface AdminDeps {
  db: Db;
  audit: AuditService;
  accounts: Accounts;
  mailer: Mailer;
  sessionStore: PgSessionStore;
  publicBaseUrl: string;
}

export interface Invitation {
  name: string;
  email: string;
  role: Role;
  /** Another organisation of the partnership (partnership admins only); the admin's own by default. */
  organisationId?: string;
}

export type AuditQuery = Pick<
  AuditFilters,
  'action' | 'actorUserId' | 'recordType' | 'recordId' | 'from' | 'to'
>;

const LINK_HOURS = { invite: 72, reset: 24 } as const;
export const AUDIT_PAGE_SIZE = 50;

const userColumns = {
  id: users.id,
  organisationId: users.organisationId,
  name: users.name,
  email: users.email,
  role: users.role,
  active: users.active,
  invited: isNull(users.passwordHash),
  authenticator: sql<boolean>`${users.totpEnabledAt} is not null`,
  lastSignInAt: users.lastSignInAt,
};

export function createAdminService(deps: AdminDeps) {
  const { db, audit } = deps;

  /** A user of the actor's own organisation; any other is not found, whoever is asking. */
  async function loadUser(actor: Actor, id: string) {
    authorise(actor, 'users:manage');
    if (!z.uuid().safeParse(id).success) throw new NotFoundError();
    const [user] = await db.select(userColumns).from(users).where(eq(users.id, id));
    if (!user) throw new NotFoundError();
    authorise(actor, 'users:manage', user);
    return user;
  }

  /** Organisations an admin may invite into: every one for a partnership admin, else their own. */
  async function invitable(actor: Actor) {
    authorise(actor, 'users:manage');
    const where = can(actor, 'partnership:manage') ? undefined : eq(organisations.id, actor.organisationId);
    return db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(where)
      .orderBy(asc(organisations.name));
  }

  function refuseSelf(actor: Actor, userId: string, field: string) {
    if (actor.userId === userId) throw new ValidationError({ [field]: 'admin.users.errors.self' });
  }

  /** Issues a one-time link (audited with its token) and emails it. False when the email failed. */
  async function emailLink(actor: Actor, userId: string, purpose: 'invite' | 'reset', t: TFunction) {
    const [to] = await db
      .select({ name: users.name, email: users.email, organisation: organisations.name })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(users.id, userId));
    if (!to) throw new NotFoundError();
    const hours = LINK_HOURS[purpose];
    const token = await deps.accounts.issuePasswordToken(userId, purpose, actor, hours);
    const values = { ...to, hours, link: `${deps.publicBaseUrl}/set-password/${token}` };
    try {
      await deps.mailer.send({
        to: to.email,
        subject: t(`admin.email.${purpose}.subject`, values),
        text: t(`admin.email.${purpose}.body`, values),
      });
      return true;
    } catch {
      return false;
    }
  }

  async function setActive(actor: Actor, id: string, active: boolean) {
    const user = await loadUser(actor, id);
    refuseSelf(actor, user.id, 'status');
    await db.transaction(async (tx) => {
      const changed = await tx
        .update(users)
        .set({ active, failedAttempts: 0, lockedUntil: null, updatedAt: new Date() })
        .where(and(eq(users.id, id), eq(users.active, !active)))
        .returning({ id: users.id });
      if (changed.length === 0) return;
      const action = active ? 'user-reactivated' : 'user-deactivated';
      await audit.record({ actor, action, recordType: 'user', recordId: id }, tx);
    });
    // Ends their sessions at once; a session that slips past is refused at its next request anyway.
    if (!active) await deps.sessionStore.destroyForUser(id);
    return user;
  }

  return {
    async listOrganisations(actor: Actor) {
      authorise(actor, 'partnership:manage');
      return db
        .select({
          id: organisations.id,
          name: organisations.name,
          kind: organisations.kind,
          createdAt: organisations.createdAt,
          activeUsers: count(users.id),
        })
        .from(organisations)
        .leftJoin(users, and(eq(users.organisationId, organisations.id), eq(users.active, true)))
        .groupBy(organisations.id)
        .orderBy(asc(organisations.name));
    },

    async addOrganisation(actor: Actor, input: { name: string; kind: OrganisationKind }) {
      authorise(actor, 'partnership:manage');
      return db.transaction(async (tx) => {
        await tx.execute(sql`lock table ${organisations} in share row exclusive mode`);
        const [taken] = await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(sql`lower(${organisations.name}) = lower(${input.name})`);
        if (taken) throw new ValidationError({ name: 'admin.organisations.errors.nameTaken' });
        const [row] = await tx.insert(organisations).values(input).returning({ id: organisations.id });
        const id = row!.id;
        await audit.record(
          {
            actor,
            action: 'organisation-added',
            recordType: 'organisation',
            recordId: id,
            details: { kind: input.kind },
          },
          tx,
        );
        return id;
      });
    },

    /** Organisations an admin may invite into: every one for a partnership admin, else their own. */
    invitableOrganisations: invitable,

    /**
     * The users of every organisation the admin administers, by organisation, her own first: her own
     * alone, or every organisation for a partnership admin (the organisations she may invite into),
     * so a user invited into the wrong organisation is seen. Only her own organisation's users are
     * hers to open and manage (getUser).
     */
    async listUsers(actor: Actor) {
      authorise(actor, 'users:manage');
      const orgs = await invitable(actor);
      const rows = await db
        .select(userColumns)
        .from(users)
        .where(
          inArray(
            users.organisationId,
            orgs.map((o) => o.id),
          ),
        )
        .orderBy(asc(users.name));
      return orgs
        .map((o) => ({
          ...o,
          own: o.id === actor.organisationId,
          users: rows.filter((u) => u.organisationId === o.id),
        }))
        .filter((o) => o.own || o.users.length > 0)
        .sort((a, b) => Number(b.own) - Number(a.own));
    },

    getUser: loadUser,

    /**
     * Creates the user and emails their one-time link. When the email cannot be sent the invitation
     * is withdrawn again, so nothing is left half-done and the admin can correct the address.
     */
    async inviteUser(actor: Actor, input: Invitation, t: TFunction) {
      authorise(actor, 'users:manage');
      const organisationId = input.organisationId ?? actor.organisationId;
      if (organisationId !== actor.organisationId) authorise(actor, 'partnership:manage');
      const [org] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
      if (!org) throw new ValidationError({ organisationId: 'admin.users.errors.organisationMissing' });
      const email = input.email.trim();
      const userId = await db.transaction(async (tx) => {
        // users_email_key is unique on lower(email): a duplicate inserts nothing.
        const [row] = await tx
          .insert(users)
          .values({ organisationId, name: input.name, email, role: input.role })
          .onConflictDoNothing()
          .returning({ id: users.id });
        if (!row) throw new ValidationError({ email: 'admin.users.errors.emailTaken' });
        const details = { role: input.role, organisationId };
        await audit.record(
          { actor, action: 'user-invited', recordType: 'user', recordId: row.id, details },
          tx,
        );
        return row.id;
      });
      if (await emailLink(actor, userId, 'invite', t)) return { userId, organisationId };
      await db.transaction(async (tx) => {
        await tx.delete(users).where(and(eq(users.id, userId), isNull(users.passwordHash)));
        const details = { reason: 'email-not-sent' };
        await audit.record(
          { actor, action: 'user-invite-withdrawn', recordType: 'user', recordId: userId, details },
          tx,
        );
      });
      throw new ValidationError({ email: 'admin.users.errors.emailNotSent' });
    },

    async changeRole(actor: Actor, id: string, role: Role) {
      const user = await loadUser(actor, id);
      refuseSelf(actor, user.id, 'role');
      if (user.role === role) return user;
      await db.transaction(async (tx) => {
        await tx.update(users).set({ role, updatedAt: new Date() }).where(eq(users.id, id));
        const details = { from: user.role, to: role };
        await audit.record(
          { actor, action: 'user-role-changed', recordType: 'user', recordId: id, details },
          tx,
        );
      });
      return user;
    },

    deactivateUser: (actor: Actor, id: string) => setActive(actor, id, false),
    reactivateUser: (actor: Actor, id: string) => setActive(actor, id, true),

    /** A new invitation for someone who never set a password, otherwise a password reset. */
    async sendPasswordLink(actor: Actor, id: string, t: TFunction) {
      const user = await loadUser(actor, id);
      if (!user.active) throw new ValidationError({ status: 'admin.users.errors.inactive' });
      const purpose = user.invited ? 'invite' : 'reset';
      if (!(await emailLink(actor, id, purpose, t)))
        throw new ValidationError({ status: 'admin.users.errors.linkNotSent' });
      return { user, purpose };
    },

    /** Everyone of the admin's organisation, to name who did what in the audit log. */
    async auditPeople(actor: Actor) {
      authorise(actor, 'audit:view');
      return db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(eq(users.organisationId, actor.organisationId))
        .orderBy(asc(users.name));
    },

    /** One page of the events done by people of the admin's organisation, newest first. Audited. */
    async auditEvents(actor: Actor, query: AuditQuery, beforeSeq?: number) {
      authorise(actor, 'audit:view');
      const rows = await audit.list({
        ...query,
        actorOrganisationId: actor.organisationId,
        beforeSeq,
        limit: AUDIT_PAGE_SIZE + 1,
      });
      const events = rows.slice(0, AUDIT_PAGE_SIZE);
      const used = Object.keys(query).filter((k) => query[k as keyof AuditQuery] !== undefined);
      await audit.record({
        actor,
        action: 'audit-viewed',
        details: { filters: used, beforeSeq: beforeSeq ?? null },
      });
      return {
        events,
        nextBefore: rows.length > AUDIT_PAGE_SIZE ? events.at(-1)?.seq : undefined,
      };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
