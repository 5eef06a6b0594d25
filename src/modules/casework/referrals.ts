import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import type { ConsentWithdrawnEvent, Notice } from '../participants/index.ts';
import { audit, type CaseworkDeps, isUuid, ownerAccess, ownerHeader } from './deps.ts';
import { type ReferralStatus, referralEvents, referrals } from './schema.ts';

/** Sections of her record a referral may share (never special-category data through a referral form). */
export const referralSections = [
  'names',
  'date_of_birth',
  'contact',
  'languages',
  'availability',
  'skills',
  'qualifications',
  'work_history',
] as const;
export type ReferralSection = (typeof referralSections)[number];

export interface NewReferral {
  serviceId: string;
  sections: ReferralSection[];
  note: string | null;
  /** For a service not on the platform: the key worker confirms she agreed to this referral. */
  agreed: boolean;
  /** The key worker confirms a second referral to a service that has already accepted her. */
  again?: boolean;
}

type Referral = typeof referrals.$inferSelect;
const open: ReferralStatus[] = ['sent', 'accepted', 'attended'];

/**
 * Who may move a referral where. The receiving organisation answers a referral sent to it; the
 * referring organisation withdraws, and records the answers itself for a service not on the platform.
 */
const receiverMoves: Record<string, ReferralStatus[]> = {
  sent: ['accepted', 'declined'],
  accepted: ['attended', 'completed'],
  attended: ['completed'],
};
const offPlatformMoves: Record<string, ReferralStatus[]> = {
  sent: ['accepted', 'declined', 'withdrawn'],
  accepted: ['attended', 'completed', 'withdrawn'],
  attended: ['completed', 'withdrawn'],
};
const referrerMoves: Record<string, ReferralStatus[]> = {
  sent: ['withdrawn'],
  accepted: ['withdrawn'],
  attended: ['withdrawn'],
};

export function allowedMoves(r: Referral, actor: Actor): ReferralStatus[] {
  if (r.receivingOrganisationId && r.receivingOrganisationId === actor.organisationId)
    return receiverMoves[r.status] ?? [];
  if (r.organisationId === actor.organisationId)
    return (r.receivingOrganisationId ? referrerMoves : offPlatformMoves)[r.status] ?? [];
  return [];
}

/** The platform organisation that runs a directory service, if it is on the platform. */
async function receivingOrganisation(deps: CaseworkDeps, serviceId: string) {
  const service = await deps.directory.getService(serviceId);
  // A staff-made service's HSDS organization has the same id as the partnership organisation.
  const nested = service.organization as { id?: unknown } | undefined;
  const raw = nested?.id ?? service.organization_id;
  const orgId = typeof raw === 'string' ? raw : null;
  const onPlatform = orgId
    ? (await deps.participants.organisations()).find((o) => o.id === orgId)
    : undefined;
  return { service, organisation: onPlatform ?? null };
}

async function addEvent(
  tx: DbOrTx,
  referralId: string,
  status: ReferralStatus,
  actor: Actor | null,
  reason: string | null,
) {
  await tx.insert(referralEvents).values({
    referralId,
    status,
    reason,
    byUserId: actor?.userId ?? null,
    byOrganisationId: actor?.organisationId ?? null,
  });
}

/**
 * The new-referral page's one access decision: her header, and the service she would be referred
 * to (when one is chosen) with whether its organisation is on the platform and her consent to it.
 */
export async function referralPage(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  serviceId: string,
) {
  const header = await ownerHeader(deps, deps.db, actor, participantId, 'write');
  const chosen = serviceId ? await referralTarget(deps, participantId, serviceId) : null;
  return {
    header,
    chosen: chosen && {
      ...chosen,
      accepted: await acceptedReferral(deps.db, header.organisationId, participantId, chosen.id),
    },
  };
}

/** Her referral from this organisation that the service has accepted and not yet closed, if any. */
async function acceptedReferral(
  db: DbOrTx,
  organisationId: string,
  participantId: string,
  serviceId: string,
) {
  const [row] = await db
    .select({ id: referrals.id, status: referrals.status })
    .from(referrals)
    .where(
      and(
        eq(referrals.participantId, participantId),
        eq(referrals.organisationId, organisationId),
        eq(referrals.serviceId, serviceId),
        inArray(referrals.status, ['accepted', 'attended']),
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * The platform organisation she has not (or no longer) agreed to share with, which a referral to
 * this service needs; null when nothing is missing (or the service is unknown or not on the platform).
 */
export async function missingShareConsent(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  serviceId: string,
): Promise<string | null> {
  await ownerAccess(deps, deps.db, actor, participantId, 'write');
  const target = await referralTarget(deps, participantId, serviceId);
  if (!target?.organisation || target.organisation.id === actor.organisationId) return null;
  return target.consent ? null : target.organisation.id;
}

/** The chosen service (after the caller's access decision), or null for an unknown one. */
async function referralTarget(deps: CaseworkDeps, participantId: string, serviceId: string) {
  if (!isUuid(serviceId)) return null;
  try {
    const { service, organisation } = await receivingOrganisation(deps, serviceId);
    const consent = organisation
      ? await deps.participants.hasConsent(participantId, 'share_organisation', organisation.id)
      : null;
    return { id: service.id, name: service.name, organisation, consent };
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/**
 * Refers her to a directory service. Refused (403, ConsentRequiredError) unless she consents to
 * sharing with the organisation that runs it, when that organisation is on the platform; for a
 * service elsewhere, the key worker must confirm she agreed (a printable summary goes with it).
 */
export async function createReferral(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  input: NewReferral,
) {
  authorise(actor, 'participant:write');
  if (!isUuid(input.serviceId)) throw new ValidationError({ serviceId: 'casework.errors.serviceMissing' });
  const { service, organisation } = await receivingOrganisation(deps, input.serviceId);
  if (organisation?.id === actor.organisationId)
    throw new ValidationError({ serviceId: 'casework.errors.ownService' });
  if (!organisation && !input.agreed) throw new ValidationError({ agreed: 'casework.errors.agreed' });
  return deps.db.transaction(async (tx) => {
    await ownerAccess(deps, tx, actor, participantId, 'write');
    if (organisation)
      await deps.participants.requireConsent(participantId, 'share_organisation', organisation.id, tx);
    // A second referral to a service already helping her is usually a mistake: only on purpose.
    if (!input.again && (await acceptedReferral(tx, actor.organisationId, participantId, service.id)))
      throw new ValidationError({ again: 'casework.errors.alreadyAccepted' });
    const [row] = await tx
      .insert(referrals)
      .values({
        participantId,
        organisationId: actor.organisationId,
        fromUserId: actor.userId,
        serviceId: service.id,
        serviceName: service.name,
        receivingOrganisationId: organisation?.id ?? null,
        sections: [...new Set(input.sections)],
        note: input.note,
      })
      .returning();
    await addEvent(tx, row!.id, 'sent', actor, null);
    await audit(deps, tx, actor, 'referral.sent', 'participant', participantId, {
      referralId: row!.id,
      serviceId: service.id,
      receivingOrganisationId: organisation?.id ?? null,
      sections: row!.sections,
    });
    return row!;
  });
}

/** A referral as the referring or the receiving organisation sees it (anyone else: 404). */
export async function getReferral(deps: CaseworkDeps, actor: Actor, referralId: string) {
  authorise(actor, 'participant:read');
  if (!isUuid(referralId)) throw new NotFoundError();
  return deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(referrals).where(eq(referrals.id, referralId));
    if (!r) throw new NotFoundError();
    const side =
      r.organisationId === actor.organisationId
        ? 'referrer'
        : r.receivingOrganisationId === actor.organisationId
          ? 'receiver'
          : null;
    if (!side) throw new NotFoundError(undefined, { reason: 'organisation' });
    // The referrer must still be able to see her record (erased, handed to another organisation: 404).
    if (side === 'referrer') await ownerAccess(deps, tx, actor, r.participantId, 'read');
    if (r.answerUnseen && r.fromUserId === actor.userId)
      await tx.update(referrals).set({ answerUnseen: false }).where(eq(referrals.id, r.id));
    const events = await tx
      .select()
      .from(referralEvents)
      .where(eq(referralEvents.referralId, r.id))
      .orderBy(asc(referralEvents.at));
    await audit(deps, tx, actor, 'referral.viewed', 'referral', r.id, { side });
    return { referral: r, events, side, moves: allowedMoves(r, actor) };
  });
}

/**
 * Moves a referral on. Accepting grants the receiving organisation the referral's sections of her
 * record (and nothing else); declining, completing or withdrawing ends that share.
 */
export async function moveReferral(
  deps: CaseworkDeps,
  actor: Actor,
  referralId: string,
  to: ReferralStatus,
  reason: string | null,
) {
  authorise(actor, 'participant:write');
  if (!isUuid(referralId)) throw new NotFoundError();
  // The referrer and she deserve to know why a service said no.
  if (to === 'declined' && !reason?.trim())
    throw new ValidationError({ reason: 'casework.errors.declineReason' });
  const answered = await deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(referrals).where(eq(referrals.id, referralId)).for('update');
    if (!r) throw new NotFoundError();
    if (r.organisationId !== actor.organisationId && r.receivingOrganisationId !== actor.organisationId)
      throw new NotFoundError(undefined, { reason: 'organisation' });
    if (r.organisationId === actor.organisationId)
      await ownerAccess(deps, tx, actor, r.participantId, 'write');
    if (!allowedMoves(r, actor).includes(to)) throw new ForbiddenError('This referral cannot move there');
    const now = new Date();
    const answering = r.status === 'sent' && (to === 'accepted' || to === 'declined');
    // The receiving organisation's answer is news to the key worker who sent it.
    const news = answering && r.receivingOrganisationId === actor.organisationId && r.fromUserId !== null;
    await tx
      .update(referrals)
      .set({
        status: to,
        updatedAt: now,
        ...(answering ? { answeredAt: now, answeredByUserId: actor.userId } : {}),
        ...(news ? { answerUnseen: true } : {}),
      })
      .where(eq(referrals.id, r.id));
    await addEvent(tx, r.id, to, actor, reason);
    if (to === 'accepted' && r.receivingOrganisationId === actor.organisationId) {
      await deps.participants.grantShare(tx, actor, {
        participantId: r.participantId,
        organisationId: actor.organisationId,
        sections: r.sections as ReferralSection[],
        purpose: 'referral',
        sourceReferralId: r.id,
      });
    }
    if (to === 'declined' || to === 'completed' || to === 'withdrawn')
      await deps.participants.revokeShares(
        tx,
        actor,
        { participantId: r.participantId, sourceReferralId: r.id },
        `referral-${to}`,
      );
    await audit(deps, tx, actor, `referral.${to}`, 'participant', r.participantId, {
      referralId: r.id,
      from: r.status,
    });
    return news ? r.fromUserId : null;
  });
  if (answered) await emailReferrer(deps, answered, referralId);
}

/**
 * Emails the referring key worker that her referral was answered: a link only, no personal data
 * (email leaves our systems). A failed email is audited and leaves the answer standing; the notice
 * on her caseload still shows it.
 */
async function emailReferrer(deps: CaseworkDeps, userId: string, referralId: string) {
  if (!deps.mailer) return;
  const [to] = await deps.db
    .select({ email: users.email, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!to?.active) return;
  const t = (await platformI18n()).t('en');
  const link = `${(deps.publicBaseUrl ?? '').replace(/\/$/, '')}/referrals/${referralId}`;
  try {
    await deps.mailer.send({
      to: to.email,
      subject: t('casework.email.answered.subject'),
      text: t('casework.email.answered.body', { link }),
    });
  } catch {
    await audit(deps, deps.db, null, 'referral.answer-email-failed', 'referral', referralId);
  }
}

/** Referrals this member of staff sent whose answer she has not opened yet (her caseload notice). */
export async function answeredReferrals(db: DbOrTx, actor: Actor): Promise<Notice[]> {
  const rows = await db
    .select({ id: referrals.id, serviceName: referrals.serviceName, status: referrals.status })
    .from(referrals)
    .where(
      and(
        eq(referrals.fromUserId, actor.userId),
        eq(referrals.organisationId, actor.organisationId),
        eq(referrals.answerUnseen, true),
      ),
    )
    .orderBy(desc(referrals.answeredAt))
    .limit(20);
  return rows.map((r) => ({
    key: `casework.referral.notice.${r.status === 'declined' ? 'declined' : 'accepted'}`,
    values: { service: r.serviceName },
    href: `/referrals/${r.id}`,
  }));
}

/** Her referrals, for her record (owning organisation only). */
export async function referralsOf(deps: CaseworkDeps, actor: Actor, participantId: string) {
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'read');
    const rows = await tx
      .select()
      .from(referrals)
      .where(
        and(eq(referrals.participantId, participantId), eq(referrals.organisationId, header.organisationId)),
      )
      .orderBy(desc(referrals.sentAt));
    await audit(deps, tx, actor, 'referral.list-viewed', 'participant', participantId);
    return { header, rows };
  });
}

/** The receiving organisation's inbox: referrals sent to it, waiting ones first. */
export async function referralInbox(deps: CaseworkDeps, actor: Actor, filter: 'waiting' | 'all' = 'waiting') {
  authorise(actor, 'referral:answer');
  const where = [eq(referrals.receivingOrganisationId, actor.organisationId)];
  if (filter === 'waiting') where.push(eq(referrals.status, 'sent'));
  const rows = await deps.db
    .select({
      id: referrals.id,
      serviceName: referrals.serviceName,
      status: referrals.status,
      sentAt: referrals.sentAt,
      answeredAt: referrals.answeredAt,
      fromOrganisationId: referrals.organisationId,
    })
    .from(referrals)
    .where(and(...where))
    .orderBy(asc(referrals.sentAt))
    .limit(500);
  const orgs = new Map((await deps.participants.organisations()).map((o) => [o.id, o.name]));
  await audit(deps, deps.db, actor, 'referral.inbox-viewed', 'organisation', actor.organisationId, {
    count: rows.length,
  });
  return rows.map((r) => ({ ...r, fromOrganisation: orgs.get(r.fromOrganisationId) ?? '' }));
}

/** Hours from sent to answered, for the organisation's answered referrals (time to answer). */
export function hoursToAnswer(r: Pick<Referral, 'sentAt' | 'answeredAt'>): number | null {
  return r.answeredAt
    ? Math.round(((r.answeredAt.getTime() - r.sentAt.getTime()) / 3_600_000) * 10) / 10
    : null;
}

/** Her withdrawal of consent to share with an organisation stops every open referral to it. */
export async function onSharingWithdrawn(deps: CaseworkDeps, tx: DbOrTx, event: ConsentWithdrawnEvent) {
  if (event.purpose !== 'share_organisation' || !event.organisationId) return;
  const stopped = await tx
    .update(referrals)
    .set({ status: 'withdrawn', updatedAt: new Date() })
    .where(
      and(
        eq(referrals.participantId, event.participantId),
        eq(referrals.receivingOrganisationId, event.organisationId),
        inArray(referrals.status, open),
      ),
    )
    .returning({ id: referrals.id });
  for (const r of stopped) {
    await addEvent(tx, r.id, 'withdrawn', event.actor, 'consent-withdrawn');
    await deps.participants.revokeShares(
      tx,
      event.actor,
      { participantId: event.participantId, sourceReferralId: r.id },
      'consent-withdrawn',
    );
    await audit(deps, tx, event.actor, 'referral.withdrawn', 'participant', event.participantId, {
      referralId: r.id,
      reason: 'consent-withdrawn',
    });
  }
}

/** Referrals of hers waiting for an answer (caseload column). */
export async function waitingCounts(db: DbOrTx, participantIds: string[]) {
  if (!participantIds.length) return new Map<string, string | null>();
  const rows = await db
    .select({ participantId: referrals.participantId })
    .from(referrals)
    .where(and(inArray(referrals.participantId, participantIds), eq(referrals.status, 'sent')));
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.participantId, (counts.get(r.participantId) ?? 0) + 1);
  return new Map([...counts].map(([k, v]) => [k, String(v)]));
}
