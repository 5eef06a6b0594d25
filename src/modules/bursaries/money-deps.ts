import { and, eq } from 'drizzle-orm';
import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can, requireOwn } from '../../platform/auth/authorise.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import { bursaryApplications, bursaryDecisions, bursaryFunds } from './schema.ts';

/**
 * What the money side of bursaries (payments, the start window, the ledger, the 360Giving export
 * and the fund report) needs: a subset of the module's deps, plus the mailer for reminders and the
 * 360Giving publisher prefix. The module's factory hands in its own deps.
 */
export interface MoneyDeps {
  db: Db;
  audit: AuditService;
  /** For the 3/6/9-month reminders to her mentor or key worker (absent: only the home-page notice). */
  mailer?: Mailer;
  /** PUBLIC_BASE_URL, for the reminder's link. */
  publicBaseUrl?: string;
  /** The publisher's 360Giving prefix (GIVING360_PREFIX), without "360G-". */
  giving360Prefix?: string;
}

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
 * managers (payments, extensions) or, when `maker` is allowed, the one who made the application with
 * her (her mentor or key worker records that her course started or finished).
 */
export async function loadAward(
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
  const manager = can(actor, 'bursaries:manage');
  const maker = opts.maker === true && application.madeWithUserId === actor.userId;
  if (!manager && !maker) throw new NotFoundError(undefined, { reason: 'record' });
  return { award, application, fund };
}

/** Today's date in the UK as ISO (award and start-by dates are UK dates). */
export function ukDate(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}
