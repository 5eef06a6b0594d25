import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { toCsv } from '../directory/index.ts';
import { audit, type EmploymentDeps } from './deps.ts';
import { pledgedEmployers } from './employers.ts';

/** Counts from 1 to 4 are shown as "fewer than 5" (null here), so no woman can be singled out. */
export const SUPPRESS_BELOW = 5;
export const suppress = (n: number): number | null => (n > 0 && n < SUPPRESS_BELOW ? null : n);

export interface Row {
  group: string;
  key: string;
  count: number | null;
}

/**
 * The employment report, aggregate only, across the partnership: opportunities by kind and sector;
 * women put forward, interviewed, offered, accepted; declined offers by reason; median days from put
 * forward to offer; pledged employers and what they committed to. No row names a woman.
 */
export async function employmentReport(deps: EmploymentDeps, actor: Actor) {
  authorise(actor, 'reports:aggregate');
  const q = async (query: ReturnType<typeof sql>) =>
    (await deps.db.execute(query)).rows as { key: string; n: string | number }[];
  const byKind = await q(
    sql`select kind as key, count(*) as n from employment_opportunities group by kind order by kind`,
  );
  const bySector = await q(
    sql`select sector as key, count(*) as n from employment_opportunities group by sector order by count(*) desc, sector limit 20`,
  );
  // A stage counts every put-forward that reached it (its history), not only those standing there now.
  const funnel = await q(sql`
    select e.stage as key, count(distinct e.put_forward_id) as n
    from employment_put_forward_events e
    where e.stage in ('put_forward', 'interview', 'offer', 'accepted', 'declined')
    group by e.stage`);
  const declined = await q(sql`
    select coalesce(reason, 'other') as key, count(*) as n from employment_put_forwards
    where stage = 'declined' group by 1 order by 1`);
  const [median] = (
    await deps.db.execute(sql`
      select percentile_cont(0.5) within group (order by extract(epoch from (o.at - p.at)) / 86400) as days,
             count(*) as n
      from employment_put_forward_events p
      join employment_put_forward_events o on o.put_forward_id = p.put_forward_id and o.stage = 'offer'
      where p.stage = 'put_forward'`)
  ).rows as { days: number | null; n: string }[];
  const pledged = await pledgedEmployers(deps);
  const rows = (group: string, list: { key: string; n: string | number }[]): Row[] =>
    list.map((r) => ({ group, key: r.key, count: suppress(Number(r.n)) }));
  const stageOrder = ['put_forward', 'interview', 'offer', 'accepted', 'declined'];
  const report = {
    byKind: rows('kind', byKind),
    bySector: rows('sector', bySector),
    funnel: stageOrder.map((s) => ({
      group: 'stage',
      key: s,
      count: suppress(Number(funnel.find((f) => f.key === s)?.n ?? 0)),
    })),
    declined: rows('declined', declined),
    // The median hides nothing about one woman only when enough offers stand behind it.
    daysToOffer:
      Number(median?.n ?? 0) >= SUPPRESS_BELOW && median?.days !== null && median?.days !== undefined
        ? Math.round(Number(median.days) * 10) / 10
        : null,
    pledged: pledged.map((p) => ({ name: p.name, level: p.level, commitments: p.commitments })),
  };
  await audit(deps, deps.db, actor, 'report.employment-viewed', 'organisation', actor.organisationId);
  return report;
}

export type EmploymentReport = Awaited<ReturnType<typeof employmentReport>>;

const flat = (r: EmploymentReport) => [...r.byKind, ...r.bySector, ...r.funnel, ...r.declined];

/** Suppressed counts are written as "<5" in the files too. */
export function reportCsv(r: EmploymentReport): string {
  return toCsv(
    ['group', 'key', 'count'],
    flat(r).map((x) => ({
      group: x.group,
      key: x.key,
      count: x.count === null ? `<${SUPPRESS_BELOW}` : x.count,
    })),
  );
}

export async function reportXlsx(r: EmploymentReport, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wayfinder';
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow(['group', 'key', 'count']);
  for (const x of flat(r)) ws.addRow([x.group, x.key, x.count === null ? `<${SUPPRESS_BELOW}` : x.count]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
