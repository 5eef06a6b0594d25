import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ForbiddenError } from '../../platform/http/errors.ts';
import { type ConsentPurpose, participantConsents } from './schema.ts';

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
