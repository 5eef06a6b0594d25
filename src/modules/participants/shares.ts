import { and, eq, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { requireConsent } from './consent.ts';
import type { ParticipantsDeps } from './extensions.ts';
import { participantShares, participants, type ShareSection } from './schema.ts';

export interface GrantShareInput {
  participantId: string;
  /** The partner organisation that will see the shared sections. */
  organisationId: string;
  sections: ShareSection[];
  purpose?: string;
  sourceReferralId?: string | null;
}

/**
 * Lets a partner organisation see the named sections of her record. Refused (ConsentRequiredError,
 * 403) unless she consents to sharing with that organisation. Callable by the owning organisation
 * (participant:write), or by the receiving organisation when it accepts a referral that names
 * `sourceReferralId` (the casework module checks the referral). Pass the caller's transaction.
 */
export async function grantShare(
  deps: Pick<ParticipantsDeps, 'audit'>,
  tx: DbOrTx,
  actor: Actor,
  input: GrantShareInput,
): Promise<string> {
  authorise(actor, 'participant:read');
  const [p] = await tx
    .select({ organisationId: participants.organisationId, erasedAt: participants.erasedAt })
    .from(participants)
    .where(eq(participants.id, input.participantId));
  if (!p || p.erasedAt) throw new NotFoundError();
  const owner = p.organisationId === actor.organisationId;
  const receiving = actor.organisationId === input.organisationId && Boolean(input.sourceReferralId);
  if (owner) authorise(actor, 'participant:write', p);
  else if (!receiving) throw new NotFoundError();
  if (input.organisationId === p.organisationId) throw new Error('A record is not shared with its owner');
  await requireConsent(tx, input.participantId, 'share_organisation', input.organisationId);
  const [row] = await tx
    .insert(participantShares)
    .values({
      participantId: input.participantId,
      organisationId: input.organisationId,
      sections: [...new Set(input.sections)],
      purpose: input.purpose ?? 'referral',
      sourceReferralId: input.sourceReferralId ?? null,
      grantedByUserId: actor.userId,
    })
    .returning({ id: participantShares.id });
  await deps.audit.record(
    {
      actor,
      action: 'participant.share-granted',
      recordType: 'participant',
      recordId: input.participantId,
      details: {
        shareId: row!.id,
        organisationId: input.organisationId,
        sections: input.sections,
        sourceReferralId: input.sourceReferralId ?? null,
      },
    },
    tx,
  );
  return row!.id;
}

export interface RevokeShareFilter {
  participantId: string;
  organisationId?: string;
  sourceReferralId?: string;
  shareId?: string;
}

/**
 * Ends matching active shares at once (the referral closed, was withdrawn, or she withdrew consent).
 * `actor` is null when the system does it (retention). Returns how many were revoked.
 */
export async function revokeShares(
  deps: Pick<ParticipantsDeps, 'audit'>,
  tx: DbOrTx,
  actor: Actor | null,
  filter: RevokeShareFilter,
  reason: string,
): Promise<number> {
  const where: SQL[] = [
    eq(participantShares.participantId, filter.participantId),
    eq(participantShares.active, true),
  ];
  if (filter.organisationId) where.push(eq(participantShares.organisationId, filter.organisationId));
  if (filter.sourceReferralId) where.push(eq(participantShares.sourceReferralId, filter.sourceReferralId));
  if (filter.shareId) where.push(eq(participantShares.id, filter.shareId));
  const revoked = await tx
    .update(participantShares)
    .set({ active: false, revokedAt: new Date(), revokedByUserId: actor?.userId ?? null })
    .where(and(...where))
    .returning({ id: participantShares.id, organisationId: participantShares.organisationId });
  for (const r of revoked) {
    await deps.audit.record(
      {
        actor,
        action: 'participant.share-revoked',
        recordType: 'participant',
        recordId: filter.participantId,
        details: { shareId: r.id, organisationId: r.organisationId, reason },
      },
      tx,
    );
  }
  return revoked.length;
}

export async function sharesOf(db: DbOrTx, participantId: string) {
  return db
    .select()
    .from(participantShares)
    .where(eq(participantShares.participantId, participantId))
    .orderBy(participantShares.grantedAt);
}
