import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { protectCount, SUPPRESS_BELOW } from '../../platform/reporting/suppression.ts';
import { toCsv } from '../directory/index.ts';
import { ledgerOf } from './fund-money.ts';
import { audit, loadFundMoney, type MoneyDeps } from './money-deps.ts';
import { costCategories } from './schema.ts';

/** Counts from 1 to 4 are shown as "fewer than 5" (null here): the platform's one small-number rule. */
export { SUPPRESS_BELOW };
export const suppress = (n: number): number | null => protectCount(n).value;

export interface ReportRow {
  group: string;
  key: string;
  count: number | null;
  /** Money in pence (amounts by category), hidden with its count when fewer than 5 awards stand behind it. */
  pence?: number | null;
}

const median = (r: { days: number | null; n: string | number } | undefined) =>
  r && Number(r.n) >= SUPPRESS_BELOW && r.days !== null ? Math.round(Number(r.days) * 10) / 10 : null;

/**
 * A fund's report for its managers and its funder (issue 15, point 8), aggregate only: applications
 * by stage, interviews held, decisions by kind, money awarded by cost category, the median days from
 * application to decision and to first payment, the share of awards started within their window,
 * courses completed, and the ledger. No row names a woman; counts under 5 are suppressed.
 */
export async function fundReport(deps: MoneyDeps, actor: Actor, fundId: string, now = new Date()) {
  const fund = await loadFundMoney(deps.db, actor, fundId);
  const report = await reportOf(deps.db, fund, now);
  await audit(deps, deps.db, actor, 'bursary.fund-report-viewed', 'bursary_fund', fund.id);
  return { fund, ...report };
}

export async function reportOf(
  db: DbOrTx,
  fund: { id: string; organisationId: string; budgetPence: number },
  now = new Date(),
) {
  const fundId = fund.id;
  const org = fund.organisationId;
  const rows = async <T>(q: ReturnType<typeof sql>) => (await db.execute(q)).rows as T[];
  const today = now.toISOString().slice(0, 10);
  const q0 = rows<{ key: string; n: string }>(sql`
    select status as key, count(*) as n from bursary_applications
    where organisation_id = ${org} and fund_id = ${fundId} and status <> 'draft' group by status`);
  const q1 = rows<{ n: string }>(sql`
    select count(distinct i.application_id) as n from bursary_interviews i
    join bursary_applications a on a.id = i.application_id
    where a.organisation_id = ${org} and a.fund_id = ${fundId} and i.held_on is not null`);
  const q2 = rows<{ key: string; n: string }>(sql`
    select kind as key, count(*) as n from bursary_decisions where organisation_id = ${org} and fund_id = ${fundId} group by kind`);
  const q3 = rows<{ key: string; n: string; pence: string }>(sql`
    select category as key, count(*) as n, sum(pence) as pence from (
      -- One row per award and category first: hashed, where count(distinct) would sort every line.
      select l.category, d.id, sum(l.awarded_pence) as pence
      from bursary_decisions d join bursary_cost_lines l on l.application_id = d.application_id
      where d.organisation_id = ${org} and d.fund_id = ${fundId} and d.status is not null and l.awarded_pence > 0
      group by l.category, d.id) per_award
    group by category`);
  const q4 = rows<{ days: number | null; n: string }>(sql`
    select percentile_cont(0.5) within group (order by extract(epoch from (d.decided_at - a.submitted_at)) / 86400) as days,
           count(*) as n
    from bursary_decisions d join bursary_applications a on a.id = d.application_id
    where d.organisation_id = ${org} and d.fund_id = ${fundId} and a.submitted_at is not null`);
  const q5 = rows<{ days: number | null; n: string }>(sql`
    with first_paid as (
      select decision_id, min(paid_on) as paid_on from bursary_payments
      where organisation_id = ${org} and fund_id = ${fundId} and status in ('paid', 'returned') and paid_on is not null group by decision_id)
    select percentile_cont(0.5) within group (order by (f.paid_on - (a.submitted_at at time zone 'Europe/London')::date)) as days,
           count(*) as n
    from first_paid f join bursary_decisions d on d.id = f.decision_id
    join bursary_applications a on a.id = d.application_id where a.submitted_at is not null`);
  // Awards whose outcome is known: started (in or out of the window), or past their deadline.
  const q6 = rows<{ settled: string; within: string; completed: string }>(sql`
    select count(*) filter (where started_on is not null or coalesce(extended_to, start_by) < ${today}::date) as settled,
           count(*) filter (where started_on is not null and started_on <= coalesce(extended_to, start_by)) as within,
           count(*) filter (where completed_on is not null) as completed
    from bursary_decisions where organisation_id = ${org} and fund_id = ${fundId} and status is not null`);
  // The figures are independent: asked at once, on as many pooled connections as there are.
  const [apps, [interviews], decisions, byCategory, [toDecision], [toPayment], [window], ledger] =
    await Promise.all([q0, q1, q2, q3, q4, q5, q6, ledgerOf(db, fund)]);
  const keyed = (group: string, keys: readonly string[], list: { key: string; n: string }[]): ReportRow[] =>
    keys.map((key) => ({ group, key, count: suppress(Number(list.find((r) => r.key === key)?.n ?? 0)) }));
  const settled = Number(window?.settled ?? 0);
  return {
    applications: keyed('applications', ['submitted', 'interviewing', 'decided', 'withdrawn'], apps),
    interviews: suppress(Number(interviews?.n ?? 0)),
    decisions: keyed('decisions', ['full', 'part', 'conditions', 'decline'], decisions),
    byCategory: costCategories.map((key): ReportRow => {
      const r = byCategory.find((x) => x.key === key);
      const count = suppress(Number(r?.n ?? 0));
      return { group: 'category', key, count, pence: count === null ? null : Number(r?.pence ?? 0) };
    }),
    daysToDecision: median(toDecision),
    daysToFirstPayment: median(toPayment),
    /** Percent of settled awards that started within their window; only from 5 settled awards. */
    startedWithinWindowPercent:
      settled >= SUPPRESS_BELOW ? Math.round((Number(window?.within ?? 0) / settled) * 100) : null,
    completed: suppress(Number(window?.completed ?? 0)),
    ledger,
  };
}

export type FundReport = Awaited<ReturnType<typeof fundReport>>;

const cell = (n: number | null | undefined) => (n === null || n === undefined ? `<${SUPPRESS_BELOW}` : n);

/** One flat table for the files: group, key, count, amount in pounds. */
function flat(r: FundReport): (string | number)[][] {
  const pounds = (p: number | null | undefined) => (p === null || p === undefined ? '' : p / 100);
  return [
    ...r.applications.map((x) => [x.group, x.key, cell(x.count), '']),
    ['interviews', 'held', cell(r.interviews), ''],
    ...r.decisions.map((x) => [x.group, x.key, cell(x.count), '']),
    ...r.byCategory.map((x) => [
      x.group,
      x.key,
      cell(x.count),
      x.count === null ? `<${SUPPRESS_BELOW}` : pounds(x.pence),
    ]),
    ['days', 'application_to_decision_median', r.daysToDecision ?? `<${SUPPRESS_BELOW}`, ''],
    ['days', 'application_to_first_payment_median', r.daysToFirstPayment ?? `<${SUPPRESS_BELOW}`, ''],
    ['awards', 'started_within_window_percent', r.startedWithinWindowPercent ?? `<${SUPPRESS_BELOW}`, ''],
    ['awards', 'completed', cell(r.completed), ''],
    ['money', 'budget', '', pounds(r.ledger.budgetPence)],
    ['money', 'paid', '', pounds(r.ledger.paidPence)],
    ['money', 'committed', '', pounds(r.ledger.committedPence)],
    ['money', 'lapsed', '', pounds(r.ledger.lapsedPence)],
    ['money', 'unawarded', '', pounds(r.ledger.unawardedPence)],
    ['money', 'remaining', '', pounds(r.ledger.remainingPence)],
  ];
}

const HEAD = ['group', 'key', 'count', 'amount_gbp'];

export function fundReportCsv(r: FundReport): string {
  return toCsv(
    HEAD,
    flat(r).map(([group, key, count, amount]) => ({ group, key, count, amount_gbp: amount })),
  );
}

export async function fundReportXlsx(r: FundReport, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wayfinder';
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow(HEAD);
  for (const row of flat(r)) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
