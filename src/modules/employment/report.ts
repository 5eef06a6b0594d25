import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { toCsv } from '../directory/index.ts';
import { audit, type EmploymentDeps } from './deps.ts';
import { partnerOrganisations, pledgedEmployers } from './employers.ts';
import { visibleTo } from './opportunities.ts';

/** Counts from 1 to 4 are shown as "fewer than 5" (null here), so no woman can be singled out. */
export const SUPPRESS_BELOW = 5;
export const suppress = (n: number): number | null => (n > 0 && n < SUPPRESS_BELOW ? null : n);

export interface Row {
  group: string;
  key: string;
  count: number | null;
}

const stageOrder = ['put_forward', 'interview', 'offer', 'accepted', 'declined'];

/**
 * Whose figures a report holds: a manager's, her own organisation's (its women put forward, the
 * opportunities it may see); a commissioner's or an admin's, the whole partnership's, split by
 * partner organisation too (grants: reports:aggregate).
 */
const partnershipRoles: readonly Actor['role'][] = ['commissioner', 'admin'];

/**
 * The employment report, aggregate only: opportunities by kind and sector; women put forward,
 * interviewed, offered, accepted; declined offers by reason; median days from put forward to offer;
 * pledged employers and what they committed to. No row names a woman, and every count from 1 to 4
 * is suppressed, in the split by organisation too.
 */
export async function employmentReport(deps: EmploymentDeps, actor: Actor) {
  authorise(actor, 'reports:aggregate');
  const partnership = partnershipRoles.includes(actor.role);
  const q = async (query: ReturnType<typeof sql>) =>
    (await deps.db.execute(query)).rows as { key: string; n: string | number }[];
  // A manager's organisation: its women's put-forwards, and the opportunities it may see.
  const ours = partnership ? sql`true` : sql`pf.organisation_id = ${actor.organisationId}`;
  const seen = partnership ? sql`true` : visibleTo(actor);
  const byKind = await q(
    sql`select kind as key, count(*) as n from employment_opportunities where ${seen} group by kind order by kind`,
  );
  const bySector = await q(
    sql`select sector as key, count(*) as n from employment_opportunities where ${seen}
        group by sector order by count(*) desc, sector limit 20`,
  );
  // A stage counts every put-forward that reached it (its history), not only those standing there now.
  const funnelRows = await deps.db.execute<{ org: string; key: string; n: string }>(sql`
    select pf.organisation_id as org, e.stage as key, count(distinct e.put_forward_id) as n
    from employment_put_forward_events e
    join employment_put_forwards pf on pf.id = e.put_forward_id
    where e.stage in ('put_forward', 'interview', 'offer', 'accepted', 'declined') and ${ours}
    group by 1, 2`);
  const declined = await q(sql`
    select coalesce(reason, 'other') as key, count(*) as n from employment_put_forwards pf
    where stage = 'declined' and ${ours} group by 1 order by 1`);
  const [median] = (
    await deps.db.execute(sql`
      select percentile_cont(0.5) within group (order by extract(epoch from (o.at - p.at)) / 86400) as days,
             count(*) as n
      from employment_put_forward_events p
      join employment_put_forward_events o on o.put_forward_id = p.put_forward_id and o.stage = 'offer'
      join employment_put_forwards pf on pf.id = p.put_forward_id
      where p.stage = 'put_forward' and ${ours}`)
  ).rows as { days: number | null; n: string }[];
  const pledged = await pledgedEmployers(deps);
  const rows = (group: string, list: { key: string; n: string | number }[]): Row[] =>
    list.map((r) => ({ group, key: r.key, count: suppress(Number(r.n)) }));
  const total = (stage: string, org?: string) =>
    funnelRows.rows
      .filter((r) => r.key === stage && (org === undefined || r.org === org))
      .reduce((sum, r) => sum + Number(r.n), 0);
  const byOrganisation = partnership
    ? (await partnerOrganisations(deps)).map((o) => ({
        name: o.name,
        stages: stageOrder.map((s) => ({ group: o.name, key: s, count: suppress(total(s, o.id)) })),
      }))
    : [];
  const [own] = partnership
    ? []
    : await deps.db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, actor.organisationId));
  const report = {
    scope: partnership ? ('partnership' as const) : ('organisation' as const),
    organisationName: own?.name ?? null,
    byKind: rows('kind', byKind),
    bySector: rows('sector', bySector),
    funnel: stageOrder.map((s) => ({ group: 'stage', key: s, count: suppress(total(s)) })),
    byOrganisation,
    declined: rows('declined', declined),
    // The median hides nothing about one woman only when enough offers stand behind it.
    daysToOffer:
      Number(median?.n ?? 0) >= SUPPRESS_BELOW && median?.days !== null && median?.days !== undefined
        ? Math.round(Number(median.days) * 10) / 10
        : null,
    pledged: pledged.map((p) => ({ name: p.name, level: p.level, commitments: p.commitments })),
  };
  await audit(deps, deps.db, actor, 'report.employment-viewed', 'organisation', actor.organisationId, {
    scope: report.scope,
  });
  return report;
}

export type EmploymentReport = Awaited<ReturnType<typeof employmentReport>>;

const flat = (r: EmploymentReport) => [
  ...r.byKind,
  ...r.bySector,
  ...r.funnel,
  ...r.byOrganisation.flatMap((o) => o.stages.map((x) => ({ ...x, group: `organisation:${o.name}` }))),
  ...r.declined,
];

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
