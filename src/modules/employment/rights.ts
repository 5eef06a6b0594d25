import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { EmploymentDeps } from './deps.ts';
import { decryptProfile } from './profiles.ts';
import { putForwardEvents, putForwards, workProfiles } from './schema.ts';

/** Everything employment holds about her, decrypted, for her subject access export. */
export async function employmentExport(deps: EmploymentDeps, tx: DbOrTx, participantId: string) {
  const [row] = await tx.select().from(workProfiles).where(eq(workProfiles.participantId, participantId));
  const pfs = await tx.select().from(putForwards).where(eq(putForwards.participantId, participantId));
  const out = [];
  for (const { sharedEnc, ...pf } of pfs) {
    const events = await tx.select().from(putForwardEvents).where(eq(putForwardEvents.putForwardId, pf.id));
    out.push({
      ...pf,
      sharedWithEmployer: sharedEnc ? JSON.parse(deps.cipher.decrypt(sharedEnc)) : null,
      events,
    });
  }
  return { workProfile: row ? decryptProfile(deps, row, true) : null, putForwards: out };
}

/**
 * Erasure: her work profile goes; each put-forward keeps only what the aggregate report counts
 * (stage, dates, reason code), and what the employer was shown is blanked.
 */
export async function employmentErase(deps: EmploymentDeps, tx: DbOrTx, participantId: string) {
  await tx.delete(workProfiles).where(eq(workProfiles.participantId, participantId));
  await tx
    .update(putForwards)
    .set({ sharedEnc: deps.cipher.encrypt('{}'), sharedFields: [], offerTerms: null, interviewOutcome: null })
    .where(eq(putForwards.participantId, participantId));
}
