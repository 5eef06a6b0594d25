import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { organisations } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type AwardRecord, type GrantCategory, type PackageMeta, toPackage } from './giving360.ts';
import { type AwardState, type Ledger, ledgerFromSums } from './ledger.ts';
import { audit, loadFundMoney, type MoneyDeps } from './money-deps.ts';

/**
 * The fund's money read from the database and handed to the pure parts: the ledger (ledger.ts) and
 * the 360Giving grants (giving360.ts). Sums are made in SQL, one row per award status, each award's
 * paid and scheduled money capped at what it was awarded first, so the fund page costs four rows
 * however many payments there are (bench/bursaries.bench.ts).
 */
export async function ledgerOf(
  db: DbOrTx,
  fund: { id: string; organisationId: string; budgetPence: number },
): Promise<Ledger> {
  const fundId = fund.id;
  const org = fund.organisationId;
  const rows = (
    await db.execute(sql`
      with pay as (
        select decision_id,
               coalesce(sum(amount_pence) filter (where status = 'paid'), 0) as paid,
               coalesce(sum(amount_pence) filter (where status = 'scheduled'), 0) as scheduled
        from bursary_payments where organisation_id = ${org} and fund_id = ${fundId} group by decision_id),
      per_award as (
        select d.status, d.awarded_pence as awarded,
               least(coalesce(pay.paid, 0), d.awarded_pence) as paid,
               coalesce(pay.scheduled, 0) as scheduled
        from bursary_decisions d left join pay on pay.decision_id = d.id
        where d.organisation_id = ${org} and d.fund_id = ${fundId} and d.status is not null)
      select status, sum(awarded)::bigint as awarded, sum(paid)::bigint as paid,
             sum(least(scheduled, awarded - paid))::bigint as scheduled
      from per_award group by status`)
  ).rows as { status: AwardState; awarded: string; paid: string; scheduled: string }[];
  return ledgerFromSums(
    fund.budgetPence,
    rows.map((r) => ({
      status: r.status,
      awardedPence: Number(r.awarded),
      paidPence: Number(r.paid),
      scheduledPence: Number(r.scheduled),
    })),
  );
}

export const AWARDS_PER_PAGE = 100;

/**
 * The fund's money page for its managers or its funder's (audited as a view of the fund): the
 * ledger, and its awards a page at a time, each with what it was awarded and paid. An award is
 * shown by its application's reference, never by her name.
 */
export async function fundMoney(deps: MoneyDeps, actor: Actor, fundId: string, page = 1) {
  const fund = await loadFundMoney(deps.db, actor, fundId);
  const ledger = await ledgerOf(deps.db, fund);
  const awards = (
    await deps.db.execute(sql`
      with page as (
        select d.id, d.application_id, d.kind, d.status, d.awarded_pence, d.awarded_on, d.extended_to, d.start_by
        from bursary_decisions d
        where d.organisation_id = ${fund.organisationId} and d.fund_id = ${fund.id} and d.status is not null
        order by d.awarded_on desc, d.id
        limit ${AWARDS_PER_PAGE} offset ${(page - 1) * AWARDS_PER_PAGE})
      -- Paid sums for this page's awards only, not the fund's every payment.
      select p.id, p.application_id as "applicationId", p.kind, p.status, p.awarded_pence as "awardedPence",
             p.awarded_on::text as "awardedOn", coalesce(p.extended_to, p.start_by)::text as "deadline",
             coalesce((select sum(x.amount_pence) from bursary_payments x
                        where x.decision_id = p.id and x.status = 'paid'), 0)::int as "paidPence"
      from page p order by p.awarded_on desc, p.id`)
  ).rows as {
    id: string;
    applicationId: string;
    kind: string;
    status: string;
    awardedPence: number;
    awardedOn: string;
    deadline: string;
    paidPence: number;
  }[];
  // The 360Giving export is offered only once there is a grant to put in it (see fundGiving360).
  const hasAwards =
    awards.length > 0 ||
    (
      await deps.db.execute(sql`
        select 1 from bursary_decisions
        where organisation_id = ${fund.organisationId} and fund_id = ${fund.id} and status is not null limit 1`)
    ).rows.length > 0;
  await audit(deps, deps.db, actor, 'bursary.fund-money-viewed', 'bursary_fund', fund.id);
  return { fund, ledger, awards, page, hasAwards, own: fund.organisationId === actor.organisationId };
}

/** Awards of the fund as the export's input: amounts, dates and categories, nothing about her. */
async function awardRecords(
  db: DbOrTx,
  fund: { id: string; name: string; funderOrganisationId: string | null; funderName: string | null },
): Promise<AwardRecord[]> {
  let funderName = fund.funderName ?? '';
  if (fund.funderOrganisationId) {
    const found = await db.execute(
      sql`select name from ${organisations} where id = ${fund.funderOrganisationId}`,
    );
    funderName = String((found.rows[0] as { name?: string } | undefined)?.name ?? funderName);
  }
  const rows = (
    await db.execute(sql`
      select d.id, d.awarded_pence, d.awarded_on::text as awarded_on, d.started_on::text as started_on,
             d.completed_on::text as completed_on, d.updated_at,
             a.planned_start_on::text as planned_start_on,
             (select coalesce(sum(l.amount_pence), 0) from bursary_cost_lines l where l.application_id = a.id) as applied,
             (select coalesce(sum(p.amount_pence), 0) from bursary_payments p
                where p.decision_id = d.id and p.status = 'paid') as disbursed,
             (select coalesce(array_agg(distinct l.category), '{}') from bursary_cost_lines l
                where l.application_id = a.id and l.awarded_pence > 0) as categories
      from bursary_decisions d join bursary_applications a on a.id = d.application_id
      where d.fund_id = ${fund.id} and d.status is not null
      order by d.awarded_on, d.id`)
  ).rows as {
    id: string;
    awarded_pence: number;
    awarded_on: string;
    started_on: string | null;
    completed_on: string | null;
    updated_at: Date | string;
    planned_start_on: string | null;
    applied: string;
    disbursed: string;
    categories: GrantCategory[] | string;
  }[];
  return rows.map((r) => ({
    localId: r.id,
    fund: { id: fund.id, name: fund.name, funderId: null, funderName },
    appliedPence: Number(r.applied),
    awardedPence: Number(r.awarded_pence),
    disbursedPence: Math.min(Number(r.disbursed), Number(r.awarded_pence)),
    awardedOn: r.awarded_on,
    plannedStart: r.planned_start_on,
    plannedEnd: null,
    actualStart: r.started_on,
    actualEnd: r.completed_on,
    categories: Array.isArray(r.categories) ? r.categories : parsePgArray(r.categories),
    modifiedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** node-postgres returns text[] from array_agg as "{a,b}" when it cannot tell the element type. */
const parsePgArray = (s: string): GrantCategory[] =>
  s
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean) as GrantCategory[];

/** The grant texts for a fund (neutral, in English: 360Giving data is read by funders). */
export type GrantTexts = (fundName: string) => Omit<PackageMeta, 'prefix' | 'issuedAt'>;

export async function fundGiving360(
  deps: MoneyDeps,
  actor: Actor,
  fundId: string,
  texts: GrantTexts,
  now = new Date(),
) {
  const fund = await loadFundMoney(deps.db, actor, fundId);
  const meta = texts(fund.name);
  const records = await awardRecords(deps.db, fund);
  // The 360Giving package schema requires at least one grant (`grants` has minItems 1), so a fund
  // with no awards has no file to publish: null, and the route says so (nothing exported, no audit).
  if (!records.length) return null;
  await audit(deps, deps.db, actor, 'bursary.giving360-exported', 'bursary_fund', fund.id, {
    grants: records.length,
  });
  return toPackage(records, {
    ...meta,
    prefix: deps.giving360Prefix ?? 'WAYFINDER',
    issuedAt: now.toISOString(),
  });
}
