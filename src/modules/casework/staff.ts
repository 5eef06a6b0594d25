import { eq } from 'drizzle-orm';
import { organisations, users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';

/** A member of staff as printed papers name them: who they are and how to reach them. */
export interface StaffContact {
  name: string;
  email: string;
  organisation: string;
}

/**
 * The referrer on a printed referral summary, her key worker on a printed plan: the paper must say
 * whom to call back. Read only after the caller has passed her record's access check.
 */
export async function staffContact(db: DbOrTx, userId: string | null): Promise<StaffContact | null> {
  if (!userId) return null;
  const [row] = await db
    .select({ name: users.name, email: users.email, organisation: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId));
  return row ?? null;
}
