import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can, requireOwn } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { relationsTo } from './access.ts';
import type { BursariesDeps } from './deps.ts';
import { bursaryApplications, bursaryDecisions, bursaryFunds } from './schema.ts';

/**
 * What the money side of bursaries (payments, the start window, the ledger, the 360Giving export
 * and the fund report) is given: the module's deps, whose mailer, base URL and 360Giving prefix
 * serve the reminders and the export.
 */
export type MoneyDeps = BursariesDeps;

export async function audit(
  deps: MoneyDeps,
  tx: DbOrTx,
  actor: Actor | null,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  await deps.audit.record({ actor, action, recordType, recordId, details }, tx);
}

export type FundRow = typeof bursaryFunds.$inferSelect;

/**
 * A fund's money and figures are for its organisation's managers and for the managers of the
 * funding organisation when it is a member of the partnership (the funder sees its fund's totals,
 * never an application). Anyone else: not found.
 */
export async function loadFundMoney(db: DbOrTx, actor: Actor, fundId: string): Promise<FundRow> {
  authorise(actor, 'bursaries:manage');
  const [fund] = await db.select().from(bursaryFunds).where(eq(bursaryFunds.id, fundId));
  if (fund && fund.funderOrganisationId === actor.organisationId) return fund;
  requireOwn(actor, fund);
  return fund;
}

export type AwardRow = typeof bursaryDecisions.$inferSelect;
export type ApplicationRow = typeof bursaryApplications.$inferSelect;

/**
 * An award (a decision that is not a decline) with its application, for the fund organisation's
 * managers (payments, extensions) or, when `maker` is allowed, her mentor or key worker (who see
 * the award and record that her course started or finished).
 */
export async function loadAward(
  deps: MoneyDeps,
  db: DbOrTx,
  actor: Actor,
  decisionId: string,
  opts: { forUpdate?: boolean; maker?: boolean } = {},
): Promise<{ award: AwardRow; application: ApplicationRow; fund: FundRow }> {
  authorise(actor, 'bursaries:view');
  const q = db
    .select()
    .from(bursaryDecisions)
    .where(
      and(eq(bursaryDecisions.id, decisionId), eq(bursaryDecisions.organisationId, actor.organisationId)),
    );
  const [award] = opts.forUpdate ? await q.for('update') : await q;
  if (!award || award.kind === 'decline' || award.status === null) throw new NotFoundError();
  const [application] = await db
    .select()
    .from(bursaryApplications)
    .where(eq(bursaryApplications.id, award.applicationId));
  const [fund] = await db.select().from(bursaryFunds).where(eq(bursaryFunds.id, award.fundId));
  if (!application || !fund) throw new NotFoundError();
  if (can(actor, 'bursaries:manage')) return { award, application, fund };
  // Her mentor or key worker (access.ts's relations); anyone else: not found, as for her application.
  const r = opts.maker ? await relationsTo(deps, db, actor, application) : null;
  if (!r?.keyWorker && !r?.mentor) throw new NotFoundError(undefined, { reason: 'record' });
  return { award, application, fund };
}

/** Today's date in the UK as ISO (award and start-by dates are UK dates). */
export function ukDate(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}
