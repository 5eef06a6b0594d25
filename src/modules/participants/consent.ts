import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ForbiddenError } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/zod.ts';
import { type ConsentPurpose, participantConsents, participants } from './schema.ts';

/** Raised when a use of her data needs a consent she has not given (or has withdrawn). */
export class ConsentRequiredError extends ForbiddenError {
  constructor(readonly purpose: ConsentPurpose) {
    super(`Consent needed: ${purpose}`);
  }
}

/**
 * Whether she currently consents to this purpose (for share_organisation: with that organisation).
 * The latest answer wins, so a withdrawal takes effect at once everywhere this is checked.
 * Every later use of her data (referrals, sharing, SMS/email, reports) calls this first.
 */
export async function hasConsent(
  db: DbOrTx,
  participantId: string,
  purpose: ConsentPurpose,
  organisationId?: string,
): Promise<boolean> {
  if (purpose === 'share_organisation' && !organisationId) return false;
  const [row] = await db
    .select({ given: participantConsents.given })
    .from(participantConsents)
    .where(
      and(
        eq(participantConsents.participantId, participantId),
        eq(participantConsents.purpose, purpose),
        organisationId
          ? eq(participantConsents.organisationId, organisationId)
          : isNull(participantConsents.organisationId),
      ),
    )
    .orderBy(desc(participantConsents.recordedAt), desc(sql`ctid`))
    .limit(1);
  return row?.given ?? false;
}

/** hasConsent, or a ConsentRequiredError (403) naming the missing purpose. */
export async function requireConsent(
  db: DbOrTx,
  participantId: string,
  purpose: ConsentPurpose,
  organisationId?: string,
): Promise<void> {
  if (!(await hasConsent(db, participantId, purpose, organisationId)))
    throw new ConsentRequiredError(purpose);
}

export interface ConsentState {
  purpose: ConsentPurpose;
  organisationId: string | null;
  given: boolean;
  method: string;
  recordedAt: Date;
  recordedByUserId: string | null;
}

/** Her current answer for each purpose (and each named organisation), latest first. */
export async function currentConsents(db: DbOrTx, participantId: string): Promise<ConsentState[]> {
  const rows = await db
    .selectDistinctOn([participantConsents.purpose, participantConsents.organisationId], {
      purpose: participantConsents.purpose,
      organisationId: participantConsents.organisationId,
      given: participantConsents.given,
      method: participantConsents.method,
      recordedAt: participantConsents.recordedAt,
      recordedByUserId: participantConsents.recordedByUserId,
    })
    .from(participantConsents)
    .where(eq(participantConsents.participantId, participantId))
    .orderBy(
      participantConsents.purpose,
      participantConsents.organisationId,
      desc(participantConsents.recordedAt),
      desc(sql`ctid`),
    );
  return rows;
}

export async function consentHistory(db: DbOrTx, participantId: string) {
  return db
    .select()
    .from(participantConsents)
    .where(eq(participantConsents.participantId, participantId))
    .orderBy(desc(participantConsents.recordedAt));
}

/**
 * Of the given women, those the actor may open as her own organisation's staff (the owner level of
 * access.ts: same organisation, record not erased) who currently consent to `purpose`, with the
 * name a page shows: one query for a whole list instead of hasConsent and a header per woman.
 * Deny by default: no participant:read, no list; a woman of another organisation, an erased record,
 * no answer or a withdrawal (the latest answer wins, as in hasConsent) leaves her out.
 * share_organisation is per named organisation and never answered here.
 */
export async function womenWithConsent(
  db: DbOrTx,
  actor: Actor,
  participantIds: readonly string[],
  purpose: Exclude<ConsentPurpose, 'share_organisation'>,
): Promise<Map<string, { preferredName: string }>> {
  authorise(actor, 'participant:read');
  const out = new Map<string, { preferredName: string }>();
  const ids = participantIds.filter(isUuid);
  if (!ids.length || (purpose as string) === 'share_organisation') return out;
  const { rows } = await db.execute<{ id: string; preferred_name: string }>(sql`
    select p.id, p.preferred_name
    from ${participants} p
    where p.id = any(${`{${ids.join(',')}}`}::uuid[])
      and p.organisation_id = ${actor.organisationId}
      and p.erased_at is null
      and (select c.given from ${participantConsents} c
           where c.participant_id = p.id and c.purpose = ${purpose} and c.organisation_id is null
           order by c.recorded_at desc, c.ctid desc limit 1)`);
  for (const r of rows) out.set(r.id, { preferredName: r.preferred_name });
  return out;
}
